#pragma once

// `evaluate --importance`: permutation importance of a forecast project's input columns on
// its test split, kept in the project's metrics.json. Runs on the calling thread; CPU.

#include "tasks/forecast/forecast_evaluation.h"

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

// Every input column of the project in `dir` permuted `repeats` times (permutationImportance),
// written into its metrics.json and the current run's copy as
// "importance": [{"feature","delta_mae","std"}] with "importance_repeats", under the project's
// lock. UsageError for a text project or fewer than one repeat; DataError for a project that
// has not been evaluated (no metrics.json) or too few test windows.
std::vector<FeatureImportance> projectImportance(const std::string& dir, int repeats, std::uint64_t seed,
                                                 std::vector<std::string>* warnings = nullptr);

}  // namespace studio
