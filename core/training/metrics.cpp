#include "training/metrics.h"

#include <cmath>
#include <limits>

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
    // A training series that never changes has no naive error to scale by: MASE is undefined.
    m.mase = naiveScale > 0.0 ? m.mae / naiveScale : std::numeric_limits<double>::quiet_NaN();
    m.directionalAccuracy = 100.0 * sameDirection / total;
    return m;
}

std::vector<ForecastMetrics> forecastMetricsByStep(const std::vector<double>& pred, const std::vector<double>& truth,
                                                   const std::vector<double>& lastValue, std::size_t horizon,
                                                   double naiveScale) {
    std::vector<ForecastMetrics> steps;
    std::vector<double> p(lastValue.size()), t(lastValue.size());
    for (std::size_t h = 0; h < horizon; ++h) {
        for (std::size_t i = 0; i < lastValue.size(); ++i) p[i] = pred[i * horizon + h], t[i] = truth[i * horizon + h];
        steps.push_back(forecastMetrics(p, t, lastValue, 1, naiveScale));
    }
    return steps;
}

std::vector<double> naiveForecast(const std::vector<double>& lastValue, std::size_t horizon) {
    std::vector<double> out;
    out.reserve(lastValue.size() * horizon);
    for (double v : lastValue) out.insert(out.end(), horizon, v);
    return out;
}

ClassificationMetrics classificationMetrics(const std::vector<int>& predicted, const std::vector<int>& truth,
                                            int classes, int majorityClass) {
    ClassificationMetrics m;
    m.n = truth.size();
    const std::size_t c = static_cast<std::size_t>(classes);
    m.confusion.assign(c, std::vector<std::size_t>(c, 0));
    std::size_t correct = 0, majority = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        ++m.confusion[truth[i]][predicted[i]];
        correct += predicted[i] == truth[i];
        majority += truth[i] == majorityClass;
    }
    m.accuracy = m.n ? 100.0 * correct / m.n : 0.0;
    m.majorityAccuracy = m.n ? 100.0 * majority / m.n : 0.0;
    double f1Sum = 0.0;
    std::size_t f1Classes = 0;
    for (std::size_t k = 0; k < c; ++k) {
        std::size_t predictedK = 0, trueK = 0;
        for (std::size_t j = 0; j < c; ++j) {
            predictedK += m.confusion[j][k];
            trueK += m.confusion[k][j];
        }
        const double tp = static_cast<double>(m.confusion[k][k]);
        const double p = predictedK ? 100.0 * tp / predictedK : 0.0;
        const double r = trueK ? 100.0 * tp / trueK : 0.0;
        const double f = p + r > 0 ? 2.0 * p * r / (p + r) : 0.0;
        m.precision.push_back(p);
        m.recall.push_back(r);
        m.f1.push_back(f);
        m.support.push_back(trueK);
        if (predictedK + trueK > 0) f1Sum += f, ++f1Classes;
    }
    m.macroF1 = f1Classes ? f1Sum / f1Classes : 0.0;
    return m;
}

} // namespace studio
