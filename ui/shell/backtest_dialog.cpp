#include "shell/backtest_dialog.h"

#include "base/file_io.h"
#include "jobs/runs.h"
#include "widgets/plot_style.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

namespace studio {
namespace {

// What the pool thread hands back: the backtest and why it was not kept in the run's folder.
struct Outcome {
    BacktestResult result;
    std::string notKept;
};

template <typename Widget>
Widget* named(Widget* widget, const char* name) {
    widget->setObjectName(QString::fromLatin1(name));
    return widget;
}

// The model stands out; each baseline keeps its colour whatever the metric.
QColor colourOf(const QString& key, int index) {
    if (key == QLatin1String("model")) return {31, 119, 180};
    if (key == QLatin1String("naive")) return {150, 150, 150};
    if (key == QLatin1String("seasonal_naive")) return {255, 127, 14};
    if (key == QLatin1String("drift")) return {44, 160, 44};
    if (key == QLatin1String("linear")) return {148, 103, 189};
    static const QColor others[] = {{140, 86, 75}, {227, 119, 194}, {188, 189, 34}, {23, 190, 207}};
    return others[index % static_cast<int>(std::size(others))];
}

// key "model" or a baseline's name; nullptr where the evaluation has no such forecasts.
const ForecastMetrics* metricsOf(const ForecastEvaluation& e, const QString& key) {
    if (e.model.n == 0) return nullptr;
    if (key == QLatin1String("model")) return &e.model;
    for (const BaselineResult& b : e.baselines)
        if (QString::fromStdString(b.name) == key) return &b.metrics;
    return nullptr;
}

QString periodOf(const std::string& first, const std::string& last) {
    return QString::fromStdString(first) + QStringLiteral(" – ") + QString::fromStdString(last);
}

}  // namespace

BacktestDialog::BacktestDialog(const QString& projectDir, QWidget* parent)
    : JobDialog(projectDir, tr("Backtest"), {tr("Fold"), tr("Period"), tr("Forecasts")}, parent) {
    form_ = new QWidget(this);  // disabled as a whole while a backtest runs
    folds_ = named(new QSpinBox(form_), "backtestFolds");
    folds_->setRange(1, kMaxFolds);
    folds_->setValue(5);
    folds_->setToolTip(
        tr("The validation and test rows are cut into this many consecutive blocks; each block is "
           "forecast from the rows before it only."));
    refit_ = named(new QComboBox(form_), "backtestRefit");
    refit_->addItem(tr("None – the trained model"), int(BacktestRefit::None));
    refit_->addItem(tr("Every – train a model per fold"), int(BacktestRefit::Every));
    refit_->setToolTip(
        tr("Every trains a new model for each fold with the project's settings on the rows before "
           "the fold: an honest test of the method, slower (seconds to minutes a fold)."));
    run_ = named(new QPushButton(tr("&Run"), form_), "backtestRun");
    run_->setDefault(true);
    auto* formRow = new QHBoxLayout(form_);
    formRow->setContentsMargins(0, 0, 0, 0);
    formRow->addWidget(new QLabel(tr("Folds:"), form_));
    formRow->addWidget(folds_);
    formRow->addSpacing(12);
    formRow->addWidget(new QLabel(tr("Refit:"), form_));
    formRow->addWidget(refit_);
    formRow->addSpacing(12);
    formRow->addWidget(run_);
    stop_ = named(new QPushButton(tr("&Stop"), this), "backtestStop");
    stop_->setToolTip(tr("Stops the backtest at the next fold or training batch; nothing is kept."));
    metricBox_ = named(new QComboBox(this), "backtestMetric");
    metricBox_->addItem(tr("MAE"), int(Metric::Mae));
    metricBox_->addItem(tr("RMSE"), int(Metric::Rmse));
    auto* top = new QHBoxLayout;
    top->addWidget(form_);
    top->addWidget(stop_);
    top->addStretch();
    top->addWidget(new QLabel(tr("Compare by:"), this));
    top->addWidget(metricBox_);
    connect(run_, &QPushButton::clicked, this, qOverload<>(&BacktestDialog::start));
    connect(stop_, &QPushButton::clicked, this, &BacktestDialog::stop);
    connect(metricBox_, &QComboBox::currentIndexChanged, this,
            [this] { setMetric(Metric(metricBox_->currentData().toInt())); });

    stage()->setObjectName(QStringLiteral("backtestStatus"));
    stage()->setTextInteractionFlags(Qt::TextSelectableByMouse);
    stage()->setText(tr("Choose the folds and the refit, then Run."));
    progress()->setObjectName(QStringLiteral("backtestProgress"));
    progress()->setValue(0);
    progress()->setFormat(QString());
    connect(&runner_, &JobRunner::progressed, this, [this](const QString&, double fraction) {
        const int fold = std::clamp(static_cast<int>(std::lround(fraction * runningFolds_)), 0, runningFolds_ - 1);
        progress()->setFormat(tr("Fold %1 of %2").arg(fold + 1).arg(runningFolds_));
    });
    summary_ = named(new QLabel(this), "backtestSummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->hide();

    chart_ = named(new QCustomPlot(this), "backtestChart");
    chart_->setMinimumHeight(180);
    PlotStyle::apply(chart_);
    PlotStyle::placeLegendBelow(chart_, 5);
    chart_->legend->setVisible(false);  // until there are bars
    chart_->xAxis->grid()->setVisible(false);
    chart_->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    group_ = new QCPBarsGroup(chart_);
    group_->setSpacingType(QCPBarsGroup::stAbsolute);
    group_->setSpacing(1);
    connect(chart_, &QCustomPlot::beforeReplot, this, [this] { fitFoldLabels(); });

    table()->setObjectName(QStringLiteral("backtestTable"));
    table()->setMinimumHeight(110);
    table()->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    split_ = new QSplitter(Qt::Vertical, this);
    split_->setChildrenCollapsible(false);
    split_->addWidget(chart_);
    split_->addWidget(table());
    // As the dialog grows or the summary and notes appear, the chart takes the change: the
    // table keeps the height its rows were given (fillTable).
    split_->setStretchFactor(0, 1);
    split_->setStretchFactor(1, 0);

    notes_ = named(new QLabel(this), "backtestNotes");
    notes_->setWordWrap(true);
    notes_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    notes_->hide();

    save_ = named(new QPushButton(tr("Save &JSON…"), this), "backtestSave");
    save_->setToolTip(tr("The backtest as the command line's backtest.json"));
    auto* close = new QPushButton(tr("Close"), this);
    connect(save_, &QPushButton::clicked, this, &BacktestDialog::chooseAndSave);
    connect(close, &QPushButton::clicked, this, &BacktestDialog::reject);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(save_);
    bottom->addStretch();
    bottom->addWidget(close);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(stage());
    layout->addWidget(progress());
    layout->addWidget(summary_);
    layout->addWidget(split_, 1);
    layout->addWidget(notes_);
    layout->addLayout(bottom);
    resize(960, 640);
    setRunning(false);
}

bool BacktestDialog::start() { return start(folds_->value(), BacktestRefit(refit_->currentData().toInt())); }

bool BacktestDialog::start(int folds, BacktestRefit refit) {
    if (runner_.isRunning()) return false;
    result_.reset();
    notKept_.clear();
    showResult();
    runningFolds_ = std::max(folds, 1);
    const bool started = startJob(
        [dir = dir_.toStdString(), folds, refit](const JobRunner::Progress& progress, const std::atomic<bool>* cancel) {
            BacktestConfig config;
            config.dir = dir;
            config.folds = folds;
            config.refit = refit;
            Outcome out;
            out.result = backtestForecast(
                config,
                [&](int fold, int total) {
                    // tr() is safe on any thread; the stage line shows it as it comes.
                    const QString stage = refit == BacktestRefit::Every
                                              ? tr("Fold %1 of %2: training a model on the rows before it…")
                                              : tr("Fold %1 of %2: forecasting its rows…");
                    progress(stage.arg(fold + 1).arg(total).toStdString(), double(fold) / double(total));
                    return !(cancel && cancel->load());
                },
                cancel);
            // As the CLI does: the current run keeps its last backtest (best effort).
            const std::string json = backtestJson(out.result);
            if (keepRunArtifact(
                    dir, "backtest.json", [&json](const std::string& path) { writeFileAtomically(path, json); },
                    &out.notKept))
                out.notKept.clear();
            return out;
        });
    if (!started) return false;
    say(tr("Loading the project…"));
    progress()->setFormat(tr("Fold %1 of %2").arg(1).arg(runningFolds_));
    setRunning(true);
    return true;
}

void BacktestDialog::stop() {
    if (!runner_.isRunning()) return;
    runner_.cancel();
    stop_->setEnabled(false);
    say(tr("Stopping…"));
}

QString BacktestDialog::message() const { return stage()->text(); }

QString BacktestDialog::notesText() const { return notes_->isHidden() ? QString() : notes_->text(); }

void BacktestDialog::say(const QString& text, bool error) {
    stage()->setText(text);
    stage()->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void BacktestDialog::setRunning(bool running) {
    form_->setEnabled(!running);
    stop_->setEnabled(running);
    save_->setEnabled(!running && result_.has_value());
}

void BacktestDialog::onFinished(bool ok) {
    const Outcome* out = ok ? runner_.result<Outcome>() : nullptr;
    if (!out) {
        progress()->setValue(0);
        progress()->setFormat(QString());
        if (runner_.isCancelling()) {
            say(tr("Stopped: no backtest was made."));
        } else {
            showFailure(tr("The backtest failed: %1"));
            stage()->setStyleSheet(QStringLiteral("color: #b00020;"));
        }
        setRunning(false);
        Q_EMIT finished(false);
        return;
    }
    result_ = out->result;
    notKept_ = QString::fromStdString(out->notKept);
    progress()->setValue(progress()->maximum());
    progress()->setFormat(tr("%n fold(s) done", nullptr, static_cast<int>(result_->folds.size())));
    say(tr("Done."));
    showResult();
    setRunning(false);
    Q_EMIT finished(true);
}

void BacktestDialog::setMetric(Metric metric) {
    metric_ = metric;
    const int index = metricBox_->findData(int(metric));
    if (index >= 0 && metricBox_->currentIndex() != index) {
        metricBox_->setCurrentIndex(index);  // which comes back here
        return;
    }
    showResult();
}

double BacktestDialog::valueOf(const ForecastMetrics& m) const { return metric_ == Metric::Rmse ? m.rmse : m.mae; }

QStringList BacktestDialog::forecasters() const {
    QStringList keys{QStringLiteral("model")};
    if (!result_) return keys;
    const ForecastEvaluation* names = &result_->overall;
    for (const BacktestFold& f : result_->folds)
        if (names->baselines.empty()) names = &f.evaluation;
    for (const BaselineResult& b : names->baselines) keys << QString::fromStdString(b.name);
    return keys;
}

QString BacktestDialog::displayName(const QString& key) const {
    if (key == QLatin1String("model")) return tr("Model");
    if (key == QLatin1String("naive")) return tr("Naive");
    if (key == QLatin1String("seasonal_naive")) return tr("Seasonal naive");
    if (key == QLatin1String("drift")) return tr("Drift");
    if (key == QLatin1String("linear")) return tr("Linear AR");
    return key;
}

void BacktestDialog::showResult() {
    if (!result_) {
        summary_->hide();
        notes_->clear();
        notes_->hide();
        table()->setRowCount(0);
        chart_->clearPlottables();
        chart_->legend->setVisible(false);
        wideLabels_.clear();
        stackedLabels_.clear();
        qSharedPointerCast<QCPAxisTickerText>(chart_->xAxis->ticker())->clear();
        chart_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const BacktestResult& r = *result_;
    fillTable();
    fillChart();
    const QString metric = metricBox_->currentText();
    QString text = tr("%n fold(s), %1 forecast(s) of %2 row(s) ahead; refit: %3; seasonal naive period: %4 row(s).",
                      nullptr, static_cast<int>(r.folds.size()))
                       .arg(r.overall.model.n)
                       .arg(r.horizon)
                       .arg(r.refit == BacktestRefit::Every ? tr("a model per fold") : tr("none"))
                       .arg(r.season);
    // One sentence a user can act on: does the model beat the best baseline overall?
    QString best;
    double bestValue = std::numeric_limits<double>::infinity();
    for (const BaselineResult& b : r.overall.baselines)
        if (valueOf(b.metrics) < bestValue) {
            bestValue = valueOf(b.metrics);
            best = displayName(QString::fromStdString(b.name));
        }
    const double model = valueOf(r.overall.model);
    if (!best.isEmpty() && std::isfinite(model) && bestValue > 0.0) {
        const double change = 100.0 * (model - bestValue) / bestValue;
        const QString verdict =
            (change < 0.0 ? tr("Overall the model’s %1 is %2, %3% lower than the best baseline’s (%4: %5).")
                          : tr("Overall the model’s %1 is %2, %3% higher than the best baseline’s (%4: %5)."))
                .arg(metric)
                .arg(model, 0, 'g', 5)
                .arg(std::abs(change), 0, 'f', 1)
                .arg(best)
                .arg(bestValue, 0, 'g', 5);
        // The join is translated too: Chinese puts no space between sentences.
        text = tr("%1 %2", "two sentences of one line").arg(text, verdict);
    }
    summary_->setText(text);
    summary_->show();
    QStringList notes;
    for (const std::string& note : r.notes) notes << tr("• %1").arg(QString::fromStdString(note));
    if (!notKept_.isEmpty()) notes << tr("• Not kept in the current run’s folder: %1").arg(notKept_);
    notes_->setText(notes.join(QLatin1Char('\n')));
    notes_->setVisible(!notes.isEmpty());
}

void BacktestDialog::fillTable() {
    const BacktestResult& r = *result_;
    const QStringList keys = forecasters();
    const bool epochs = r.refit == BacktestRefit::Every;
    const int first = epochs ? 4 : 3;
    const QString metric = metricBox_->currentText();
    QStringList headers{tr("Fold"), tr("Period"), tr("Forecasts")};
    if (epochs) headers << tr("Epochs");
    for (const QString& key : keys) headers << tr("%1 %2", "forecaster, metric").arg(displayName(key), metric);
    table()->clear();
    table()->setColumnCount(static_cast<int>(headers.size()));
    table()->setHorizontalHeaderLabels(headers);
    for (int c = 0; c < keys.size(); ++c) {
        QTableWidgetItem* header = table()->horizontalHeaderItem(first + c);
        header->setData(kValueRole, keys[c]);
        header->setToolTip(tr("%1 in target units; the lowest of each row is bold").arg(metric));
    }
    const int folds = static_cast<int>(r.folds.size());
    table()->setRowCount(folds + 1);

    // One number of decimals for the whole table: four significant digits for its largest value.
    double largest = 0.0;
    auto each = [&](const auto& visit) {
        for (int k = 0; k <= folds; ++k) {
            const ForecastEvaluation& e = k < folds ? r.folds[static_cast<std::size_t>(k)].evaluation : r.overall;
            for (int c = 0; c < keys.size(); ++c)
                if (const ForecastMetrics* m = metricsOf(e, keys[c])) visit(k, first + c, valueOf(*m));
        }
    };
    each([&](int, int, double v) {
        if (std::isfinite(v)) largest = std::max(largest, std::abs(v));
    });
    const int decimals = largest > 0.0 ? std::clamp(3 - static_cast<int>(std::floor(std::log10(largest))), 0, 6) : 3;

    for (int k = 0; k <= folds; ++k) {
        const bool overall = k == folds;
        const BacktestFold* f = overall ? nullptr : &r.folds[static_cast<std::size_t>(k)];
        const ForecastEvaluation& e = overall ? r.overall : f->evaluation;
        setCell(k, 0, overall ? tr("Overall") : QString::number(k + 1));
        setCell(k, 1,
                overall ? (folds > 0 ? periodOf(r.folds.front().firstTime, r.folds.back().lastTime) : QString())
                        : periodOf(f->firstTime, f->lastTime));
        table()->item(k, 1)->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        setCell(k, 2, QString::number(e.model.n));
        if (epochs) setCell(k, 3, overall ? QString() : QString::number(f->epochs));
        for (int c = 0; c < keys.size(); ++c) setCell(k, first + c, tr("n/a"));
    }
    std::vector<double> lowest(static_cast<std::size_t>(folds + 1), std::numeric_limits<double>::infinity());
    each([&](int row, int column, double v) {
        QTableWidgetItem* item = table()->item(row, column);
        item->setText(QString::number(v, 'f', decimals));
        item->setData(kValueRole, v);
        item->setToolTip(QString::number(v, 'g', 12));
        lowest[static_cast<std::size_t>(row)] = std::min(lowest[static_cast<std::size_t>(row)], v);
    });
    QFont bold = table()->font();
    bold.setBold(true);
    each([&](int row, int column, double v) {
        if (v == lowest[static_cast<std::size_t>(row)]) table()->item(row, column)->setFont(bold);
    });
    // Overall is shaded rather than bold, so that bold keeps meaning "lowest".
    table()->item(folds, 0)->setFont(bold);
    for (int c = 0; c < table()->columnCount(); ++c)
        table()->item(folds, c)->setBackground(palette().color(QPalette::AlternateBase));
    // The forecasters share the width left by the fold's own columns.
    QHeaderView* header = table()->horizontalHeader();
    for (int c = 0; c < table()->columnCount(); ++c)
        header->setSectionResizeMode(c, c < first ? QHeaderView::ResizeToContents : QHeaderView::Stretch);
    // The chart takes what the table's rows do not need (the splitter lets a user change it).
    const int rowsHeight = header->height() + 2 * table()->frameWidth() + table()->verticalHeader()->length() +
                           (table()->horizontalScrollBar()->isVisible() ? table()->horizontalScrollBar()->height() : 0);
    const int total = split_->height();
    const int wanted = std::clamp(rowsHeight + 2, table()->minimumHeight(), total / 2);
    if (total > 0) split_->setSizes({total - wanted, wanted});
}

void BacktestDialog::fillChart() {
    const BacktestResult& r = *result_;
    const QStringList keys = forecasters();
    chart_->clearPlottables();  // their bars leave group_ as they go
    const int folds = static_cast<int>(r.folds.size());
    wideLabels_.clear();
    stackedLabels_.clear();
    for (int k = 0; k < folds; ++k) {
        const BacktestFold& f = r.folds[static_cast<std::size_t>(k)];
        wideLabels_ << tr("Fold %1").arg(k + 1) + QLatin1Char('\n') + periodOf(f.firstTime, f.lastTime);
        stackedLabels_ << QString::number(k + 1) + QLatin1Char('\n') + QString::fromStdString(f.firstTime) +
                              QLatin1Char('\n') + QString::fromStdString(f.lastTime);
    }
    double top = 0.0;
    for (int c = 0; c < keys.size(); ++c) {
        auto* bars = new QCPBars(chart_->xAxis, chart_->yAxis);
        bars->setName(displayName(keys[c]));
        bars->setObjectName(keys[c]);
        const QColor colour = colourOf(keys[c], c);
        bars->setPen(QPen(colour.darker(130), 1));
        bars->setBrush(colour);
        bars->setWidth(0.8 / static_cast<double>(keys.size()));
        bars->setBarsGroup(group_);
        for (int k = 0; k < folds; ++k)
            if (const ForecastMetrics* m = metricsOf(r.folds[static_cast<std::size_t>(k)].evaluation, keys[c])) {
                const double v = valueOf(*m);
                if (!std::isfinite(v)) continue;
                bars->addData(k + 1, v);
                top = std::max(top, v);
            }
    }
    const QString metric = metricBox_->currentText();
    PlotStyle::setAxisLabels(chart_, tr("Fold: the period its forecasts cover"), tr("%1, target units").arg(metric));
    chart_->xAxis->setRange(0.5, folds + 0.5);
    chart_->yAxis->setRange(0.0, top > 0.0 ? top * 1.08 : 1.0);
    chart_->legend->setVisible(folds > 0);
    labelStep_ = -1;  // makes fitFoldLabels set the ticks
    fitFoldLabels();
    chart_->replot(QCustomPlot::rpQueuedReplot);
}

void BacktestDialog::fitFoldLabels() {
    const auto ticker = qSharedPointerCast<QCPAxisTickerText>(chart_->xAxis->ticker());
    if (!ticker || wideLabels_.isEmpty()) return;
    // QCustomPlot draws every label it is given, overlapping or not: choose labels that fit
    // the width of a fold on the axis (the viewport less the axis rect's last margins).
    const QFontMetrics metrics(chart_->xAxis->tickLabelFont());
    const auto widest = [&metrics](const QStringList& labels) {
        int w = 0;
        for (const QString& label : labels) w = std::max(w, metrics.boundingRect(QRect(), 0, label).width());
        return w + 8;
    };
    const QMargins margins = chart_->axisRect()->margins();
    const int axis = chart_->viewport().width() - std::max(margins.left() + margins.right(), 60);
    const int perFold = std::max(1, axis / static_cast<int>(wideLabels_.size()));
    const int step = widest(wideLabels_) <= perFold ? 0 : (widest(stackedLabels_) + perFold - 1) / perFold;
    if (step == labelStep_) return;
    labelStep_ = step;
    ticker->clear();
    for (int k = 0; k < wideLabels_.size(); ++k)
        ticker->addTick(k + 1, step == 0 ? wideLabels_[k] : k % step == 0 ? stackedLabels_[k] : QString());
}

void BacktestDialog::chooseAndSave() {
    if (!result_) return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save backtest JSON"), QDir(dir_).filePath(QStringLiteral("backtest.json")), tr("JSON (*.json)"));
    if (!path.isEmpty()) saveJson(path);
}

bool BacktestDialog::saveJson(const QString& path) {
    if (!result_) {
        say(tr("There is no backtest to save yet: Run one first."), /*error=*/true);
        return false;
    }
    try {
        writeFileAtomically(QFile::encodeName(path).toStdString(), backtestJson(*result_));
    } catch (const std::exception& e) {
        say(tr("Could not save %1: %2").arg(QDir::toNativeSeparators(path), JobRunner::userMessage(e)),
            /*error=*/true);
        return false;
    }
    say(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

}  // namespace studio
