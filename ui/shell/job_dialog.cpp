#include "shell/job_dialog.h"

#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QTableWidget>

#include <algorithm>

namespace studio {

JobDialog::JobDialog(const QString& projectDir, const QString& title, const QStringList& columns, QWidget* parent)
    : QDialog(parent), dir_(projectDir) {
    setWindowTitle(title);
    stage_ = new QLabel(tr("Ready"), this);
    stage_->setWordWrap(true);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    table_ = new QTableWidget(0, static_cast<int>(columns.size()), this);
    table_->setHorizontalHeaderLabels(columns);
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setTabKeyNavigation(false);
    connect(&runner_, &JobRunner::progressed, this, &JobDialog::setProgress);
    connect(&runner_, &JobRunner::finished, this, [this](bool ok) { onFinished(ok); });
}

// runner_ cancels the job and waits for it (jobs check the flag between steps).
JobDialog::~JobDialog() = default;

void JobDialog::reject() {
    runner_.cancel();
    QDialog::reject();
}

void JobDialog::showFailure(const QString& what) {
    error_ = runner_.error();
    stage_->setText(what.arg(error_));
    progress_->setValue(0);
}

void JobDialog::setProgress(const QString& stage, double fraction) {
    if (!runner_.isCancelling()) stage_->setText(stage);
    progress_->setValue(static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 1000.0));
}

void JobDialog::setCell(int row, int column, const QString& text) {
    auto* item = new QTableWidgetItem(text);
    if (column > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table_->setItem(row, column, item);
}

QChartView* JobDialog::addChartView(const QString& title, int minimumHeight) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto* view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(minimumHeight);
    return view;
}

void JobDialog::clearChart(QChart* chart) {
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

}  // namespace studio
