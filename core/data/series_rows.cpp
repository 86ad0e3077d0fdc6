#include "data/series_rows.h"

#include "data/csv_reader.h"
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
namespace {

constexpr std::size_t kMaxNotesPerCause = 5;

// A cell as quoted in a message: long cells (a 5-million-digit "number") are cut short.
std::string quoteCell(const std::string& cell) {
    constexpr std::size_t kMax = 40;
    return "'" + (cell.size() > kMax ? cell.substr(0, kMax) + "...' (" + std::to_string(cell.size()) + " characters)"
                                     : cell + "'");
}

// The first names of a file's columns; a file can have thousands.
std::string columnList(const CsvTable& table) {
    constexpr std::size_t kMaxNames = 20;
    std::string out;
    for (std::size_t c = 0; c < table.columns.size() && c < kMaxNames; ++c) {
        if (!out.empty()) out += ", ";
        out += quoteCell(table.columns[c].name);
    }
    if (table.columns.size() > kMaxNames) out += " and " + std::to_string(table.columns.size() - kMaxNames) + " more";
    return out;
}

// An infinity ("inf", "-Infinity") or a number beyond a double's range ("1e400") is a value
// the file means, not a missing one: it is reported, never dropped quietly.
bool isInfiniteNumber(const std::string& cell) {
    std::string_view s = cell;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (end != s.data() + s.size() || s.empty()) return false;
    if (ec == std::errc()) return std::isinf(value);
    if (ec != std::errc::result_out_of_range) return false;
    // Out of range: too large, unless it is a tiny number (a negative exponent, or no
    // non-zero digit before the point) that underflowed.
    const std::size_t exponent = s.find_first_of("eE");
    if (exponent != std::string_view::npos) return s[exponent + 1] != '-';
    const std::string_view whole = s.substr(0, s.find('.'));
    return whole.find_first_not_of("-0") != std::string_view::npos;
}

std::string lineOf(const CsvTable& table, std::size_t row) {
    return table.path + ":" + std::to_string(table.lineOfRow[row]);
}

// The model computes in 32-bit floats: a value beyond their range would become infinite.
void requireFinite(const CsvTable& table, const CsvColumn& column, std::size_t row) {
    const double value = column.numbers[row];
    if (std::isnan(value)) {
        if (row < column.text.size() && isInfiniteNumber(column.text[row]))
            throw DataError(lineOf(table, row) + ": column '" + column.name + "' holds " + quoteCell(column.text[row]) +
                            ", not a finite number; expected finite values (fix the cell, or empty it to treat it "
                            "as missing)");
        return;
    }
    if (std::abs(value) > std::numeric_limits<float>::max()) {
        std::ostringstream v;
        v.imbue(std::locale::classic());
        v << value;
        throw DataError(lineOf(table, row) + ": column '" + column.name + "' holds " + v.str() +
                        ", beyond the range of the model's 32-bit numbers (about 3.4e38); expected smaller values "
                        "(fix the cell, or rescale the column)");
    }
}

// Cells such as "31,5" or "-1.234,5" (a comma before the last digits, digits otherwise):
// numbers written with a decimal comma, in a file separated by ';' or tabs.
bool looksLikeDecimalComma(const CsvColumn& column) {
    std::size_t seen = 0, comma = 0;
    for (const auto& cell : column.text) {
        if (cell.empty()) continue;
        if (++seen > 100) break;
        const auto c = cell.rfind(',');
        if (c == std::string::npos || c == 0 || c + 1 == cell.size()) continue;
        bool digits = true;
        for (std::size_t i = 0; i < cell.size() && digits; ++i)
            digits = i == c || std::isdigit(static_cast<unsigned char>(cell[i])) || (i == 0 && cell[i] == '-') ||
                     (cell[i] == '.' && i < c);
        comma += digits;
    }
    return seen > 0 && comma * 2 > seen;
}

std::size_t resolveNumericColumn(const CsvTable& table, const std::string& name, const char* role) {
    const int index = table.find(name);
    // One column whose name holds the wanted one: the file's separator is not one of ours.
    if (index < 0 && table.columns.size() == 1 && table.columns[0].name.find(name) != std::string::npos)
        throw DataError(table.path + ": found a single column, " + quoteCell(table.columns[0].name) +
                        ", and no column named '" + name + "' for the " + role +
                        "; expected columns separated by ',', ';' or tabs (is the file separated by spaces or "
                        "another character? save it as CSV)");
    if (index < 0)
        throw UsageError(table.path + ": no column named '" + name + "' for the " + role +
                         " (columns: " + columnList(table) + ")");
    const CsvColumn& column = table.columns[index];
    if (column.kind != CsvColumn::Kind::Numeric) {
        std::string example;
        for (std::size_t r = 0; r < column.text.size(); ++r)
            if (!column.text[r].empty()) {
                example = " (line " + std::to_string(table.lineOfRow[r]) + ": " + quoteCell(column.text[r]) + ")";
                break;
            }
        throw DataError(table.path + ": column '" + column.name + "' (the " + role + ") holds " +
                        (column.kind == CsvColumn::Kind::Date ? "dates" : "text") + example +
                        ", expected numbers; " +
                        (looksLikeDecimalComma(column)
                             ? "the numbers seem to use a decimal comma: LSTM Studio reads '.' as the decimal mark, "
                               "so convert the file (e.g. save it from a spreadsheet with '.' decimals)"
                             : "pick a numeric column"));
    }
    if (column.emptyCells == table.rowCount())
        throw DataError(table.path + ": column '" + column.name + "' (the " + role +
                        ") is empty in every row; pick a column that holds numbers");
    return static_cast<std::size_t>(index);
}

// A target column the file does not have (prediction of a target that is no input): its
// values are unknown (NaN), and no row is dropped for them.
constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);

SeriesRows cleanRows(const CsvTable& table, const std::vector<std::size_t>& featureCols, std::size_t targetCol,
                    MissingPolicy policy, SeriesReport& report, const std::vector<bool>& skip = {}) {
    std::vector<std::size_t> used = featureCols;
    if (targetCol != kNoColumn) used.push_back(targetCol);
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());

    SeriesRows out;
    out.features.resize(featureCols.size());
    std::vector<double> last(table.columns.size(), std::numeric_limits<double>::quiet_NaN());
    std::size_t noted = 0;
    const std::size_t rows = table.rowCount();
    std::size_t repeated = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        if (!skip.empty() && skip[r]) {  // a repeated time, left out by --duplicate-times
            ++repeated;
            ++report.rowsDropped;
            continue;
        }
        bool drop = false;
        for (std::size_t c : used) {
            const CsvColumn& column = table.columns[c];
            requireFinite(table, column, r);
            double value = column.numbers[r];
            if (!std::isnan(value)) {
                last[c] = value;
                continue;
            }
            const bool empty = r >= column.text.size() || column.text[r].empty();
            const bool fill = policy == MissingPolicy::ForwardFill && !std::isnan(last[c]);
            if (fill)
                ++report.cellsFilled;
            else
                drop = true;
            if (noted < kMaxNotesPerCause) {
                std::ostringstream note;
                note << "line " << table.lineOfRow[r] << ": column '" << column.name << "' "
                     << (empty ? "is empty" : "holds " + quoteCell(column.text[r]) + ", not a number")
                     << (fill ? ", filled from the row above" : ", row dropped");
                report.notes.push_back(note.str());
                ++noted;
            }
        }
        if (drop) {
            ++report.rowsDropped;
            continue;
        }
        for (std::size_t f = 0; f < featureCols.size(); ++f) out.features[f].push_back(last[featureCols[f]]);
        out.target.push_back(targetCol == kNoColumn ? std::numeric_limits<double>::quiet_NaN() : last[targetCol]);
        out.dataRow.push_back(r);
    }
    if (report.rowsDropped - repeated + report.cellsFilled > noted && noted == kMaxNotesPerCause)
        report.notes.push_back("... and more rows like these");
    if (repeated > 0)
        report.notes.push_back(std::to_string(repeated) + " row(s) whose time repeats another row's left out (one row "
                                                          "per time kept)");
    report.rowsUsed = out.target.size();
    return out;
}

// Howard Hinnant's civil_from_days, for quoting dates in messages.
// Howard Hinnant's civil_from_days, for quoting dates in messages.
std::string formatTime(const CsvColumn& column, double value) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    if (column.kind != CsvColumn::Kind::Date) {
        out << value;
        return out.str();
    }
    const long long days = static_cast<long long>(std::floor(value));
    const long long z = days + 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const long long day = doy - (153 * mp + 2) / 5 + 1;
    const long long month = mp < 10 ? mp + 3 : mp - 9;
    const long long year = yoe + era * 400 + (month <= 2);
    char text[80];
    std::snprintf(text, sizeof text, "%04lld-%02d-%02d", year, static_cast<int>(month), static_cast<int>(day));
    out << text;
    const long long seconds = std::llround((value - static_cast<double>(days)) * 86400.0);
    if (seconds > 0) {
        std::snprintf(text, sizeof text, " %02d:%02d:%02d", static_cast<int>(seconds / 3600 % 24),
                      static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
        out << text;
    }
    return out.str();
}

// Windows of rows out of time order would teach the model a series that never happened.
// Returns the rows a duplicates policy leaves out (empty for Error, which throws instead).
std::vector<bool> checkTimeOrder(const CsvTable& table, const std::string& timeColumn, DuplicateTimes duplicates,
                                 int& index) {
    std::vector<bool> skip;
    index = -1;
    if (!timeColumn.empty()) {
        index = table.find(timeColumn);
        if (index < 0)
            throw UsageError(table.path + ": no column named '" + timeColumn +
                             "' for the time (columns: " + columnList(table) + ")");
    } else {
        for (std::size_t c = 0; c < table.columns.size(); ++c)
            if (table.columns[c].kind == CsvColumn::Kind::Date) {
                index = static_cast<int>(c);
                break;
            }
    }
    if (index < 0) return skip;
    const CsvColumn& column = table.columns[index];
    const auto& values = column.numbers;
    std::size_t previous = values.size();  // the last row with a time
    bool descending = true;
    std::size_t firstBack = 0;
    for (std::size_t r = 0; r < values.size(); ++r) {
        if (std::isnan(values[r])) continue;
        if (previous < values.size()) {
            if (values[r] == values[previous]) {
                if (duplicates == DuplicateTimes::Error)
                    throw DataError(lineOf(table, r) + ": time column '" + column.name + "' repeats " +
                                    formatTime(column, values[r]) + " (also line " +
                                    std::to_string(table.lineOfRow[previous]) +
                                    "); expected one row per time (remove or merge the repeated rows, or "
                                    "--duplicate-times keep-last|keep-first)");
                skip.resize(values.size(), false);
                // keep-last drops the earlier row of the pair; keep-first this one (and the
                // run's first row stays `previous`).
                if (duplicates == DuplicateTimes::KeepLast) {
                    skip[previous] = true;
                } else {
                    skip[r] = true;
                    continue;
                }
            }
            if (values[r] < values[previous] && firstBack == 0) firstBack = r;
            descending = descending && values[r] < values[previous];
        }
        previous = r;
    }
    if (firstBack == 0) return skip;
    const std::string sortHint = "sort the file by '" + column.name + "', oldest first";
    if (descending)
        throw DataError(table.path + ": time column '" + column.name + "' runs newest first (line " +
                        std::to_string(table.lineOfRow.front()) + ": " + formatTime(column, values.front()) +
                        "); expected rows in time order (" + sortHint + ")");
    std::size_t before = firstBack - 1;
    while (std::isnan(values[before])) --before;
    throw DataError(lineOf(table, firstBack) + ": time column '" + column.name + "' goes back from " +
                    formatTime(column, values[before]) + " (line " + std::to_string(table.lineOfRow[before]) + ") to " +
                    formatTime(column, values[firstBack]) + "; expected rows in time order (" + sortHint + ")");
}

// Mean and population standard deviation of (value / last - 1) over every input step and
// every target step of the training windows, per column.
void fitRelative(const SeriesRows& rows, std::size_t trainRows, const SeriesSpec& spec, ScalerStats& fs,
                 ScalerStats& ts) {
    const std::size_t window = spec.window, horizon = spec.horizon, nf = rows.fileFeatures();
    std::vector<double> sum(nf + 1, 0.0), sq(nf + 1, 0.0);
    std::vector<std::size_t> count(nf + 1, 0);
    auto add = [&](std::size_t c, double v) { sum[c] += v, sq[c] += v * v, ++count[c]; };
    for (std::size_t start = 0; start + window + horizon <= trainRows; ++start) {
        const std::size_t last = start + window - 1;
        for (std::size_t f = 0; f < nf; ++f)
            for (std::size_t t = start; t < last; ++t) add(f, rows.features[f][t] / rows.features[f][last] - 1.0);
        for (std::size_t h = 1; h <= horizon; ++h) add(nf, rows.target[last + h] / rows.target[last] - 1.0);
    }
    auto stats = [&](std::size_t c, ScalerStats& into) {
        const double mean = count[c] ? sum[c] / count[c] : 0.0;
        const double var = count[c] ? sq[c] / count[c] - mean * mean : 0.0;
        into.offset.push_back(mean);
        into.scale.push_back(var > 1e-24 ? std::sqrt(var) : 1.0);
    };
    fs = ScalerStats{ScalerKind::Relative, {}, {}};
    ts = ScalerStats{ScalerKind::Relative, {}, {}};
    for (std::size_t f = 0; f < nf; ++f) stats(f, fs);
    stats(nf, ts);
}

// Relative scaling divides by each window's last value: every value must be positive.
void requirePositive(const CsvTable& table, const SeriesRows& rows, const std::vector<std::string>& names,
                     const std::string& target) {
    auto check = [&](const std::vector<double>& column, const std::string& name) {
        for (std::size_t r = 0; r < column.size(); ++r)
            if (!(column[r] > 0.0))
                throw DataError(table.path + ":" + std::to_string(table.lineOfRow[rows.dataRow[r]]) + ": column '" +
                                name + "' holds " + std::to_string(column[r]) +
                                "; the relative scaler needs positive values (use zscore)");
    };
    for (std::size_t f = 0; f < rows.fileFeatures(); ++f) check(rows.features[f], names[f]);
    // A target the file does not have (NaN throughout) is predicted, not read.
    if (rows.target.empty() || !std::isnan(rows.target.front())) check(rows.target, target);
}


// The window ending at row `last`: its scaled inputs and its truth from the rows before
// `end` (NaN beyond).
void appendWindow(const SeriesRows& rows, std::size_t last, std::size_t end, const SeriesSpec& spec,
                  const ScalerStats& fs, const ScalerStats& ts, SeriesWindows& out) {
    const std::size_t window = spec.window, horizon = spec.horizon, nf = rows.features.size();
    for (std::size_t t = last + 1 - window; t <= last; ++t)
        for (std::size_t f = 0; f < nf; ++f)
            out.x.push_back(static_cast<float>(fs.apply(f, rows.features[f][t], rows.features[f][last])));
    for (std::size_t h = 1; h <= horizon; ++h) {
        const double raw = last + h < end ? rows.target[last + h] : std::numeric_limits<double>::quiet_NaN();
        out.truth.push_back(raw);
        out.y.push_back(static_cast<float>(ts.apply(0, raw, rows.target[last])));
    }
    out.lastRow.push_back(rows.dataRow[last]);
    out.lastValue.push_back(rows.target[last]);
    ++out.count;
}

// The rows after the policies, each with its time.
SeriesRows readRows(const CsvTable& table, const SeriesSpec& spec, const std::vector<std::size_t>& featureCols,
                    std::size_t targetCol, SeriesReport& report) {
    int timeCol = -1;
    const std::vector<bool> skip = checkTimeOrder(table, spec.timeColumn, spec.duplicates, timeCol);
    SeriesRows rows = cleanRows(table, featureCols, targetCol, spec.missing, report, skip);
    for (std::size_t f = 0; f < featureCols.size(); ++f) rows.featureNames.push_back(table.columns[featureCols[f]].name);
    if (timeCol >= 0) {
        const CsvColumn& column = table.columns[timeCol];
        rows.timeName = column.name;
        rows.timeIsDate = column.kind == CsvColumn::Kind::Date;
        rows.time.reserve(rows.size());
        for (std::size_t r : rows.dataRow) rows.time.push_back(column.numbers[r]);
    }
    return rows;
}

// The calendar inputs of every row, after the file's features. A row without a time is a
// DataError naming its line.
void addCalendar(const CsvTable& table, SeriesRows& rows, const std::vector<std::string>& names) {
    rows.calendar = resolveCalendar(names, rows.time, rows.timeIsDate);
    if (rows.calendar.empty()) return;
    for (const std::string& name : calendarFeatureNames(rows.calendar)) rows.featureNames.push_back(name);
    const std::size_t first = rows.features.size();
    rows.features.resize(first + 2 * rows.calendar.size(), std::vector<double>(rows.size()));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (!std::isfinite(rows.time[r]))
            throw DataError(table.path + ":" + std::to_string(table.lineOfRow[rows.dataRow[r]]) +
                            ": the row has no time, so it has no calendar inputs (use --missing drop)");
        const std::vector<double> values = calendarValues(rows.time[r], rows.calendar);
        for (std::size_t k = 0; k < values.size(); ++k) rows.features[first + k][r] = values[k];
    }
}

// The technical indicators of the file's features, appended after them (before any calendar
// input). `target` is the target's name as the file spells it, their default column.
void addIndicators(const CsvTable& table, SeriesRows& rows, const std::vector<std::string>& items,
                   const std::string& target) {
    rows.indicators = parseIndicators(items, rows.featureNames, target);
    if (rows.indicators.empty()) return;
    const auto where = [&](std::size_t r) {
        return table.path + ":" + std::to_string(table.lineOfRow[rows.dataRow[r]]);
    };
    const std::size_t fileColumns = rows.features.size();
    for (const Indicator& indicator : rows.indicators) {
        const std::size_t column = static_cast<std::size_t>(
            std::find(rows.featureNames.begin(), rows.featureNames.begin() + fileColumns, indicator.column) -
            rows.featureNames.begin());
        for (std::vector<double>& values : indicatorValues(indicator, rows.features[column], where))
            rows.features.push_back(std::move(values));
        for (const std::string& name : indicator.featureNames()) rows.featureNames.push_back(name);
    }
    rows.indicatorColumns = rows.features.size() - fileColumns;
    rows.lookBack = indicatorLookBack(rows.indicators);
}

// The first rows.lookBack rows, whose indicators lack history, leave the series (reported).
void dropIndicatorHistory(const CsvTable& table, SeriesRows& rows, SeriesReport& report) {
    const std::size_t drop = rows.lookBack;
    if (drop == 0) return;
    std::string names;
    for (const Indicator& indicator : rows.indicators) names += (names.empty() ? "" : ", ") + indicator.text();
    if (rows.size() <= drop)
        throw DataError(table.path + ": " + std::to_string(rows.size()) + " usable rows, but the indicators (" + names +
                        ") need " + std::to_string(drop) + " earlier rows before the first row they describe");
    const auto cut = [drop](auto& values) { values.erase(values.begin(), values.begin() + drop); };
    const std::size_t firstLine = table.lineOfRow[rows.dataRow.front()];
    const std::size_t lastLine = table.lineOfRow[rows.dataRow[drop - 1]];
    for (std::vector<double>& column : rows.features) cut(column);
    rows.historyTarget.assign(rows.target.begin(), rows.target.begin() + static_cast<std::ptrdiff_t>(drop));
    cut(rows.target);
    cut(rows.dataRow);
    if (!rows.time.empty()) cut(rows.time);
    report.rowsUsed -= drop;
    report.rowsDropped += drop;
    report.notes.push_back("lines " + std::to_string(firstLine) + "-" + std::to_string(lastLine) + ": the first " +
                           std::to_string(drop) + " row(s) dropped, the history of the indicators (" + names + ")");
}

}  // namespace

SeriesRows readSeriesRows(const CsvTable& table, const SeriesSpec& spec, SeriesReport& report) {
    report.rowsRead = table.rowCount();
    const std::size_t targetCol = resolveNumericColumn(table, spec.target, "target");
    std::vector<std::size_t> featureCols;
    for (const auto& name : spec.effectiveFeatures())
        featureCols.push_back(resolveNumericColumn(table, name, "feature"));
    SeriesRows rows = readRows(table, spec, featureCols, targetCol, report);
    addIndicators(table, rows, spec.indicators, table.columns[targetCol].name);
    addCalendar(table, rows, spec.calendar);
    dropIndicatorHistory(table, rows, report);
    return rows;
}

SeriesRows readInferenceRows(const CsvTable& table, const SeriesSpec& spec, ScalerKind scaler, SeriesReport& report) {
    report.rowsRead = table.rowCount();
    // The columns come from the project, not from the user: a file without them is bad data.
    // The target is needed only as an input, or as the reference of relative scaling;
    // otherwise a file of the inputs alone is predicted, its truth left empty.
    const std::vector<std::string> features = spec.effectiveFeatures();
    const bool targetIsInput = std::find(features.begin(), features.end(), spec.target) != features.end();
    const bool targetNeeded = targetIsInput || scaler == ScalerKind::Relative;
    std::size_t targetCol = kNoColumn;
    std::vector<std::size_t> featureCols;
    try {
        if (targetNeeded || table.find(spec.target) >= 0) targetCol = resolveNumericColumn(table, spec.target, "target");
        for (const auto& name : features) featureCols.push_back(resolveNumericColumn(table, name, "feature"));
    } catch (const UsageError& e) {
        throw DataError(std::string(e.what()) + "; the model was trained with it" +
                        (targetIsInput || table.find(spec.target) >= 0
                             ? ""
                             : " (the target is no input, but the relative scaler predicts changes from its last "
                               "value)"));
    }
    if (targetCol == kNoColumn) report.notes.push_back("no column '" + spec.target + "': predictions without truth");
    SeriesRows rows = readRows(table, spec, featureCols, targetCol, report);
    if (scaler == ScalerKind::Relative) requirePositive(table, rows, features, spec.target);
    addIndicators(table, rows, spec.indicators, targetCol == kNoColumn ? spec.target : table.columns[targetCol].name);
    addCalendar(table, rows, spec.calendar);
    dropIndicatorHistory(table, rows, report);
    return rows;
}

void fitScalers(const CsvTable& table, const SeriesRows& rows, std::size_t trainRows, const SeriesSpec& spec,
                ScalerStats& featureScaler, ScalerStats& targetScaler) {
    if (spec.scaler == ScalerKind::Auto) throw UsageError("the scaler 'auto' must be resolved before fitting");
    if (spec.scaler == ScalerKind::Relative) {
        requirePositive(table, rows, rows.featureNames, spec.target);
        fitRelative(rows, trainRows, spec, featureScaler, targetScaler);
    } else {
        const std::vector<std::vector<double>> fileColumns(rows.features.begin(),
                                                          rows.features.begin() + rows.fileFeatures());
        featureScaler = ScalerStats::fit(spec.scaler, fileColumns, trainRows);
        targetScaler = ScalerStats::fit(spec.scaler, {rows.target}, trainRows);
    }
    // Indicators are never relative to their last value (an RSI or a log return over its last
    // value means nothing): z-scored beside relative file columns, else scaled as they are.
    const auto first = rows.features.begin() + static_cast<std::ptrdiff_t>(rows.fileFeatures());
    const std::vector<std::vector<double>> indicatorColumns(
        first, first + static_cast<std::ptrdiff_t>(rows.indicatorColumns));
    const ScalerStats indicators = ScalerStats::fit(
        spec.scaler == ScalerKind::Relative ? ScalerKind::ZScore : spec.scaler, indicatorColumns, trainRows);
    featureScaler.offset.insert(featureScaler.offset.end(), indicators.offset.begin(), indicators.offset.end());
    featureScaler.scale.insert(featureScaler.scale.end(), indicators.scale.begin(), indicators.scale.end());
    featureScaler.plain = rows.indicatorColumns + 2 * rows.calendar.size();
    featureScaler.offset.resize(rows.features.size(), 0.0);
    featureScaler.scale.resize(rows.features.size(), 1.0);
}

void appendWindows(const SeriesRows& rows, std::size_t begin, std::size_t end, const SeriesSpec& spec,
                   const ScalerStats& fs, const ScalerStats& ts, SeriesWindows& out, bool requireTruth) {
    const std::size_t window = spec.window, horizon = spec.horizon;
    if (end < begin + window) return;
    for (std::size_t start = begin; start + window <= end; start += spec.stride) {
        const std::size_t last = start + window - 1;
        if (requireTruth && last + horizon >= end) break;
        appendWindow(rows, last, end, spec, fs, ts, out);
    }
}

SeriesWindows windowsAt(const SeriesRows& rows, const std::vector<std::size_t>& origins, const SeriesSpec& spec,
                        const ScalerStats& fs, const ScalerStats& ts, std::size_t truthEnd) {
    const std::size_t window = spec.window;
    const std::size_t end = std::min(truthEnd, rows.size());
    SeriesWindows out;
    out.x.reserve(origins.size() * window * rows.features.size());
    for (std::size_t last : origins) {
        if (last + 1 < window || last >= rows.size())
            throw UsageError("a window cannot end at row " + std::to_string(last) + " of " +
                             std::to_string(rows.size()) + " (window " + std::to_string(window) + ")");
        appendWindow(rows, last, end, spec, fs, ts, out);
    }
    return out;
}

std::size_t rowIndexOf(const SeriesRows& rows, std::size_t dataRow) {
    const auto it = std::lower_bound(rows.dataRow.begin(), rows.dataRow.end(), dataRow);
    if (it == rows.dataRow.end() || *it != dataRow)
        throw UsageError("data row " + std::to_string(dataRow) + " is not a usable row of the series");
    return static_cast<std::size_t>(it - rows.dataRow.begin());
}

}  // namespace studio
