#include "shell/importance_dialog.h"

#include "jobs/importance.h"
#include "shell/job_runner.h"
#include "widgets/plot_style.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <numeric>

namespace studio {

ImportanceDialog::ImportanceDialog(const QString& projectDir, QWidget* parent)
    : QDialog(parent), dir_(projectDir), runner_(new JobRunner(this)) {
    setWindowTitle(tr("Feature Importance"));
    setObjectName(QStringLiteral("importanceDialog"));
    auto* intro = new QLabel(
        tr("Each input column is shuffled across the test windows, the other columns kept; how much the test MAE "
           "rises, in the target's units, is the column's importance. A column the model ignores scores about "
           "zero; a negative score is noise."),
        this);
    intro->setWordWrap(true);
    repeats_ = new QSpinBox(this);
    repeats_->setObjectName(QStringLiteral("importanceRepeats"));
    repeats_->setRange(1, 100);
    repeats_->setValue(5);
    repeats_->setToolTip(tr("Permutations per column: the bars show their mean, the whiskers one standard deviation."));
    startButton_ = new QPushButton(tr("&Compute"), this);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setMinimumHeight(2 * status_->fontMetrics().lineSpacing() + 4);  // its two lines, never squeezed
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Permutations:"), this));
    row->addWidget(repeats_);
    row->addWidget(startButton_);
    row->addStretch(1);

    chart_ = new QCustomPlot(this);
    chart_->setObjectName(QStringLiteral("importanceChart"));
    chart_->setMinimumSize(420, 220);
    PlotStyle::apply(chart_);
    chart_->plotLayout()->insertRow(0);
    chart_->plotLayout()->addElement(
        0, 0, new QCPTextElement(chart_, tr("Permutation importance (test split)"), QFont(font().family(), -1, QFont::Bold)));
    chart_->xAxis->setLabel(tr("MAE increase when shuffled (target units)"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(row);
    layout->addWidget(status_);
    layout->addWidget(chart_, 1);
    layout->addWidget(buttons);
    resize(560, 420);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(startButton_, &QPushButton::clicked, this, &ImportanceDialog::start);
    connect(runner_, &JobRunner::finished, this, &ImportanceDialog::onFinished);
}

bool ImportanceDialog::isRunning() const { return runner_->isRunning(); }

void ImportanceDialog::setRepeats(int repeats) { repeats_->setValue(repeats); }

bool ImportanceDialog::start() {
    if (runner_->isRunning()) return false;
    const std::string dir = dir_.toStdString();
    const int repeats = repeats_->value();
    startButton_->setEnabled(false);
    repeats_->setEnabled(false);
    status_->setText(tr("Shuffling each column %n time(s)…", nullptr, repeats));
    return runner_->start([dir, repeats](const JobRunner::Progress&, const std::atomic<bool>*) {
        return projectImportance(dir, repeats, /*seed=*/1);
    });
}

void ImportanceDialog::onFinished(bool ok) {
    startButton_->setEnabled(true);
    repeats_->setEnabled(true);
    const auto* result = ok ? runner_->result<std::vector<FeatureImportance>>() : nullptr;
    if (!result) {
        status_->setText(tr("Importance failed: %1").arg(runner_->error()));
        Q_EMIT importanceFinished(false);
        return;
    }
    std::vector<FeatureImportance> sorted = *result;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const FeatureImportance& a, const FeatureImportance& b) { return a.deltaMae > b.deltaMae; });
    features_.clear();
    deltas_.clear();
    deviations_.clear();
    for (const FeatureImportance& f : sorted) {
        features_ << QString::fromStdString(f.feature);
        deltas_ << f.deltaMae;
        deviations_ << f.std;
    }
    status_->setText(tr("%1 matters most: shuffling it raises the test MAE by %2. Also in the project's "
                        "metrics.json (importance).")
                         .arg(features_.value(0))
                         .arg(deltas_.value(0), 0, 'g', 4));
    draw();
    Q_EMIT importanceFinished(true);
}

void ImportanceDialog::draw() {
    chart_->clearPlottables();
    const int n = features_.size();
    // The largest on top: row n - 1 - k for the k-th largest.
    QVector<double> keys(n);
    for (int k = 0; k < n; ++k) keys[k] = n - k;
    auto* bars = new QCPBars(chart_->yAxis, chart_->xAxis);
    bars->setData(keys, deltas_, true);
    bars->setWidth(0.6);
    bars->setPen(Qt::NoPen);
    bars->setBrush(QColor(31, 119, 180));
    auto* whiskers = new QCPErrorBars(chart_->yAxis, chart_->xAxis);
    whiskers->setDataPlottable(bars);
    whiskers->setData(deviations_);
    whiskers->setErrorType(QCPErrorBars::etValueError);
    whiskers->setPen(QPen(QColor(60, 60, 60), 1));
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int k = 0; k < n; ++k) ticker->addTick(keys[k], features_[k]);
    chart_->yAxis->setTicker(ticker);
    chart_->yAxis->setRange(0.4, n + 0.6);
    double low = 0, high = 0;
    for (int k = 0; k < n; ++k) {
        low = std::min(low, deltas_[k] - deviations_[k]);
        high = std::max(high, deltas_[k] + deviations_[k]);
    }
    const double pad = std::max(1e-12, 0.08 * (high - low));
    chart_->xAxis->setRange(low - (low < 0 ? pad : 0), high + pad);
    chart_->replot();
}

}  // namespace studio
