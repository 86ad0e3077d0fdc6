#pragma once

// The rows of a series file as the model sees them, before they are cut into windows:
// the used columns after the missing-value and duplicate-time policies, with the time of
// each row. Windows at any origin, and the scalers, are built from here; buildSeriesDataset
// (series_dataset.h) is the usual split of them into training, validation and test.
// Plain data and functions; any thread may call them.

#include "data/calendar_inputs.h"
#include "data/series_dataset.h"
#include "data/technical_indicators.h"

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace studio {

struct CsvTable;

struct SeriesRows {
    std::vector<std::string> featureNames;      // as the file spells them
    std::vector<std::vector<double>> features;  // [feature][row]
    std::vector<double> target;                 // [row]; NaN throughout when the file has no target
    std::vector<std::size_t> dataRow;           // [row] -> 0-based data row in the file
    std::vector<double> time;                   // [row] the time column (NaN where a cell was empty); empty: none
    bool timeIsDate = false;                    // time holds days since 1970-01-01
    std::string timeName;
    std::vector<Indicator> indicators;          // after the file's features, before the calendar inputs
    std::size_t indicatorColumns = 0;           // their features (macd has two)
    std::size_t lookBack = 0;                   // the rows dropped at the start for them
    std::vector<double> historyTarget;          // the target at those dropped rows, oldest first
    std::vector<CalendarPart> calendar;         // the last 2·calendar.size() features, from the time

    std::size_t size() const { return target.size(); }
    // Features read from the file: those before the indicators and calendar inputs.
    std::size_t fileFeatures() const { return features.size() - indicatorColumns - 2 * calendar.size(); }
    bool hasTarget() const { return !target.empty() && !std::isnan(target.front()); }
};

// The rows for training: the target and every feature must be numeric columns of the file
// (UsageError for an unknown column, DataError for one that holds no numbers); rows out of
// time order are a DataError. `report` gains the rows read, used, dropped and why. Calendar
// inputs (spec.calendar, "auto" resolved from the time column's frequency) follow the file's
// features; UsageError when the file has no time column of dates for them. Technical indicators
// (spec.indicators) come between the two; the first lookBack rows, which lack the history they
// need, are dropped and reported (DataError when no row is left).
SeriesRows readSeriesRows(const CsvTable& table, const SeriesSpec& spec, SeriesReport& report);

// The rows of a file predicted with a trained model: the target column may be missing when
// it is no input and the scaler is not relative (its values are then NaN). A missing
// feature is a DataError naming the column the model was trained with.
SeriesRows readInferenceRows(const CsvTable& table, const SeriesSpec& spec, ScalerKind scaler, SeriesReport& report);

// Scalers fitted on rows [0, trainRows): per column for zscore/minmax/none; for relative,
// the statistics of (value / last - 1) over the windows that lie within those rows. Relative
// needs positive values (DataError naming the line otherwise). spec.scaler must not be Auto.
// Indicators and calendar inputs are the plain columns of the feature scaler: indicators
// fitted as the file's features are, z-scored under relative; calendar offset 0, scale 1.
void fitScalers(const CsvTable& table, const SeriesRows& rows, std::size_t trainRows, const SeriesSpec& spec,
                ScalerStats& featureScaler, ScalerStats& targetScaler);

// Appends the windows whose rows all lie in [begin, end), starting every spec.stride rows;
// with requireTruth, only those whose horizon lies there too, else truth is NaN beyond end.
void appendWindows(const SeriesRows& rows, std::size_t begin, std::size_t end, const SeriesSpec& spec,
                   const ScalerStats& featureScaler, const ScalerStats& targetScaler, SeriesWindows& out,
                   bool requireTruth);

// One window ending at each origin (index of its last input row, >= window - 1); the truth
// is read from rows up to `truthEnd` (exclusive; default all rows) and NaN beyond it, so a
// forecast never sees the rows after its own fold.
SeriesWindows windowsAt(const SeriesRows& rows, const std::vector<std::size_t>& origins, const SeriesSpec& spec,
                        const ScalerStats& featureScaler, const ScalerStats& targetScaler,
                        std::size_t truthEnd = static_cast<std::size_t>(-1));

// Index in rows of a window's last input row given its data row in the file (lastRow).
std::size_t rowIndexOf(const SeriesRows& rows, std::size_t dataRow);

}  // namespace studio
