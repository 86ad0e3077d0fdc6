#include "workspace/future_forecast_data.h"

#include "data/csv_reader.h"
#include "data/series_rows.h"
#include "tasks/forecast/forecast_project.h"

#include <algorithm>
#include <cmath>

namespace studio {

FutureForecastData FutureForecastData::compute(const QString& dir, const QString& dataPath, int steps,
                                               int historyRows) {
    FutureForecastConfig config;
    config.dir = dir.toStdString();
    config.dataPath = dataPath.toStdString();
    config.steps = steps;
    FutureForecastData d;
    d.forecast = forecastFuture(config);
    const FutureForecast& f = d.forecast;
    const ProjectFile project = loadProjectFile(config.dir);
    d.target = QString::fromStdString(project.series.target);
    d.source = QString::fromStdString(config.dataPath.empty() ? project.dataPath : config.dataPath);

    // Core numbers the forecast by rows when the time column cannot be continued; the
    // history then goes by data rows too.
    const bool byTime = f.frequency != "rows";
    d.dateAxis = byTime && f.timeIsDate;
    d.axisName = byTime ? QString::fromStdString(f.timeName) : QString();
    const double scale = d.dateAxis ? 86400.0 : 1.0;
    for (double t : f.time) d.x.push_back(t * scale);

    // The rows the forecast started from, as core reads them (dropped and filled rows alike).
    SeriesReport report;
    const SeriesRows rows =
        readInferenceRows(readCsv(d.source.toStdString()), project.series, project.targetScaler.kind, report);
    const std::size_t n = rows.size();
    const std::size_t keep = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(1, historyRows)));
    for (std::size_t r = n - keep; r < n; ++r) {
        const double x = byTime ? rows.time[r] * scale : static_cast<double>(rows.dataRow[r]);
        if (!std::isfinite(x) || !std::isfinite(rows.target[r])) continue;
        d.historyX.push_back(x);
        d.historyY.push_back(rows.target[r]);
    }
    d.originX = byTime && std::isfinite(f.originTime) ? f.originTime * scale : static_cast<double>(f.originRow);
    return d;
}

}  // namespace studio
