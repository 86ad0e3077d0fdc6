#pragma once

#include "base/enum_names.h"

#include <cstddef>
#include <string>
#include <vector>

namespace studio {

struct CsvTable;
struct SeriesRows;

// ZScore, MinMax: per column, fitted on the training rows. Relative: each window is
// expressed relative to its own last input row (value / last - 1, per column), then
// z-scored with statistics of the training windows; suits price levels that leave the
// training range. None: raw values. Auto: chosen from the data when the dataset is built
// (chooseScaler); a project always records the scaler it chose.
enum class ScalerKind { ZScore, MinMax, None, Relative, Auto };
enum class MissingPolicy { DropRow, ForwardFill };
// Rows whose time repeats the row before's: an error, or only the last (first) of each run
// of equal times is used.
enum class DuplicateTimes { Error, KeepLast, KeepFirst };

const EnumNames<ScalerKind>& enumNames(ScalerKind);
const EnumNames<MissingPolicy>& enumNames(MissingPolicy);
const EnumNames<DuplicateTimes>& enumNames(DuplicateTimes);

// Throws UsageError unless train, validation and test are each a fraction above 0 and the
// three add up to 1; the message shows the split as given. Series and texts alike.
void validateSplit(double train, double val, double test);

// What to forecast from what. Every field has a default.
struct SeriesSpec {
    std::string target;                 // column to forecast (required)
    std::vector<std::string> features;  // model inputs in this order; empty = {target}
    std::string timeColumn;             // empty = the first Date column, if any
    int window = 30;                    // input rows per sample
    // The window is a default nobody chose: a short series (a split of fewer than window +
    // horizon + 9 rows) gets a shorter one, half its smallest split and at least 3 rows,
    // noted in the report. Not saved.
    bool adaptWindow = false;
    int horizon = 1;                    // future rows predicted per sample
    int stride = 1;                     // rows between the starts of consecutive windows
    double trainFraction = 0.7;         // chronological split of the rows
    double valFraction = 0.15;
    double testFraction = 0.15;
    ScalerKind scaler = ScalerKind::ZScore;  // the CLI and the GUI start from Auto
    MissingPolicy missing = MissingPolicy::DropRow;
    DuplicateTimes duplicates = DuplicateTimes::Error;
    int season = 0;  // the seasonal naive baseline's period in rows; 0 = from the time column
    // Calendar inputs derived from the time column (calendar_inputs.h): "auto" or part names
    // ("month", "weekday", "hour"); empty: none. They follow the file's features as the
    // model's last inputs, named "calendar:<part>_sin" / "_cos".
    std::vector<std::string> calendar;
    // Technical indicators of input columns (technical_indicators.h): items "kind[:N][@column]"
    // as given, or as a dataset resolves them ("sma:10@Close"); empty: none. They follow the
    // file's features, before the calendar inputs, named "indicator:<column>:<kind><N>"; the
    // first rows, which lack the history they need, are dropped.
    std::vector<std::string> indicators;

    // The model's inputs read from the file: features (less indicators and calendar inputs),
    // or {target}.
    std::vector<std::string> effectiveFeatures() const;
    void validate() const;  // throws UsageError naming the bad setting
};

// Per-column scaling: scaled = (raw - offset) / scale, or for Relative
// scaled = (raw / last - 1 - offset) / scale with `last` the column's value at the
// window's last input row. Fitted on the training split. The last `plain` columns are never
// taken relative to their last value: technical indicators (an RSI or a log return over its
// last value means nothing), scaled like the file's features, or by z-score when those are
// relative; then calendar inputs, already within [-1, 1] and possibly 0, with offset 0 and
// scale 1.
struct ScalerStats {
    ScalerKind kind = ScalerKind::ZScore;
    std::vector<double> offset;
    std::vector<double> scale;
    std::size_t plain = 0;

    static ScalerStats fit(ScalerKind kind, const std::vector<std::vector<double>>& columns, std::size_t rows);
    double apply(std::size_t column, double raw, double last) const {
        const double base = kind == ScalerKind::Relative && column + plain < offset.size() ? raw / last - 1.0 : raw;
        return (base - offset[column]) / scale[column];
    }
    double invert(std::size_t column, double scaled, double last) const {
        const double base = scaled * scale[column] + offset[column];
        return kind == ScalerKind::Relative && column + plain < offset.size() ? last * (1.0 + base) : base;
    }
};

// What happened to the rows on the way from the file to the model.
struct SeriesReport {
    std::size_t rowsRead = 0;        // data rows in the file
    std::size_t rowsUsed = 0;        // rows left after the missing-value policy
    std::size_t rowsDropped = 0;     // rows removed (missing or unparsable cells)
    std::size_t cellsFilled = 0;     // cells forward-filled
    std::vector<std::string> notes;  // why, with line numbers (at most a few per cause)
};

// Windows of one split. x is [count, window, features] row-major, y is [count, horizon];
// both scaled. lastRow[i] is the 0-based data row (in the file) of window i's last input
// row, lastValue[i] the raw target value there (the naive forecast).
struct SeriesWindows {
    std::size_t count = 0;
    std::vector<float> x;
    std::vector<float> y;
    std::vector<double> truth;  // [count, horizon], raw target values; NaN where unknown
    std::vector<std::size_t> lastRow;
    std::vector<double> lastValue;
};

// A price series cut into windows for training, validation and test.
// Windows never straddle split boundaries: all input and target rows of a window lie in
// the window's own split. Scalers are fitted on the training rows only.
struct SeriesDataset {
    SeriesSpec spec;  // as given, with an Auto scaler replaced by the one chosen
    std::string scalerReason;  // why Auto chose spec.scaler; empty when it was given
    std::vector<std::string> featureNames;
    ScalerStats featureScaler;  // one entry per feature
    ScalerStats targetScaler;   // one entry: the target
    SeriesWindows train, val, test;
    std::size_t trainRows = 0, valRows = 0, testRows = 0;
    // Mean absolute one-step change of the target over the training rows, in its units:
    // the denominator of MASE.
    double naiveScale = 0.0;
    SeriesReport report;
};

// Builds the dataset; throws UsageError for bad settings (unknown column, window too
// long for a split) and DataError for unusable data (non-numeric target ...). rowsOut, when
// given, receives the usable rows the windows were cut from (series_rows.h).
SeriesDataset buildSeriesDataset(const CsvTable& table, const SeriesSpec& spec, SeriesRows* rowsOut = nullptr);

// The scaler 'auto' stands for, and why: Relative when every input and the target are
// positive and the target either leaves the range of the training rows (the first
// trainRows) by more than a tenth of that range later, or trends over the training rows
// (a straight line explains over 60% of their variance), as a rising price index does;
// ZScore otherwise.
struct ScalerChoice {
    ScalerKind kind = ScalerKind::ZScore;
    std::string reason;  // e.g. "later rows leave the training range (...)"
};
ScalerChoice chooseScaler(const SeriesRows& rows, std::size_t trainRows);

// Windows over a whole file for prediction with an existing model's scalers: one window
// ending at every row from window-1 to the last (stride 1). y holds the scaled truth where
// all horizon rows exist in the file, NaN where they do not.
SeriesWindows buildInferenceWindows(const CsvTable& table, const SeriesSpec& spec, const ScalerStats& featureScaler,
                                    const ScalerStats& targetScaler, SeriesReport* report = nullptr);

}  // namespace studio
