// MainWindow's File > Export ONNX…: writes the current project's model (forecast,
// classifier or character language model) as an ONNX file on a pool thread, with the
// CLI's options (opset, int8), then shows what was written. File > Export Chart or
// Table…: the chart or table last clicked, else the loss per epoch.

#include "shell/main_window.h"

#include "shell/job_runner.h"
#include "shell/main_actions.h"
#include "shell/message_bar.h"
#include "shell/onnx_export_dialog.h"
#include "tasks/registry.h"
#include "widgets/export_menu.h"
#include "widgets/live_plot.h"
#include "widgets/training_charts.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>

#ifdef STUDIO_WITH_ONNX
#include "jobs/onnx_export.h"
#endif

namespace studio {

#ifdef STUDIO_WITH_ONNX
namespace {

QString summary(const OnnxExportResult& r) {
    QString text = MainWindow::tr("<p>Wrote <b>%1</b> (%2 KiB).</p>")
                       .arg(QString::fromStdString(r.path).toHtmlEscaped())
                       .arg(double(r.fileBytes) / 1024.0, 0, 'f', 1);
    text += MainWindow::tr("<p>ONNX IR %1, opset %2, %3 nodes:").arg(r.irVersion).arg(r.opset).arg(r.nodeCount);
    for (const auto& [op, count] : r.operators)
        text += QStringLiteral(" %1 ×%2").arg(QString::fromStdString(op)).arg(count);
    text += QStringLiteral("</p><table>");
    auto rows = [&](const std::vector<OnnxTensorInfo>& tensors, const QString& kind) {
        for (const auto& t : tensors)
            text += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td><td>%3 %4</td></tr>")
                        .arg(kind, QString::fromStdString(t.name), QString::fromStdString(t.type),
                             QString::fromStdString(t.shapeText()).toHtmlEscaped());
    };
    rows(r.inputs, MainWindow::tr("input"));
    rows(r.outputs, MainWindow::tr("output"));
    text += QStringLiteral("</table>");
    text += MainWindow::tr("<p>Checker: %1</p>").arg(QString::fromStdString(r.checker).toHtmlEscaped());
    return text;
}

}  // namespace
#endif

void MainWindow::exportOnnx() {
#ifdef STUDIO_WITH_ONNX
    if (isBusy() || !session_.hasProject()) return;
    bool text = false;
    try {
        text = isTextTask(taskOf(projectDir().toStdString()));
    } catch (const std::exception&) {
        // The export reports what is wrong with the project.
    }
    // Beside the model it comes from, unless that is a temporary project.
    const QString folder = session_.isTemporary() ? settings_.lastFolder() : projectDir();
    const OnnxExportOptions defaults;  // the CLI's
    OnnxExportDialog dialog(QDir(folder).filePath(QStringLiteral("model.onnx")), minOnnxOpset(), newestOnnxOpset(),
                            defaults.opset, /*int8Allowed=*/!text, this);
    if (dialog.exec() != QDialog::Accepted || dialog.path().isEmpty()) return;
    const QString path = QFileInfo(dialog.path()).absoluteFilePath();
    settings_.setLastFolder(QFileInfo(path).absolutePath());
    OnnxExportOptions options;
    options.opset = dialog.opset();
    options.int8 = dialog.int8();
    const std::string dir = projectDir().toStdString(), out = path.toStdString();
    auto* runner = new JobRunner(this);
    connect(runner, &JobRunner::finished, this, [this, runner](bool ok) {
        runner->deleteLater();
        actions_->exportOnnx->setEnabled(true);
        if (!ok) {
            messages_->showError(tr("ONNX export failed: %1").arg(runner->error()), MessageBar::Topic::OnnxExport);
            return;
        }
        messages_->clear(MessageBar::Topic::OnnxExport);
        QMessageBox::information(this, tr("ONNX export"), summary(*runner->result<OnnxExportResult>()));
    });
    actions_->exportOnnx->setEnabled(false);
    runner->start([dir, out, options](const JobRunner::Progress&, const std::atomic<bool>*) {
        return exportProjectOnnx(dir, out, options);
    });
#endif
}

void MainWindow::connectExports() {
    exporter_->setFolder(settings_.lastFolder());
    connect(actions_->exportView, &QAction::triggered, this, &MainWindow::exportView);
    connect(exporter_, &ExportMenu::exported, this, [this](const QString& path) {
        settings_.setLastFolder(QFileInfo(path).absolutePath());
        messages_->showInfo(tr("Wrote %1.").arg(QDir::toNativeSeparators(path)), MessageBar::Topic::ViewExport);
    });
    connect(exporter_, &ExportMenu::failed, this,
            [this](const QString& message) { messages_->showError(message, MessageBar::Topic::ViewExport); });
}

void MainWindow::exportView() { exporter_->exportWidget(exporter_->current(charts_->epochLossPlot())); }

}  // namespace studio
