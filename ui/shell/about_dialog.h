#pragma once

#include <QDialog>

#include <utility>
#include <vector>

class QLabel;
class QTableWidget;

namespace studio {

// Help ▸ About: LSTM Studio's version, its licence, where its documentation is, and the
// versions of the libraries it runs on — Qt and QCustomPlot from here, LibTorch, BLAS, the
// compiler, CUDA, oneDNN, ONNX, protobuf and SQLite from core's componentVersions().
// GUI thread only.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // Name and version of every component listed, in table order.
    static std::vector<std::pair<QString, QString>> components();
    // The licence's SPDX id (CMake's STUDIO_LICENSE), empty while none is chosen.
    static QString licence();
    // README.md as installed (share/doc/lstm-studio beside the program's folder) or, in a
    // build tree, in the sources; empty when neither is there.
    static QString readmePath();

    int rowCount() const;
    // The text above the table (version, licence, documentation), without markup.
    QString infoText() const;

private:
    QLabel* info_ = nullptr;
    QTableWidget* table_ = nullptr;
};

}  // namespace studio
