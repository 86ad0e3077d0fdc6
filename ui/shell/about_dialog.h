#pragma once

#include <QDialog>

#include <utility>
#include <vector>

class QTableWidget;

namespace studio {

// Help ▸ About: LSTM Studio's version and those of the libraries it runs on — Qt and
// QCustomPlot from here, LibTorch, BLAS, the compiler and CUDA from core's
// libraryVersions(). GUI thread only.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // Name and version of every component listed, in table order.
    static std::vector<std::pair<QString, QString>> components();
    int rowCount() const;

private:
    QTableWidget* table_ = nullptr;
};

}  // namespace studio
