#pragma once

#include <cstddef>
#include <vector>

namespace studio {

// Split conformal prediction: nonconformity scores (e.g. |truth - forecast|, in the target's
// units) from a calibration split that took no part in fitting turn any point forecast into
// an interval forecast +- q. Pure numerics; any thread.

// The ceil((n + 1) * level)-th smallest of the n scores, level in (0, 1) (e.g. 0.95): the
// half-width that covers a new score exchangeable with the calibration ones with probability
// >= level. +infinity when ceil((n + 1) * level) > n (too few scores for that level, including
// n == 0). NaN scores are left out of n. Throws UsageError for a level outside (0, 1).
double conformalQuantile(std::vector<double> scores, double level);

struct IntervalCoverage {
    std::size_t n = 0;       // entries counted
    double coverage = 0.0;   // percent of counted truths inside [lower, upper] (bounds included)
    double meanWidth = 0.0;  // mean of upper - lower, in the target's units
};

// lower, upper, truth: the same length (any layout, e.g. [n, horizon]). Counts every entry
// whose truth and bounds are not NaN; nothing counted gives all zeros. Throws UsageError
// for lengths that differ.
IntervalCoverage intervalCoverage(const std::vector<double>& lower, const std::vector<double>& upper,
                                  const std::vector<double>& truth);

}  // namespace studio
