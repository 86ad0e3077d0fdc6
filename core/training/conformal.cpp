#include "training/conformal.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace studio {

double conformalQuantile(std::vector<double> scores, double level) {
    if (!(level > 0.0 && level < 1.0))
        throw UsageError("conformal level " + std::to_string(level) + " must lie strictly between 0 and 1");
    scores.erase(std::remove_if(scores.begin(), scores.end(), [](double s) { return std::isnan(s); }), scores.end());
    const std::size_t n = scores.size();
    // (n + 1) * level is often an integer in exact arithmetic (10 * 0.8) that rounding may
    // push a hair above: ceil would then ask for one score more than the guarantee needs.
    const double t = static_cast<double>(n + 1) * level;
    const double rank = std::ceil(t - 1e-9 * t);
    if (rank > static_cast<double>(n)) return std::numeric_limits<double>::infinity();
    const std::size_t k = std::max<std::size_t>(1, static_cast<std::size_t>(rank)) - 1;  // 0-based
    std::nth_element(scores.begin(), scores.begin() + static_cast<std::ptrdiff_t>(k), scores.end());
    return scores[k];
}

IntervalCoverage intervalCoverage(const std::vector<double>& lower, const std::vector<double>& upper,
                                  const std::vector<double>& truth) {
    if (lower.size() != truth.size() || upper.size() != truth.size())
        throw UsageError("interval coverage: " + std::to_string(lower.size()) + " lower bounds, " +
                         std::to_string(upper.size()) + " upper bounds and " + std::to_string(truth.size()) +
                         " true values; they must match");
    IntervalCoverage c;
    std::size_t inside = 0;
    double width = 0.0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const double lo = lower[i], hi = upper[i], t = truth[i];
        if (std::isnan(lo) || std::isnan(hi) || std::isnan(t)) continue;
        ++c.n;
        inside += lo <= t && t <= hi;
        width += hi - lo;
    }
    if (c.n == 0) return c;
    c.coverage = 100.0 * static_cast<double>(inside) / static_cast<double>(c.n);
    c.meanWidth = width / static_cast<double>(c.n);
    return c;
}

}  // namespace studio
