#include "nn/gate_trace.h"

#include "base/error.h"

#include <cmath>
#include <numeric>

namespace studio {
namespace {

const NamedTensor& find(const std::vector<NamedTensor>& params, const std::string& name,
                        const std::vector<std::int64_t>& shape) {
    for (const NamedTensor& p : params)
        if (p.name == name) {
            if (p.shape != shape) throw Error("gate trace: parameter " + name + " has an unexpected shape");
            return p;
        }
    throw Error("gate trace: the model has no parameter " + name);
}

double sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

// One direction of one layer over x [time, in].
GateLayerTrace runDirection(const std::vector<NamedTensor>& params, const std::string& prefix, int layer,
                            bool backward, int in, int hidden, const std::vector<float>& x, int time) {
    const std::string suffix = "_l" + std::to_string(layer) + (backward ? "_reverse" : "");
    const std::int64_t rows = 4 * static_cast<std::int64_t>(hidden);
    const auto& wih = find(params, prefix + ".weight_ih" + suffix, {rows, in}).values;
    const auto& whh = find(params, prefix + ".weight_hh" + suffix, {rows, hidden}).values;
    const auto& bih = find(params, prefix + ".bias_ih" + suffix, {rows}).values;
    const auto& bhh = find(params, prefix + ".bias_hh" + suffix, {rows}).values;
    GateLayerTrace trace;
    trace.layer = layer;
    trace.backward = backward;
    trace.steps.resize(time);
    std::vector<double> h(hidden, 0.0), c(hidden, 0.0), pre(rows);
    for (int k = 0; k < time; ++k) {
        const int t = backward ? time - 1 - k : k;
        const float* xt = x.data() + static_cast<std::size_t>(t) * in;
        for (std::int64_t r = 0; r < rows; ++r) {
            double sum = static_cast<double>(bih[r]) + bhh[r];
            const float* wi = wih.data() + r * in;
            for (int j = 0; j < in; ++j) sum += static_cast<double>(wi[j]) * xt[j];
            const float* wh = whh.data() + r * hidden;
            for (int j = 0; j < hidden; ++j) sum += static_cast<double>(wh[j]) * h[j];
            pre[r] = sum;
        }
        GateStep& s = trace.steps[t];
        for (auto* v : {&s.i, &s.f, &s.g, &s.o, &s.c, &s.h}) v->resize(hidden);
        for (int u = 0; u < hidden; ++u) {
            const double i = sigmoid(pre[u]), f = sigmoid(pre[hidden + u]), g = std::tanh(pre[2 * hidden + u]),
                         o = sigmoid(pre[3 * hidden + u]);
            c[u] = f * c[u] + i * g;
            h[u] = o * std::tanh(c[u]);
            s.i[u] = static_cast<float>(i);
            s.f[u] = static_cast<float>(f);
            s.g[u] = static_cast<float>(g);
            s.o[u] = static_cast<float>(o);
            s.c[u] = static_cast<float>(c[u]);
            s.h[u] = static_cast<float>(h[u]);
        }
    }
    return trace;
}

}  // namespace

std::vector<double> GateLayerTrace::meanForget() const {
    std::vector<double> out;
    out.reserve(steps.size());
    for (const GateStep& s : steps)
        out.push_back(s.f.empty() ? 0.0 : std::accumulate(s.f.begin(), s.f.end(), 0.0) / s.f.size());
    return out;
}

std::vector<GateLayerTrace> traceLstm(const std::vector<NamedTensor>& params, const std::string& prefix,
                                      const LstmShape& shape, const std::vector<float>& x, int time) {
    if (time < 1 || shape.input < 1 || shape.hidden < 1 || shape.layers < 1 ||
        x.size() != static_cast<std::size_t>(time) * shape.input)
        throw Error("gate trace: the input does not match the network");
    std::vector<GateLayerTrace> out;
    std::vector<float> input = x;
    int width = shape.input;
    for (int layer = 0; layer < shape.layers; ++layer) {
        out.push_back(runDirection(params, prefix, layer, false, width, shape.hidden, input, time));
        if (shape.bidirectional)
            out.push_back(runDirection(params, prefix, layer, true, width, shape.hidden, input, time));
        // The next layer reads [forward h, backward h] at each step.
        const int dirs = shape.bidirectional ? 2 : 1;
        // A residual layer also hands on its own input.
        const bool residual = shape.residual && layer > 0;
        width = dirs * shape.hidden;
        if (!residual) input.assign(static_cast<std::size_t>(time) * width, 0.0f);
        for (int d = 0; d < dirs; ++d) {
            const GateLayerTrace& trace = out[out.size() - dirs + d];
            for (int t = 0; t < time; ++t) {
                float* row = input.data() + static_cast<std::size_t>(t) * width + d * shape.hidden;
                for (int u = 0; u < shape.hidden; ++u) row[u] = (residual ? row[u] : 0.0f) + trace.steps[t].h[u];
            }
        }
    }
    return out;
}

}  // namespace studio
