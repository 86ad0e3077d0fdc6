#include "train/metrics.h"

#include <cmath>

namespace studio {
namespace {
int sign(double v) { return (v > 0) - (v < 0); }
} // namespace

ForecastMetrics forecastMetrics(const std::vector<double>& pred, const std::vector<double>& truth,
                                const std::vector<double>& lastValue, std::size_t horizon,
                                double naiveScale) {
    ForecastMetrics m;
    m.n = lastValue.size();
    const std::size_t total = m.n * horizon;
    if (total == 0) return m;
    double abs = 0, sq = 0, ape = 0, sape = 0;
    std::size_t apeTerms = 0, sameDirection = 0;
    for (std::size_t i = 0; i < total; ++i) {
        const double p = pred[i], t = truth[i];
        const double e = p - t;
        abs += std::abs(e);
        sq += e * e;
        if (t != 0.0) {
            ape += std::abs(e / t);
            ++apeTerms;
        }
        const double denom = std::abs(p) + std::abs(t);
        sape += denom > 0.0 ? 2.0 * std::abs(e) / denom : 0.0;
        const double last = lastValue[i / horizon];
        sameDirection += sign(p - last) == sign(t - last);
    }
    m.mae = abs / total;
    m.rmse = std::sqrt(sq / total);
    m.mape = apeTerms ? 100.0 * ape / apeTerms : 0.0;
    m.smape = 100.0 * sape / total;
    m.mase = naiveScale > 0.0 ? m.mae / naiveScale : 0.0;
    m.directionalAccuracy = 100.0 * sameDirection / total;
    return m;
}

std::vector<double> naiveForecast(const std::vector<double>& lastValue, std::size_t horizon) {
    std::vector<double> out;
    out.reserve(lastValue.size() * horizon);
    for (double v : lastValue) out.insert(out.end(), horizon, v);
    return out;
}

} // namespace studio
