#include "jobs/sweep.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace studio {

SweepAxis parseSweepAxis(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw UsageError("--grid takes NAME=V1,V2,... (e.g. hidden=32,64); got '" + text + "'");
    SweepAxis axis;
    axis.name = text.substr(0, eq);
    std::size_t start = eq + 1;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        if (comma == start) throw UsageError("--grid " + axis.name + ": an empty value in '" + text + "'");
        axis.values.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    for (std::size_t i = 0; i < axis.values.size(); ++i)
        for (std::size_t k = 0; k < i; ++k)
            if (axis.values[i] == axis.values[k])
                throw UsageError("--grid " + axis.name + " lists " + axis.values[i] + " twice");
    return axis;
}

std::vector<TrainParams> sweepTrials(const std::vector<SweepAxis>& axes, int random, std::uint64_t seed) {
    for (std::size_t i = 0; i < axes.size(); ++i)
        for (std::size_t k = 0; k < i; ++k)
            if (axes[i].name == axes[k].name) throw UsageError("--grid " + axes[i].name + " is given twice");
    std::size_t total = 1;
    for (const SweepAxis& a : axes) {
        total *= a.values.size();
        if (total > 100000) throw UsageError("the grid has more than 100000 points; sample it with --random N");
    }
    std::vector<std::size_t> points(axes.empty() ? 0 : total);
    std::iota(points.begin(), points.end(), std::size_t{0});
    if (random < 0) throw UsageError("--random must be 0 or more");
    if (random > 0 && static_cast<std::size_t>(random) < points.size()) {
        std::mt19937_64 rng(seed);
        std::shuffle(points.begin(), points.end(), rng);
        points.resize(static_cast<std::size_t>(random));
        std::sort(points.begin(), points.end());
    }
    std::vector<TrainParams> trials;
    for (std::size_t point : points) {
        TrainParams p(axes.size());
        for (std::size_t a = axes.size(); a-- > 0;) {
            p[a] = {axes[a].name, axes[a].values[point % axes[a].values.size()]};
            point /= axes[a].values.size();
        }
        trials.push_back(std::move(p));
    }
    return trials;
}

int halvingSurvivors(int trials) { return (trials + 1) / 2; }

std::vector<int> halvingRungs(int trials, int epochs) {
    int rungs = 1;
    for (int n = trials; n > 1; n = halvingSurvivors(n)) ++rungs;
    std::vector<int> out;
    for (int r = 0; r < rungs; ++r) {
        const int e = std::max(1, epochs >> (rungs - 1 - r));
        if (out.empty() || e > out.back()) out.push_back(e);
    }
    if (out.back() != epochs) out.push_back(epochs);
    return out;
}

AutoSearchPlan autoSearchPlan(int window, int horizon, int hidden, std::size_t smallestSplit, int epochs,
                              double epochSeconds, int jobs, double seconds) {
    const int room = static_cast<int>(smallestSplit) - horizon - 9;
    std::vector<int> windows;
    for (int w : {std::max(2, window / 2), window, 2 * window})
        if ((w <= room || w == window) && std::find(windows.begin(), windows.end(), w) == windows.end())
            windows.push_back(w);
    const std::vector<int> widths{32, 64, 128}, depths{1, 2};
    double factor = 0.0;
    for (int w : windows)
        for (int h : widths)
            for (int l : depths) factor += double(w) / window * l * std::pow(double(h) / hidden, 1.5);
    factor /= static_cast<double>(windows.size() * widths.size() * depths.size());
    AutoSearchPlan plan;
    const auto axis = [](const char* name, const std::vector<std::string>& values) { return SweepAxis{name, values}; };
    std::vector<std::string> ws, hs;
    for (int w : windows) ws.push_back(std::to_string(w));
    for (int h : widths) hs.push_back(std::to_string(h));
    plan.axes = {axis("window", ws), axis("hidden", hs), axis("layers", {"1", "2"}), axis("lr", {"0.001", "0.003"})};
    plan.grid = static_cast<int>(windows.size() * widths.size() * depths.size() * 2);
    for (int n = plan.grid; n >= 2 && plan.trials == 0; n = n > 8 ? n * 2 / 3 : n - 2) {
        int trialEpochs = 0, last = 0, alive = n;
        for (int rung : halvingRungs(n, epochs)) {
            trialEpochs += alive * (rung - last);
            last = rung, alive = halvingSurvivors(alive);
        }
        if (trialEpochs * epochSeconds * factor / std::max(1, jobs) <= seconds) plan.trials = n;
    }
    return plan;
}

}  // namespace studio
