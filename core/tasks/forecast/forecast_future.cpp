#include "tasks/forecast/forecast_future.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/sha256.h"
#include "data/csv_reader.h"
#include "data/series_rows.h"
#include "data/time_axis.h"
#include "nn/model.h"
#include "tasks/forecast/forecast_job.h"
#include "tasks/forecast/forecast_project.h"

#include <cmath>
#include <optional>
#include <filesystem>
#include <iomanip>
#include <limits>
#include <sstream>

namespace studio {
namespace {

std::string cell(double v) {
    if (!std::isfinite(v)) return "";
    std::ostringstream s;
    s.imbue(std::locale::classic());
    s << std::setprecision(9) << v;
    return s.str();
}

}  // namespace

FutureForecast forecastFuture(const FutureForecastConfig& config) {
    if (config.steps < 1) throw UsageError("--steps must be at least 1, got " + std::to_string(config.steps));
    for (double level : config.levels)
        if (!(level > 0.0 && level < 100.0))
            throw UsageError("interval levels are percentages between 0 and 100 (e.g. 80,95), got " + cell(level));
    const ProjectFile project = loadProjectFile(config.dir);
    const std::size_t steps = static_cast<std::size_t>(config.steps);
    FutureForecast f;

    // The rows the forecast starts from: the newer file's, or the project's own.
    const std::string source = config.dataPath.empty() ? project.dataPath : config.dataPath;
    const CsvTable table = readCsv(source);
    if (config.dataPath.empty() && !project.dataSha256.empty() && sha256File(source) != project.dataSha256)
        f.warnings.push_back(source + " changed since the project was trained (SHA-256 differs)");
    SeriesReport report;
    const SeriesRows rows = readInferenceRows(table, project.series, project.targetScaler.kind, report);
    for (const auto& note : report.notes) f.warnings.push_back(source + ": " + note);
    if (rows.size() < static_cast<std::size_t>(project.series.window))
        throw DataError(source + ": " + std::to_string(rows.size()) + " usable rows, fewer than one window of " +
                        std::to_string(project.series.window));
    const Model model = loadForecastModel(config.dir, project, "cpu");
    const std::size_t origin = rows.size() - 1;
    f.mean = recursiveForecast(model, rows, project.series, project.featureScaler, project.targetScaler, {origin},
                               steps);
    f.originRow = rows.dataRow[origin];
    f.lastValue = rows.target[origin];

    // The time axis continues the data's own.
    f.timeName = rows.timeName;
    f.timeIsDate = rows.timeIsDate;
    f.originTime = rows.time.empty() ? std::numeric_limits<double>::quiet_NaN() : rows.time[origin];
    if (!rows.time.empty() && std::isfinite(f.originTime)) {
        const TimeFrequency frequency = detectFrequency(rows.time, rows.timeIsDate);
        f.frequency = frequency.name();
        f.time = continueTimes(f.originTime, frequency, config.steps);
    } else {
        if (!rows.time.empty()) f.warnings.push_back("the last row has no time; the forecast is numbered by rows");
        f.frequency = "rows";
        for (std::size_t h = 1; h <= steps; ++h) f.time.push_back(static_cast<double>(f.originRow + h));
        f.timeIsDate = false;
    }

    // Intervals: calibrated on the project's validation rows for exactly these steps; a
    // project whose data file is gone keeps the widths it saved for its horizon.
    IntervalCalibration calibration;
    try {
        SeriesRows trainingRows;
        // The project's own file is read once: it is `table` unless a newer file was given.
        std::optional<CsvTable> projectTable;
        const CsvTable& training = config.dataPath.empty() ? table : projectTable.emplace(readCsv(project.dataPath));
        const SeriesDataset ds = buildSeriesDataset(training, project.series, &trainingRows);
        calibration = calibrateIntervals(model, trainingRows, project.series, project.featureScaler,
                                         project.targetScaler, ds.trainRows, ds.trainRows + ds.valRows, steps,
                                         config.levels);
    } catch (const DataError& e) {
        if (project.intervals.levels.empty() || steps > static_cast<std::size_t>(project.series.horizon))
            throw DataError(std::string("cannot calibrate the intervals on the project's validation rows: ") +
                            e.what());
        f.warnings.push_back(std::string("intervals from the widths saved with the project: ") + e.what());
        calibration = project.intervals;
    }
    if (!calibration.windows.empty()) f.calibrationWindows = calibration.windows.back();
    for (std::size_t k = 0; k < calibration.levels.size(); ++k) {
        IntervalBand band;
        band.level = calibration.levels[k];
        for (std::size_t h = 0; h < steps; ++h) {
            const double half = h < calibration.halfWidth[k].size() ? calibration.width(k, h, f.lastValue)
                                                                    : std::numeric_limits<double>::infinity();
            band.lower.push_back(f.mean[h] - half);
            band.upper.push_back(f.mean[h] + half);
            if (std::isinf(half) && h + 1 == steps)
                f.warnings.push_back("too few validation forecasts reach step " + std::to_string(h + 1) + " for a " +
                                     levelName(band.level) + "% interval (" +
                                     std::to_string(h < calibration.windows.size() ? calibration.windows[h] : 0) +
                                     "); its bounds are left empty");
        }
        f.bands.push_back(std::move(band));
    }
    return f;
}

void saveFutureForecast(const std::string& path, const FutureForecast& f) {
    std::string text = "time,step,mean";
    for (const IntervalBand& band : f.bands)
        text += ",lower_" + levelName(band.level) + ",upper_" + levelName(band.level);
    text += "\n";
    for (std::size_t h = 0; h < f.mean.size(); ++h) {
        text += formatTime(f.time[h], f.timeIsDate) + "," + std::to_string(h + 1) + "," + cell(f.mean[h]);
        for (const IntervalBand& band : f.bands) text += "," + cell(band.lower[h]) + "," + cell(band.upper[h]);
        text += "\n";
    }
    writeOutputFile(path, text);
}

}  // namespace studio
