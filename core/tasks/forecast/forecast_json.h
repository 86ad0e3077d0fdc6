#pragma once

// Internal to core: how forecast metrics read in JSON (metrics.json, backtest reports).

#include "base/json_io.h"
#include "training/metrics.h"

namespace studio {

// mae, rmse, mape, smape, mase, and directional_accuracy when `direction` (null where a
// value is undefined).
Json forecastMetricsJson(const ForecastMetrics& m, bool direction);

}  // namespace studio
