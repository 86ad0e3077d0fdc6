#include "shell/onnx_export_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace studio {

OnnxExportDialog::OnnxExportDialog(const QString& suggestedPath, int minOpset, int maxOpset, int defaultOpset,
                                   bool int8Allowed, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("onnxExportDialog"));
    setWindowTitle(tr("Export ONNX"));
    path_ = new QLineEdit(QDir::toNativeSeparators(suggestedPath), this);
    path_->setObjectName(QStringLiteral("onnxPath"));
    path_->setMinimumWidth(360);
    auto* browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &OnnxExportDialog::browse);
    auto* file = new QHBoxLayout;
    file->addWidget(path_, 1);
    file->addWidget(browse);
    opset_ = new QSpinBox(this);
    opset_->setObjectName(QStringLiteral("onnxOpset"));
    opset_->setRange(minOpset, maxOpset);
    opset_->setValue(defaultOpset);
    opset_->setToolTip(tr("The ai.onnx operator set the file declares (%1 to %2; %3 by default, as torch.onnx.export "
                          "of PyTorch 1.13 writes). Older runtimes load only the opsets they know.")
                           .arg(minOpset)
                           .arg(maxOpset)
                           .arg(defaultOpset));
    int8_ = new QCheckBox(tr("&Int8 LSTM weights (DynamicQuantizeLSTM; runs in ONNX Runtime only)"), this);
    int8_->setObjectName(QStringLiteral("onnxInt8"));
    int8_->setEnabled(int8Allowed);
    int8_->setToolTip(int8Allowed
                          ? tr("About a quarter of the size: the LSTM weights as int8, one scale per gate unit, "
                               "activations quantized at run time; the scaler, head and biases stay float32.")
                          : tr("Text models export in float32 only."));
    connect(int8_, &QCheckBox::toggled, this, &OnnxExportDialog::onInt8Toggled);
    auto* form = new QFormLayout;
    form->addRow(tr("&File:"), file);
    form->addRow(tr("&Opset:"), opset_);
    form->addRow(QString(), int8_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Export"));
    connect(path_, &QLineEdit::textChanged, this,
            [ok](const QString& text) { ok->setEnabled(!text.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QString OnnxExportDialog::path() const { return QDir::fromNativeSeparators(path_->text().trimmed()); }

void OnnxExportDialog::setPath(const QString& path) { path_->setText(QDir::toNativeSeparators(path)); }

int OnnxExportDialog::opset() const { return opset_->value(); }

void OnnxExportDialog::setOpset(int opset) { opset_->setValue(opset); }

bool OnnxExportDialog::int8() const { return int8_->isEnabled() && int8_->isChecked(); }

void OnnxExportDialog::setInt8(bool on) { int8_->setChecked(on); }

void OnnxExportDialog::browse() {
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export ONNX"), path(), tr("ONNX models (*.onnx)"));
    if (!chosen.isEmpty()) setPath(chosen);
}

// The CLI's names for the two kinds (model.onnx, model.int8.onnx): a suggested name follows
// the box; a name the user typed stays.
void OnnxExportDialog::onInt8Toggled(bool on) {
    if (!int8_->isEnabled()) return;
    const QFileInfo info(path());
    const QString from = on ? QStringLiteral("model.onnx") : QStringLiteral("model.int8.onnx");
    const QString to = on ? QStringLiteral("model.int8.onnx") : QStringLiteral("model.onnx");
    if (info.fileName() == from) setPath(QDir(info.path()).filePath(to));
}

}  // namespace studio
