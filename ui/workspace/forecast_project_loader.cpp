#include "workspace/forecast_project_loader.h"

#include "data/csv_reader.h"
#include "base/error.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace studio {
namespace {

// The interval bounds lower_<level>_<step>, upper_<level>_<step> of a predictions.csv, for
// every level whose columns are all there ([n, horizon] each; an empty cell is NaN).
std::vector<IntervalBand> readBounds(const CsvTable& table, std::size_t horizon) {
    std::vector<IntervalBand> bands;
    static const QRegularExpression firstLower(QStringLiteral("^lower_(.+)_1$"));
    for (const CsvColumn& column : table.columns) {
        const QRegularExpressionMatch match = firstLower.match(QString::fromStdString(column.name));
        if (!match.hasMatch()) continue;
        const std::string level = match.captured(1).toStdString();
        bool ok = false;
        IntervalBand band;
        band.level = QString::fromStdString(level).toDouble(&ok);
        if (!ok) continue;
        std::vector<int> lower, upper;
        for (std::size_t h = 1; h <= horizon; ++h) {
            lower.push_back(table.find("lower_" + level + "_" + std::to_string(h)));
            upper.push_back(table.find("upper_" + level + "_" + std::to_string(h)));
        }
        if (std::count(lower.begin(), lower.end(), -1) + std::count(upper.begin(), upper.end(), -1) > 0) continue;
        for (std::size_t r = 0; r < table.rowCount(); ++r)
            for (std::size_t h = 0; h < horizon; ++h) {
                band.lower.push_back(table.columns[lower[h]].numbers[r]);
                band.upper.push_back(table.columns[upper[h]].numbers[r]);
            }
        band.n = table.rowCount();
        bands.push_back(std::move(band));
    }
    return bands;
}

// metrics.json into the evaluation: the model's and the baselines' metrics (in the order
// core computes them; the file keeps them by name) and how each interval level held.
void addMetrics(ForecastEvaluation& e, const ProjectMetrics& metrics) {
    e.model = metrics.model;
    e.baseline = metrics.naive;
    e.season = metrics.season;
    e.baselines.clear();
    const std::vector<std::string> order = {"naive", "seasonal_naive", "drift", "linear"};
    auto rank = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(order.begin(), order.end(), name) - order.begin());
    };
    for (const auto& [name, m] : metrics.baselines) e.baselines.push_back(BaselineResult{name, {}, m});
    std::stable_sort(e.baselines.begin(), e.baselines.end(),
                     [&](const BaselineResult& a, const BaselineResult& b) { return rank(a.name) < rank(b.name); });
    e.modelByStep.clear();
    for (const auto& [name, steps] : metrics.byStep) {
        if (name == "model") e.modelByStep = steps;
        for (BaselineResult& b : e.baselines)
            if (b.name == name) b.byStep = steps;
    }
    for (const IntervalBand& summary : metrics.intervals) {
        auto same = std::find_if(e.intervals.begin(), e.intervals.end(),
                                 [&](const IntervalBand& b) { return std::abs(b.level - summary.level) < 1e-9; });
        if (same == e.intervals.end()) {
            IntervalBand band;
            band.level = summary.level;
            same = e.intervals.insert(e.intervals.end(), std::move(band));
        }
        same->n = summary.n;
        same->coverage = summary.coverage;
        same->meanWidth = summary.meanWidth;
    }
    std::sort(e.intervals.begin(), e.intervals.end(),
              [](const IntervalBand& a, const IntervalBand& b) { return a.level < b.level; });
}

}  // namespace

ForecastEvaluation ForecastProjectLoader::readPredictions(const QString& path, std::size_t horizon) {
    const CsvTable table = readCsv(path.toStdString());
    ForecastEvaluation e;
    e.horizon = horizon;
    const int rowColumn = table.find("row");
    if (rowColumn < 0) throw DataError(path.toStdString() + ": no 'row' column");
    std::vector<int> predColumns, trueColumns;
    for (std::size_t h = 1; h <= horizon; ++h) {
        predColumns.push_back(table.find("pred_" + std::to_string(h)));
        trueColumns.push_back(table.find("true_" + std::to_string(h)));
        if (predColumns.back() < 0 || trueColumns.back() < 0)
            throw DataError(path.toStdString() + ": expected columns pred_" + std::to_string(h) + " and true_" +
                            std::to_string(h) + " for horizon " + std::to_string(horizon));
    }
    for (std::size_t r = 0; r < table.rowCount(); ++r) {
        const double row = table.columns[rowColumn].numbers[r];
        if (!(row >= 0))
            throw DataError(path.toStdString() + ": line " + std::to_string(table.lineOfRow[r]) +
                            ": 'row' is not a row number");
        e.rows.push_back(static_cast<std::size_t>(row));
        for (std::size_t h = 0; h < horizon; ++h) e.pred.push_back(table.columns[predColumns[h]].numbers[r]);
        for (std::size_t h = 0; h < horizon; ++h) e.truth.push_back(table.columns[trueColumns[h]].numbers[r]);
    }
    e.intervals = readBounds(table, horizon);
    return e;
}

LoadedForecastProject ForecastProjectLoader::load(const QString& dir) {
    LoadedForecastProject p;
    p.dir = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    const std::string d = p.dir.toStdString();
    try {
        p.project = loadProjectFile(d);
    } catch (const std::exception& e) {
        p.error = tr("%1 is not an LSTM Studio project: %2")
                      .arg(QDir::toNativeSeparators(p.dir), QString::fromUtf8(e.what()));
        return p;
    }
    try {
        p.history = loadHistory(d);
    } catch (const std::exception& e) {
        p.warnings << tr("No training history: %1").arg(QString::fromUtf8(e.what()));
    }
    try {
        p.table = std::make_shared<const CsvTable>(readCsv(p.project.dataPath));
    } catch (const std::exception& e) {
        p.warnings << tr("The project's data file cannot be read (%1); the truth comes from predictions.csv.")
                          .arg(QString::fromUtf8(e.what()));
    }
    ForecastEvaluation evaluation;
    bool haveMetrics = false;
    const QString predictions = QDir(p.dir).filePath(QStringLiteral("predictions.csv"));
    try {
        evaluation = readPredictions(predictions, static_cast<std::size_t>(p.project.series.horizon));
    } catch (const std::exception& e) {
        p.warnings << tr("No predictions: %1").arg(QString::fromUtf8(e.what()));
    }
    try {
        addMetrics(evaluation, loadMetrics(d));
        haveMetrics = true;
    } catch (const std::exception& e) {
        p.warnings << tr("No metrics: %1").arg(QString::fromUtf8(e.what()));
    }
    p.predictions = PredictionData::build(evaluation, haveMetrics, p.table.get(), p.project.series);
    return p;
}

}  // namespace studio
