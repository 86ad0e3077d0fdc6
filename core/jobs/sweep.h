#pragma once

// A sweep's plan: which settings each trial gets and, for successive halving, how many
// epochs each rung trains to. Pure functions; the CLI runs the trials (each a run,
// jobs/runs.h), in parallel processes.

#include "tasks/train_params.h"

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

// One swept setting: --grid NAME=V1,V2,...
struct SweepAxis {
    std::string name;
    std::vector<std::string> values;
};

// Reads "NAME=V1,V2,..." (UsageError for a malformed one or a repeated name).
SweepAxis parseSweepAxis(const std::string& text);

// The trials' settings: the cross product of `axes` (the last axis varying fastest) or,
// when 0 < random < its size, `random` points of it drawn without replacement with `seed`
// (kept in grid order). Each trial is the list of (name, value) the axes give.
std::vector<TrainParams> sweepTrials(const std::vector<SweepAxis>& axes, int random, std::uint64_t seed);

// Successive halving of `trials` trials over `epochs`: the epoch count each rung trains up
// to, rising to `epochs`; after each rung but the last, the better half (rounded up) by
// validation loss goes on. One rung of `epochs` for a single trial.
std::vector<int> halvingRungs(int trials, int epochs);
int halvingSurvivors(int trials);  // ceil(trials / 2)

// train --auto's search from a forecast run: the axes (window: half, as given and twice,
// where each leaves every split at least 10 windows, the run's own always; hidden 32, 64,
// 128; layers 1, 2; lr 0.001, 0.003) and how many of their points a successive halving up
// to `epochs` can train in about `seconds` with `jobs` at a time, a trial-epoch costing
// epochSeconds x window / the run's x layers x (hidden / the run's)^1.5. trials is 0 when
// not even two fit.
struct AutoSearchPlan {
    std::vector<SweepAxis> axes;
    int grid = 0;    // points of the full grid
    int trials = 0;  // points to train (all of the grid, or a random draw of them)
};
AutoSearchPlan autoSearchPlan(int window, int horizon, int hidden, std::size_t smallestSplit, int epochs,
                              double epochSeconds, int jobs, double seconds);

}  // namespace studio
