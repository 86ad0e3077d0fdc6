#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace studio {

// File > Export ONNX…: the file to write and the options of `lstm-studio-cli export-onnx`,
// with its defaults: the ai.onnx opset (--opset) and int8 LSTM weights (--int8, forecast
// models only; such a file runs in ONNX Runtime only). Browse… opens a save dialog.
// GUI thread only.
class OnnxExportDialog : public QDialog {
    Q_OBJECT
public:
    // `opsets`: the range the exporter accepts; `defaultOpset`: the CLI's default.
    // `int8Allowed`: false for text models (the box is disabled and says why).
    OnnxExportDialog(const QString& suggestedPath, int minOpset, int maxOpset, int defaultOpset, bool int8Allowed,
                     QWidget* parent = nullptr);

    QString path() const;
    void setPath(const QString& path);
    int opset() const;
    void setOpset(int opset);
    bool int8() const;
    void setInt8(bool on);

private:
    void browse();
    void onInt8Toggled(bool on);

    QLineEdit* path_ = nullptr;
    QSpinBox* opset_ = nullptr;
    QCheckBox* int8_ = nullptr;
};

}  // namespace studio
