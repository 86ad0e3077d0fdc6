// MainWindow's Model > Quantize… and Model > Benchmark…: each opens its dialog over the
// current project (forecast, text classifier or character language model). The dialogs are window-modal because their
// jobs read (and quantize writes) the project folder, which training or opening another project would change under
// them.

#include "shell/main_window.h"

#include "shell/benchmark_dialog.h"
#include "shell/quantize_dialog.h"

namespace studio {

QuantizeDialog* MainWindow::quantizeDialog() const { return quantizeDialog_; }

BenchmarkDialog* MainWindow::benchmarkDialog() const { return benchmarkDialog_; }

void MainWindow::showQuantizeDialog() {
    if (isBusy() || !session_.hasProject() || quantizeDialog_) return;
    auto* dialog = new QuantizeDialog(projectDir(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    quantizeDialog_ = dialog;
    dialog->open();
    dialog->start();
}

void MainWindow::showBenchmarkDialog() {
    if (isBusy() || !session_.hasProject() || benchmarkDialog_) return;
    auto* dialog = new BenchmarkDialog(projectDir(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    benchmarkDialog_ = dialog;
    dialog->open();
}

}  // namespace studio
