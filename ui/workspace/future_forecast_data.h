#pragma once

#include "tasks/forecast/forecast_future.h"

#include <QString>

#include <vector>

namespace studio {

// A forecast past the last row of a series, laid out for the fan chart: the forecast
// itself (core's FutureForecast) and the target's last rows before it, with x on one axis
// (seconds since 1970 for dates, the unit of QCPAxisTickerDateTime; else the time column's
// numbers or data row numbers). Plain data, computed on a pool thread.
struct FutureForecastData {
    FutureForecast forecast;
    QString target;
    QString source;  // the data file the forecast starts from
    bool dateAxis = false;
    QString axisName;                        // the time column, empty for data rows
    std::vector<double> x;                   // [steps]
    std::vector<double> historyX, historyY;  // the rows up to the origin, in order
    double originX = 0.0;                    // x of the last row, where the forecast starts

    // forecastFuture for the project in `dir` from `dataPath` (empty: the project's data),
    // `steps` rows ahead at the default levels, and the last `historyRows` rows of the target
    // up to the origin as core reads them. Loads the model (LibTorch) inside core: call it
    // off the GUI thread. Throws what forecastFuture throws.
    static FutureForecastData compute(const QString& dir, const QString& dataPath, int steps, int historyRows);
};

}  // namespace studio
