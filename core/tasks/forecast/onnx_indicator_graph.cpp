#include "tasks/forecast/onnx_indicator_graph.h"

#include "base/error.h"
#include "data/calendar_inputs.h"
#include "data/technical_indicators.h"

#include <algorithm>
#include <limits>
#include <map>

namespace studio {
namespace {

constexpr std::int64_t kEnd = std::numeric_limits<std::int64_t>::max();

std::vector<std::string> fileColumns(const ProjectFile& project) {
    std::vector<std::string> out;
    for (const std::string& name : project.featureNames)
        if (!isIndicatorFeature(name) && !isCalendarFeature(name)) out.push_back(name);
    return out;
}

std::vector<float> floats(const std::vector<double>& v) {
    std::vector<float> out;
    for (double x : v) out.push_back(static_cast<float>(x));
    return out;
}

// Builds the nodes of one project's indicators. Rows are positions in the input's time axis:
// the window's rows are lookBack .. lookBack + window - 1.
class IndicatorNodes {
public:
    IndicatorNodes(OnnxGraphBuilder& g, const std::string& input, std::int64_t lookBack, std::int64_t window)
        : g_(g), input_(input), lookBack_(lookBack), window_(window) {}

    // The input's column c, [batch, rows].
    std::string column(std::size_t c) {
        auto it = columns_.find(c);
        if (it != columns_.end()) return it->second;
        const std::string name = "indicator.column" + std::to_string(c);
        return columns_[c] =
                   g_.addNode("Gather", {input_, g_.addInt64s(name + ".index", {}, {static_cast<std::int64_t>(c)})},
                              name, {{"axis", 2}});
    }

    // [batch, rows, k]: for each of `rows` rows from `first` on, the k values of `series` up to
    // it, oldest first (series is [batch, time]).
    std::string lags(const std::string& series, std::int64_t first, std::int64_t rows, std::int64_t k,
                     const std::string& name) {
        std::vector<std::int64_t> index;
        for (std::int64_t r = 0; r < rows; ++r)
            for (std::int64_t i = 0; i < k; ++i) index.push_back(first + r - k + 1 + i);
        return g_.addNode("Gather", {series, g_.addInt64s(name + ".lags", {rows, k}, index)}, name, {{"axis", 1}});
    }

    // [batch, rows]: `rows` values of series from `first` on.
    std::string rowsOf(const std::string& series, std::int64_t first, std::int64_t rows, const std::string& name) {
        std::vector<std::int64_t> index;
        for (std::int64_t r = 0; r < rows; ++r) index.push_back(first + r);
        return g_.addNode("Gather", {series, g_.addInt64s(name + ".rows", {rows}, index)}, name, {{"axis", 1}});
    }

    // [batch, rows] from [batch, rows, k]: the weighted sum over the last axis.
    std::string weighted(const std::string& lags, const std::vector<double>& weights, const std::string& name) {
        const std::int64_t k = static_cast<std::int64_t>(weights.size());
        return g_.addNode("MatMul", {lags, g_.addFloats(name + ".weights", {k}, floats(weights))}, name);
    }
    std::string mean(const std::string& lags, std::int64_t k, const std::string& name) {
        return weighted(lags, std::vector<double>(static_cast<std::size_t>(k), 1.0 / static_cast<double>(k)), name);
    }
    // Population sd over the last axis of lags, given their mean [batch, rows].
    std::string sd(const std::string& lags, const std::string& m, std::int64_t k, const std::string& name) {
        const std::string centred =
            g_.addNode("Sub", {lags, g_.addNode("Unsqueeze", {m, axis2()}, name + ".mean3")}, name + ".centred");
        const std::string squares = g_.addNode("Mul", {centred, centred}, name + ".squares");
        return g_.addNode("Sqrt", {mean(squares, k, name + ".var")}, name);
    }
    std::string scalar(float value, const std::string& name) { return g_.addFloats(name, {}, {value}); }
    std::string axis2() {
        if (axis2_.empty()) axis2_ = g_.addInt64s("indicator.axis2", {1}, {2});
        return axis2_;
    }
    // Where(value == 0, fallback, other).
    std::string unlessZero(const std::string& value, const std::string& other, float fallback,
                           const std::string& name) {
        const std::string zero = g_.addNode("Equal", {value, scalar(0.0f, name + ".zero")}, name + ".is_zero");
        return g_.addNode("Where", {zero, scalar(fallback, name + ".fallback"), other}, name);
    }

    // The indicator's features, each [batch, window].
    std::vector<std::string> features(const Indicator& ind, std::size_t c, const std::string& name) {
        const std::string x = column(c);
        const std::int64_t w = window_, first = lookBack_, n = ind.period;
        switch (ind.kind) {
            case IndicatorKind::Sma:
                return {mean(lags(x, first, w, n, name + ".lags"), n, name)};
            case IndicatorKind::Ema: {
                const std::int64_t k = 5 * (n + 1);
                return {weighted(lags(x, first, w, k, name + ".lags"), emaWeights(2.0 / (n + 1), k), name)};
            }
            case IndicatorKind::Rsi: {
                const std::int64_t k = 5 * n;
                const std::string d =
                    g_.addNode("Sub", {lags(x, first, w, k, name + ".now"), lags(x, first - 1, w, k, name + ".before")},
                               name + ".diff");
                const std::vector<double> wilder = emaWeights(1.0 / n, k);
                const std::string gain = weighted(g_.addNode("Relu", {d}, name + ".up"), wilder, name + ".gain");
                const std::string loss =
                    weighted(g_.addNode("Relu", {g_.addNode("Neg", {d}, name + ".neg")}, name + ".down"), wilder,
                             name + ".loss");
                const std::string total = g_.addNode("Add", {gain, loss}, name + ".total");
                const std::string share = g_.addNode(
                    "Div", {g_.addNode("Mul", {gain, scalar(100.0f, name + ".percent")}, name + ".gain100"), total},
                    name + ".share");
                return {unlessZero(total, share, 50.0f, name)};
            }
            case IndicatorKind::Macd: {
                // The line at the window's rows and the 49 before them, which its signal reads.
                const std::int64_t signalRows = 50, lineRows = w + signalRows - 1, lineFirst = first - (signalRows - 1);
                const std::string fast = weighted(lags(x, lineFirst, lineRows, 65, name + ".fast_lags"),
                                                  emaWeights(2.0 / 13.0, 65), name + ".fast");
                const std::string slow = weighted(lags(x, lineFirst, lineRows, 135, name + ".slow_lags"),
                                                  emaWeights(2.0 / 27.0, 135), name + ".slow");
                const std::string line = g_.addNode("Sub", {fast, slow}, name + ".line_all");
                const std::string signal = weighted(lags(line, signalRows - 1, w, signalRows, name + ".signal_lags"),
                                                    emaWeights(0.2, signalRows), name + ".signal");
                const std::string lineNow = rowsOf(line, signalRows - 1, w, name);
                return {lineNow, g_.addNode("Sub", {lineNow, signal}, name + "_hist")};
            }
            case IndicatorKind::Bollinger: {
                const std::string win = lags(x, first, w, n, name + ".lags");
                const std::string m = mean(win, n, name + ".mean");
                const std::string s = sd(win, m, n, name + ".sd");
                const std::string twoS = g_.addNode("Mul", {s, scalar(2.0f, name + ".two")}, name + ".two_sd");
                const std::string lower = g_.addNode("Sub", {m, twoS}, name + ".lower");
                const std::string above = g_.addNode("Sub", {rowsOf(x, first, w, name + ".x"), lower}, name + ".above");
                const std::string band = g_.addNode("Mul", {s, scalar(4.0f, name + ".four")}, name + ".band");
                return {unlessZero(s, g_.addNode("Div", {above, band}, name + ".ratio"), 0.5f, name)};
            }
            case IndicatorKind::LogReturn:
                return {g_.addNode(
                    "Log",
                    {g_.addNode("Div", {rowsOf(x, first, w, name + ".now"), rowsOf(x, first - 1, w, name + ".before")},
                                name + ".ratio")},
                    name)};
            case IndicatorKind::Volatility: {
                const std::string r = g_.addNode(
                    "Log",
                    {g_.addNode("Div",
                                {lags(x, first, w, n, name + ".now"), lags(x, first - 1, w, n, name + ".before")},
                                name + ".ratio")},
                    name + ".returns");
                return {sd(r, mean(r, n, name + ".mean"), n, name)};
            }
            case IndicatorKind::VolumeZ: {
                const std::string win = lags(x, first, w, n, name + ".lags");
                const std::string m = mean(win, n, name + ".mean");
                const std::string s = sd(win, m, n, name + ".sd");
                const std::string centred = g_.addNode("Sub", {rowsOf(x, first, w, name + ".x"), m}, name + ".centred");
                return {unlessZero(s, g_.addNode("Div", {centred, s}, name + ".ratio"), 0.0f, name)};
            }
        }
        return {};
    }

private:
    OnnxGraphBuilder& g_;
    std::string input_;
    std::int64_t lookBack_, window_;
    std::map<std::size_t, std::string> columns_;
    std::string axis2_;
};

std::vector<Indicator> indicatorsOf(const ProjectFile& project) {
    return parseIndicators(project.series.indicators, fileColumns(project), project.series.target);
}

}  // namespace

std::vector<std::string> onnxRawColumns(const ProjectFile& project) {
    std::vector<std::string> out;
    for (const std::string& name : project.featureNames)
        if (!isIndicatorFeature(name)) out.push_back(name);
    return out;
}

std::size_t onnxIndicatorLookBack(const ProjectFile& project) { return indicatorLookBack(indicatorsOf(project)); }

std::string addOnnxIndicatorRows(OnnxGraphBuilder& g, const ProjectFile& project, const std::string& input) {
    const std::vector<Indicator> indicators = indicatorsOf(project);
    if (indicators.empty()) return input;
    const std::vector<std::string> files = fileColumns(project), names = indicatorFeatureNames(indicators);
    const std::size_t nFile = files.size(), nRaw = onnxRawColumns(project).size();
    // The model's features: the file's columns, the indicators in order, the calendar inputs.
    if (nFile + names.size() + (nRaw - nFile) != project.featureNames.size() ||
        !std::equal(names.begin(), names.end(), project.featureNames.begin() + static_cast<std::ptrdiff_t>(nFile)))
        throw DataError("ONNX export: the project's indicators (" + std::to_string(names.size()) +
                        " feature(s)) do not follow its file columns in its feature list");
    const std::int64_t lookBack = static_cast<std::int64_t>(indicatorLookBack(indicators));
    IndicatorNodes nodes(g, input, lookBack, project.series.window);

    std::vector<std::string> parts;
    parts.push_back(g.addNode("Slice",
                              {input, g.addInt64s("indicator.file.starts", {2}, {lookBack, 0}),
                               g.addInt64s("indicator.file.ends", {2}, {kEnd, static_cast<std::int64_t>(nFile)}),
                               g.addInt64s("indicator.file.axes", {2}, {1, 2})},
                              "file_rows"));
    for (std::size_t i = 0; i < indicators.size(); ++i) {
        const Indicator& ind = indicators[i];
        const std::size_t c =
            static_cast<std::size_t>(std::find(files.begin(), files.end(), ind.column) - files.begin());
        const std::string name = "indicator" + std::to_string(i);
        for (const std::string& feature : nodes.features(ind, c, name))
            parts.push_back(g.addNode("Unsqueeze", {feature, nodes.axis2()}, feature + ".column"));
    }
    if (nRaw > nFile)
        parts.push_back(g.addNode(
            "Slice",
            {input, g.addInt64s("indicator.calendar.starts", {2}, {lookBack, static_cast<std::int64_t>(nFile)}),
             g.addInt64s("indicator.calendar.ends", {2}, {kEnd, kEnd}),
             g.addInt64s("indicator.calendar.axes", {2}, {1, 2})},
            "calendar_rows"));
    return g.addNode("Concat", parts, "feature_rows", {{"axis", 2}});
}

}  // namespace studio
