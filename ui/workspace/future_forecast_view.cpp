#include "workspace/future_forecast_view.h"

#include "data/calendar_inputs.h"
#include "data/time_axis.h"
#include "tasks/forecast/forecast_project.h"
#include "widgets/live_plot.h"
#include "widgets/plot_style.h"
#include "widgets/retranslate.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <utility>

namespace studio {
namespace {

const QColor kHistoryColour(60, 60, 60);
const QColor kMeanColour(31, 119, 180);
const QString kBandLayer = QStringLiteral("bands");

QVector<double> toVector(const std::vector<double>& v) {
    QVector<double> out;
    out.reserve(static_cast<int>(v.size()));
    // An uncalibrated bound (±inf) is unknown: a gap, not a band to infinity.
    for (double x : v) out.push_back(std::isfinite(x) ? x : std::nan(""));
    return out;
}

QString number(double v) {
    if (!std::isfinite(v)) return QStringLiteral("—");
    const double a = std::abs(v);
    return QString::number(v, 'f', a >= 1e4 ? 0 : a >= 1e2 ? 2 : a >= 1 ? 3 : 4);
}

// Dates with as much of the date as the tick step needs (PlotStyle::setDateAxis).
void configureAxis(QCPAxis* axis, const FutureForecastData& d) {
    if (!d.dateAxis) {
        axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        axis->setLabel(d.axisName.isEmpty() ? FutureForecastView::tr("data row") : d.axisName);
        return;
    }
    PlotStyle::setDateAxis(axis, d.axisName.isEmpty() ? FutureForecastView::tr("date") : d.axisName);
}

}  // namespace

FutureForecastView::FutureForecastView(QWidget* parent) : QWidget(parent) {
    steps_ = new QSpinBox(this);
    steps_->setObjectName(QStringLiteral("forecastSteps"));
    steps_->setRange(1, 100000);
    steps_->setValue(defaultSteps_);
    auto* stepsLabel = new QLabel(this);
    stepsLabel->setBuddy(steps_);
    run_ = new QPushButton(this);
    run_->setObjectName(QStringLiteral("forecastRun"));
    export_ = new QPushButton(this);
    export_->setObjectName(QStringLiteral("forecastExport"));
    source_ = new QLabel(this);
    source_->setObjectName(QStringLiteral("forecastSource"));
    source_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* bar = new QHBoxLayout;
    bar->addWidget(stepsLabel);
    bar->addWidget(steps_);
    bar->addWidget(run_);
    bar->addWidget(export_);
    bar->addWidget(source_, 1);

    plot_ = new LivePlot(QString(), this);
    plot_->addLayer(kBandLayer, plot_->layer(QStringLiteral("main")), QCustomPlot::limBelow);
    history_ = plot_->addGraph();
    history_->setPen(PlotStyle::linePen(kHistoryColour, 1.2));
    mean_ = plot_->addGraph();
    mean_->setPen(PlotStyle::linePen(kMeanColour, 1.6));
    origin_ = new QCPItemStraightLine(plot_);
    origin_->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
    origin_->setVisible(false);

    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("forecastSummary"));
    summary_->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(plot_, 1);
    layout->addWidget(summary_);
    retranslate(this, [this, stepsLabel] {
        steps_->setToolTip(
            tr("Rows to forecast past the last row of the data. Past the model's horizon each step is "
               "forecast from the forecasts before it, and the intervals widen."));
        stepsLabel->setText(tr("Steps:"));
        run_->setText(tr("Forecast"));
        run_->setToolTip(tr("Forecast past the last row with the project's saved model"));
        export_->setText(tr("Export CSV…"));
        export_->setToolTip(tr("Save the forecast and its intervals as a CSV file"));
        plot_->setTitle(tr("Forecast past the last row"));
        history_->setName(tr("history"));
        mean_->setName(tr("forecast (mean)"));
        // The texts of the forecast on show.
        describeResult();
        summary_->setText(summaryText_());
    });
    // Below the title, which the texts above put in the chart's first row.
    PlotStyle::placeLegendBelow(plot_);

    connect(run_, &QPushButton::clicked, this, &FutureForecastView::forecastRequested);
    connect(export_, &QPushButton::clicked, this, &FutureForecastView::chooseExportFile);
    connect(&runner_, &JobRunner::finished, this, &FutureForecastView::onFinished);
    clear();
}

FutureForecastView::~FutureForecastView() { runner_.waitForFinished(); }

void FutureForecastView::setModel(const ProjectFile& project) {
    hasModel_ = true;
    const int horizon = std::max(1, project.series.horizon);
    // Past the horizon core feeds the model its own forecasts: only a model whose one input
    // read from the file is its target can go on (calendar inputs are known for any date).
    const std::vector<std::string>& all =
        project.featureNames.empty() ? project.series.features : project.featureNames;
    std::vector<std::string> inputs;
    for (const std::string& name : all)
        if (!isCalendarFeature(name)) inputs.push_back(name);
    const bool recursive = inputs.empty() || (inputs.size() == 1 && inputs.front() == project.series.target);
    const int wanted = recursive ? std::max(12, 2 * horizon) : horizon;
    steps_->setMaximum(recursive ? 100000 : horizon);
    if (steps_->value() == defaultSteps_ || steps_->value() > steps_->maximum()) steps_->setValue(wanted);
    defaultSteps_ = wanted;
    if (!result_)
        showSummary([recursive, horizon] {
            return recursive ? tr("Forecast the rows after the last one with the saved model: choose the steps and "
                                  "press Forecast.")
                             : tr("This model has inputs besides its target, so it forecasts at most its horizon "
                                  "(%n row(s)) ahead.",
                                  nullptr, horizon);
        });
    updateButtons();
}

void FutureForecastView::clear() {
    discard_ = runner_.isRunning();
    hasModel_ = false;
    result_.reset();
    source_->clear();
    showSummary([] { return tr("Train a model or open a project to forecast past the last row."); });
    draw();
    updateButtons();
}

void FutureForecastView::setAllowed(bool allowed) {
    allowed_ = allowed;
    updateButtons();
}

void FutureForecastView::updateButtons() {
    run_->setEnabled(hasModel_ && allowed_ && !runner_.isRunning());
    export_->setEnabled(result_.has_value() && !runner_.isRunning());
}

int FutureForecastView::steps() const { return steps_->value(); }

void FutureForecastView::setSteps(int steps) { steps_->setValue(steps); }

bool FutureForecastView::start(const QString& dir, const QString& dataPath) {
    if (runner_.isRunning() || dir.isEmpty()) return false;
    const int steps = steps_->value();
    // About four times the forecast's length of history: enough to see where it comes from.
    const int history = std::max(48, 4 * steps);
    const bool started =
        runner_.start([dir, dataPath, steps, history](const JobRunner::Progress&, const std::atomic<bool>*) {
            return FutureForecastData::compute(dir, dataPath, steps, history);
        });
    if (started) {
        discard_ = false;
        showSummary([steps] { return tr("Forecasting %n step(s)…", nullptr, steps); });
        updateButtons();
    }
    return started;
}

void FutureForecastView::onFinished(bool ok) {
    if (std::exchange(discard_, false)) {
        updateButtons();
        Q_EMIT forecastFinished(false, {}, {});
        return;
    }
    if (!ok) {
        const QString error = runner_.error();
        showSummary([error] { return tr("The forecast failed: %1").arg(error); });
        updateButtons();
        Q_EMIT forecastFinished(false, error, {});
        return;
    }
    result_ = *runner_.result<FutureForecastData>();
    source_->setToolTip(QDir::toNativeSeparators(result_->source));
    draw();
    showSummary([this] { return summary(); });
    const QString text = summary_->text();
    updateButtons();
    QStringList warnings;
    for (const std::string& w : result_->forecast.warnings) warnings << QString::fromStdString(w);
    Q_EMIT forecastFinished(true, text, warnings);
}

QString FutureForecastView::summary() const {
    const FutureForecast& f = result_->forecast;
    const bool byTime = f.frequency != "rows";
    const QString origin =
        byTime ? QString::fromStdString(formatTime(f.originTime, f.timeIsDate)) : tr("data row %1").arg(f.originRow);
    QString text =
        tr("Forecast of %n step(s) (%1) after %2, where %3 was %4.", nullptr, static_cast<int>(f.mean.size()))
            .arg(QString::fromStdString(f.frequency), origin, result_->target, number(f.lastValue));
    // Each sentence ends itself and the join is translated too: Chinese ends them with 。 and puts no space between.
    const auto append = [&text](const QString& sentence) {
        text = tr("%1 %2", "two sentences of one line").arg(text, sentence);
    };
    if (!f.mean.empty()) {
        const std::size_t last = f.mean.size() - 1;
        const QString when = QString::fromStdString(formatTime(f.time[last], f.timeIsDate));
        QString intervals;
        for (const IntervalBand& band : f.bands)
            intervals +=
                tr(", %1% interval %2 to %3")
                    .arg(QString::number(band.level, 'g', 4), number(band.lower[last]), number(band.upper[last]));
        append(tr("Step %1 (%2): %3%4.", "%4: the intervals, each “, n% interval a to b”, or nothing")
                   .arg(last + 1)
                   .arg(when, number(f.mean[last]), intervals));
    }
    if (f.calibrationWindows > 0)
        append(tr("The intervals come from %n validation forecast(s) of the last step.", nullptr,
                  static_cast<int>(f.calibrationWindows)));
    return text;
}

void FutureForecastView::draw() {
    for (const BandGraphs& band : bands_) {
        plot_->removeGraph(band.lower);
        plot_->removeGraph(band.upper);
    }
    bands_.clear();
    if (!result_) {
        history_->data()->clear();
        mean_->data()->clear();
        origin_->setVisible(false);
        plot_->setFollowing(true);
        return;
    }
    const FutureForecastData& d = *result_;
    plot_->yAxis->setLabel(d.target);
    history_->setData(toVector(d.historyX), toVector(d.historyY), true);
    // The forecast line starts at the last known value, so it joins the history.
    std::vector<double> x{d.originX}, mean{d.forecast.lastValue};
    x.insert(x.end(), d.x.begin(), d.x.end());
    mean.insert(mean.end(), d.forecast.mean.begin(), d.forecast.mean.end());
    mean_->setData(toVector(x), toVector(mean), true);

    // The widest level first: the narrower band is drawn over it and looks darker.
    std::vector<const IntervalBand*> bands;
    for (const IntervalBand& band : d.forecast.bands) bands.push_back(&band);
    std::sort(bands.begin(), bands.end(), [](const auto* a, const auto* b) { return a->level > b->level; });
    for (std::size_t k = 0; k < bands.size(); ++k) {
        const IntervalBand& band = *bands[k];
        QCPGraph* lower = plot_->addGraph();
        QCPGraph* upper = plot_->addGraph();
        for (QCPGraph* edge : {lower, upper}) {
            edge->setLayer(kBandLayer);
            edge->setPen(Qt::NoPen);
        }
        lower->removeFromLegend();
        QColor fill = kMeanColour;
        fill.setAlpha(k + 1 == bands.size() ? 80 : 40);
        upper->setBrush(fill);
        upper->setChannelFillGraph(lower);
        std::vector<double> lo{d.forecast.lastValue}, hi{d.forecast.lastValue};
        lo.insert(lo.end(), band.lower.begin(), band.lower.end());
        hi.insert(hi.end(), band.upper.begin(), band.upper.end());
        lower->setData(toVector(x), toVector(lo), true);
        upper->setData(toVector(x), toVector(hi), true);
        bands_.push_back({lower, upper, band.level});
    }
    describeResult();
    origin_->point1->setCoords(d.originX, 0.0);
    origin_->point2->setCoords(d.originX, 1.0);
    origin_->setVisible(true);
    plot_->setFollowing(true);
}

void FutureForecastView::describeResult() {
    if (!result_) return;
    const FutureForecastData& d = *result_;
    source_->setText(tr("from %1").arg(QDir::toNativeSeparators(d.source)));
    configureAxis(plot_->xAxis, d);
    history_->setName(tr("history (%1)").arg(d.target));
    for (const BandGraphs& band : bands_)
        band.upper->setName(tr("%1% interval").arg(QString::number(band.level, 'g', 4)));
}

void FutureForecastView::showSummary(std::function<QString()> text) {
    summaryText_ = std::move(text);
    summary_->setText(summaryText_());
}

bool FutureForecastView::exportCsv(const QString& path, QString* error) const {
    if (!result_) {
        if (error) *error = tr("There is no forecast to export: press Forecast first.");
        return false;
    }
    try {
        saveFutureForecast(path.toStdString(), result_->forecast);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    return true;
}

void FutureForecastView::chooseExportFile() {
    if (!result_) return;
    const QString suggested = QDir(QFileInfo(result_->source).absolutePath())
                                  .filePath(QFileInfo(result_->source).completeBaseName() + tr(" forecast.csv"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Forecast"), suggested, tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    QString error;
    if (exportCsv(path, &error))
        Q_EMIT exported(true, tr("Forecast saved to %1.").arg(QDir::toNativeSeparators(path)));
    else
        Q_EMIT exported(false, tr("Cannot save the forecast: %1").arg(error));
}

void FutureForecastView::replotNow() {
    plot_->refresh();
    plot_->replot(QCustomPlot::rpImmediateRefresh);
}

int FutureForecastView::meanPointCount() const { return result_ ? static_cast<int>(result_->forecast.mean.size()) : 0; }
// The drawn line starts at the last known value: forecast step i is its point i + 1.
double FutureForecastView::meanKey(int i) const { return mean_->data()->at(i + 1)->key; }
double FutureForecastView::meanValue(int i) const { return mean_->data()->at(i + 1)->value; }
int FutureForecastView::historyPointCount() const { return history_->dataCount(); }
QStringList FutureForecastView::bandNames() const {
    QStringList names;
    for (const BandGraphs& band : bands_) names << band.upper->name();
    return names;
}
bool FutureForecastView::dateAxis() const { return result_ && result_->dateAxis; }

}  // namespace studio
