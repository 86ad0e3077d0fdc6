#include "data/series_dataset.h"

#include "data/calendar_inputs.h"
#include "data/technical_indicators.h"

#include "data/csv_reader.h"
#include "data/series_rows.h"
#include "base/error.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <string_view>

namespace studio {

const EnumNames<ScalerKind>& enumNames(ScalerKind) {
    static const EnumNames<ScalerKind> names{"scaler",
                                             {{ScalerKind::ZScore, "zscore"},
                                              {ScalerKind::MinMax, "minmax"},
                                              {ScalerKind::Relative, "relative"},
                                              {ScalerKind::None, "none"},
                                              {ScalerKind::Auto, "auto"}}};
    return names;
}

const EnumNames<MissingPolicy>& enumNames(MissingPolicy) {
    static const EnumNames<MissingPolicy> names{
        "missing-value policy", {{MissingPolicy::DropRow, "drop"}, {MissingPolicy::ForwardFill, "ffill"}}};
    return names;
}

const EnumNames<DuplicateTimes>& enumNames(DuplicateTimes) {
    static const EnumNames<DuplicateTimes> names{
        "duplicate-times policy",
        {{DuplicateTimes::Error, "error"}, {DuplicateTimes::KeepLast, "keep-last"}, {DuplicateTimes::KeepFirst, "keep-first"}}};
    return names;
}

std::vector<std::string> SeriesSpec::effectiveFeatures() const {
    std::vector<std::string> read;
    for (const std::string& name : features)
        if (!isCalendarFeature(name) && !isIndicatorFeature(name)) read.push_back(name);
    return read.empty() ? std::vector<std::string>{target} : read;
}

void SeriesSpec::validate() const {
    if (target.empty()) throw UsageError("no target column given");
    if (window < 1) throw UsageError("window must be at least 1, got " + std::to_string(window));
    if (horizon < 1) throw UsageError("horizon must be at least 1, got " + std::to_string(horizon));
    if (stride < 1) throw UsageError("stride must be at least 1, got " + std::to_string(stride));
    if (season < 0) throw UsageError("season must be 0 (from the time column) or a number of rows, got " +
                                     std::to_string(season));
    validateSplit(trainFraction, valFraction, testFraction);
    const std::vector<std::string> used = effectiveFeatures();
    for (std::size_t i = 0; i < used.size(); ++i)
        for (std::size_t k = 0; k < i; ++k)
            if (used[i] == used[k]) throw UsageError("the feature list names '" + used[i] + "' twice");
}

void validateSplit(double train, double val, double test) {
    std::ostringstream given;
    given << train << "," << val << "," << test;
    const double fractions[] = {train, val, test};
    const char* names[] = {"training", "validation", "test"};
    std::vector<std::string> empty;
    for (int i = 0; i < 3; ++i) {
        if (!std::isfinite(fractions[i]) || fractions[i] < 0.0 || fractions[i] > 1.0)
            throw UsageError("split " + given.str() + ": each fraction must lie between 0 and 1 (e.g. 0.7,0.15,0.15)");
        if (fractions[i] == 0.0) empty.push_back(names[i]);
    }
    if (!empty.empty()) {
        std::string which = empty[0];
        for (std::size_t i = 1; i < empty.size(); ++i) which += (i + 1 == empty.size() ? " and " : ", ") + empty[i];
        throw UsageError("split " + given.str() + " leaves the " + which + " split" + (empty.size() > 1 ? "s" : "") +
                         " empty: give each of training, validation and test a fraction above 0 (e.g. 0.7,0.15,0.15)");
    }
    if (std::abs(train + val + test - 1.0) > 1e-6)
        throw UsageError("split " + given.str() + " adds up to " + std::to_string(train + val + test) +
                         ", not 1 (e.g. 0.7,0.15,0.15)");
}

ScalerStats ScalerStats::fit(ScalerKind kind, const std::vector<std::vector<double>>& columns, std::size_t rows) {
    ScalerStats stats;
    stats.kind = kind;
    for (const auto& column : columns) {
        double offset = 0.0, scale = 1.0;
        if (kind == ScalerKind::ZScore) {
            double sum = 0.0;
            for (std::size_t r = 0; r < rows; ++r) sum += column[r];
            const double mean = sum / rows;
            double sq = 0.0;
            for (std::size_t r = 0; r < rows; ++r) sq += (column[r] - mean) * (column[r] - mean);
            const double sd = std::sqrt(sq / rows);
            offset = mean;
            scale = sd > 0.0 ? sd : 1.0;  // a constant column stays centred, not divided by 0
        } else if (kind == ScalerKind::MinMax) {
            const auto [lo, hi] = std::minmax_element(column.begin(), column.begin() + rows);
            offset = *lo;
            scale = *hi > *lo ? *hi - *lo : 1.0;
        }
        stats.offset.push_back(offset);
        stats.scale.push_back(scale);
    }
    return stats;
}

namespace {

// Least-squares R² of the target on time (row index) over rows [0, n).
double trendR2(const std::vector<double>& y, std::size_t n) {
    if (n < 3) return 0.0;
    double mx = (n - 1) / 2.0, my = 0.0;
    for (std::size_t r = 0; r < n; ++r) my += y[r];
    my /= n;
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
        const double dx = r - mx, dy = y[r] - my;
        sxy += dx * dy, sxx += dx * dx, syy += dy * dy;
    }
    return syy > 0.0 ? sxy * sxy / (sxx * syy) : 0.0;
}

std::string number(double value) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.precision(4);
    out << value;
    return out.str();
}

}  // namespace

ScalerChoice chooseScaler(const SeriesRows& rows, std::size_t trainRows) {
    auto nonPositive = [](const std::vector<double>& column) {
        return std::any_of(column.begin(), column.end(), [](double v) { return !(v > 0.0); });
    };
    for (std::size_t f = 0; f < rows.fileFeatures(); ++f)
        if (nonPositive(rows.features[f]))
            return {ScalerKind::ZScore, "'" + rows.featureNames[f] + "' has values of 0 or below"};
    if (rows.hasTarget() && nonPositive(rows.target))
        return {ScalerKind::ZScore, "the target has values of 0 or below"};
    const std::vector<double>& y = rows.target;
    trainRows = std::min(trainRows, y.size());
    if (trainRows < 10 || !rows.hasTarget()) return {ScalerKind::ZScore, "too few rows to tell"};
    const auto [lo, hi] = std::minmax_element(y.begin(), y.begin() + trainRows);
    const double margin = 0.1 * (*hi - *lo);
    if (trainRows < y.size()) {
        const auto [laterLo, laterHi] = std::minmax_element(y.begin() + trainRows, y.end());
        if (*laterHi > *hi + margin || *laterLo < *lo - margin)
            return {ScalerKind::Relative, "later rows leave the training range (" + number(*lo) + " to " + number(*hi) +
                                              ", later " + number(*laterLo) + " to " + number(*laterHi) + ")"};
    }
    const double r2 = trendR2(y, trainRows);
    if (r2 > 0.6) return {ScalerKind::Relative, "the training rows trend (R² " + number(r2) + " of a straight line)"};
    return {ScalerKind::ZScore, "the series stays within its training range without a trend"};
}

SeriesDataset buildSeriesDataset(const CsvTable& table, const SeriesSpec& spec, SeriesRows* rowsOut) {
    spec.validate();
    SeriesDataset ds;
    ds.spec = spec;
    SeriesRows rows = readSeriesRows(table, spec, ds.report);
    ds.featureNames = rows.featureNames;
    ds.spec.calendar.clear();
    for (CalendarPart part : rows.calendar) ds.spec.calendar.push_back(toString(part));
    ds.spec.indicators.clear();
    for (const Indicator& indicator : rows.indicators) ds.spec.indicators.push_back(indicator.text());
    const std::size_t n = rows.size();
    ds.trainRows = static_cast<std::size_t>(std::floor(n * spec.trainFraction));
    ds.valRows = static_cast<std::size_t>(std::floor(n * spec.valFraction));
    ds.testRows = n - ds.trainRows - ds.valRows;
    // A short series: the default window leaves a split fewer than 10 windows, so it
    // shrinks to half the smallest split's rows (say so), but not below 3 rows: shorter is
    // no sequence to learn from, and the file is refused below as too short.
    const std::size_t smallest = std::min({ds.trainRows, ds.valRows, ds.testRows});
    const std::size_t horizon = static_cast<std::size_t>(spec.horizon);
    if (spec.adaptWindow && smallest < static_cast<std::size_t>(spec.window) + horizon + 9 && smallest > horizon) {
        const int fitted = static_cast<int>(std::max<std::size_t>(1, (smallest - horizon) / 2));
        if (fitted < spec.window && fitted >= 3) {
            ds.report.notes.push_back("window " + std::to_string(fitted) + " instead of " +
                                      std::to_string(spec.window) + ": the smallest split has " +
                                      std::to_string(smallest) + " rows");
            ds.spec.window = fitted;
        }
    }
    const std::size_t need = static_cast<std::size_t>(ds.spec.window + spec.horizon);
    const struct {
        std::size_t rows;
        const char* name;
    } splits[] = {{ds.trainRows, "training"}, {ds.valRows, "validation"}, {ds.testRows, "test"}};
    for (const auto& split : splits)
        if (split.rows < need)
            throw DataError(table.path + ": the " + split.name + " split has " + std::to_string(split.rows) +
                            " rows but one window needs " + std::to_string(need) + " (window " +
                            std::to_string(ds.spec.window) + " + horizon " + std::to_string(spec.horizon) +
                            "); use a shorter window or more data (" + std::to_string(n) + " usable rows)");

    if (spec.scaler == ScalerKind::Auto) {
        const ScalerChoice choice = chooseScaler(rows, ds.trainRows);
        ds.spec.scaler = choice.kind;
        ds.scalerReason = choice.reason;
    }
    fitScalers(table, rows, ds.trainRows, ds.spec, ds.featureScaler, ds.targetScaler);

    double change = 0.0;
    for (std::size_t r = 1; r < ds.trainRows; ++r) change += std::abs(rows.target[r] - rows.target[r - 1]);
    ds.naiveScale = ds.trainRows > 1 ? change / (ds.trainRows - 1) : 0.0;

    const std::size_t valEnd = ds.trainRows + ds.valRows;
    appendWindows(rows, 0, ds.trainRows, ds.spec, ds.featureScaler, ds.targetScaler, ds.train, true);
    appendWindows(rows, ds.trainRows, valEnd, ds.spec, ds.featureScaler, ds.targetScaler, ds.val, true);
    appendWindows(rows, valEnd, n, ds.spec, ds.featureScaler, ds.targetScaler, ds.test, true);
    if (rowsOut) *rowsOut = std::move(rows);
    return ds;
}

SeriesWindows buildInferenceWindows(const CsvTable& table, const SeriesSpec& spec, const ScalerStats& featureScaler,
                                    const ScalerStats& targetScaler, SeriesReport* report) {
    SeriesReport local;
    SeriesReport& rep = report ? *report : local;
    // Windows in the wrong time order would be predicted as if they were right.
    const SeriesRows rows = readInferenceRows(table, spec, featureScaler.kind, rep);
    if (rows.size() < static_cast<std::size_t>(spec.window))
        throw DataError(table.path + ": " + std::to_string(rows.size()) + " usable rows, fewer than one window of " +
                        std::to_string(spec.window));
    SeriesSpec oneStep = spec;
    oneStep.stride = 1;
    SeriesWindows out;
    appendWindows(rows, 0, rows.size(), oneStep, featureScaler, targetScaler, out, false);
    return out;
}

}  // namespace studio
