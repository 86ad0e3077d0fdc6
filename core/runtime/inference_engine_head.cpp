#include "runtime/inference_engine_head.h"

#include "base/error.h"
#include "nn/model.h"

#include <algorithm>
#include <cmath>

namespace studio {
namespace {

const NamedTensor& param(const std::vector<NamedTensor>& params, const std::string& name) {
    for (const auto& p : params)
        if (p.name == name) return p;
    throw Error("inference head: the model has no parameter '" + name + "'");
}

// The two inner loops, vectorized (the default -O2 leaves them scalar). y += a * x.
__attribute__((optimize("O3"))) void addScaled(float* __restrict y, const float* __restrict x, float a, int n) {
    for (int i = 0; i < n; ++i) y[i] += a * x[i];
}

__attribute__((optimize("O3"))) std::int32_t dotS8(const std::int8_t* __restrict w, const int* __restrict x, int n) {
    std::int32_t acc = 0;
    for (int i = 0; i < n; ++i) acc += static_cast<std::int32_t>(w[i]) * x[i];
    return acc;
}

}  // namespace

void InferenceHead::transpose(Layer& l) {
    l.weightT.resize(l.weight.size());
    for (int r = 0; r < l.out; ++r)
        for (int i = 0; i < l.in; ++i) l.weightT[std::size_t(i) * l.out + r] = l.weight[std::size_t(r) * l.in + i];
}

InferenceHead::InferenceHead(HeadKind kind, const std::vector<NamedTensor>& params) {
    const std::vector<std::string> names =
        kind == HeadKind::Linear ? std::vector<std::string>{"head"} : std::vector<std::string>{"head.0", "head.2"};
    for (const auto& name : names) {
        const NamedTensor& w = param(params, name + ".weight");
        Layer l;
        l.out = static_cast<int>(w.shape.at(0));
        l.in = static_cast<int>(w.shape.at(1));
        l.weight = w.values;
        l.bias = param(params, name + ".bias").values;
        transpose(l);
        layers_.push_back(std::move(l));
    }
}

InferenceHead::InferenceHead(const std::vector<NamedTensor>& params, const std::string& name) {
    const NamedTensor& w = param(params, name + ".weight");
    Layer l;
    l.out = static_cast<int>(w.shape.at(0));
    l.in = static_cast<int>(w.shape.at(1));
    l.weight = w.values;
    l.bias.assign(l.out, 0.0f);
    for (const auto& p : params)
        if (p.name == name + ".bias") l.bias = p.values;
    transpose(l);
    layers_.push_back(std::move(l));
}

InferenceHead::InferenceHead(const std::vector<QuantizedLinear>& layers) : int8_(true) {
    for (const auto& ql : layers) {
        Layer l;
        l.in = ql.in, l.out = ql.out;
        l.q = ql.weight;
        l.scales = ql.scales;
        l.bias = ql.bias;
        layers_.push_back(std::move(l));
    }
    if (layers_.empty()) throw Error("inference head: no layers");
}

std::int64_t InferenceHead::bytes() const {
    std::int64_t n = 0;
    for (const auto& l : layers_) n += 4 * (l.weight.size() + l.scales.size() + l.bias.size()) + l.q.size();
    return n;
}

void InferenceHead::runLayer(const Layer& l, const float* x, float* y) {
    if (!int8_) {
        std::copy(l.bias.begin(), l.bias.end(), y);
        for (int i = 0; i < l.in; ++i) addScaled(y, l.weightT.data() + std::size_t(i) * l.out, x[i], l.out);
        return;
    }
    // Affine u8 over [min(0, min x), max(0, max x)] so that 0 is exact (ReLU outputs).
    float lo = 0.0f, hi = 0.0f;
    for (int i = 0; i < l.in; ++i) lo = std::min(lo, x[i]), hi = std::max(hi, x[i]);
    if (hi - lo <= 0.0f) {
        for (int r = 0; r < l.out; ++r) y[r] = l.bias[r];
        return;
    }
    const float step = (hi - lo) / 255.0f;
    const int zero = static_cast<int>(std::nearbyint(-lo / step));
    quantized_.resize(l.in);
    int* qx = quantized_.data();
    for (int i = 0; i < l.in; ++i)
        qx[i] = std::clamp(static_cast<int>(std::nearbyint(x[i] / step)) + zero, 0, 255) - zero;
    for (int r = 0; r < l.out; ++r) {
        const std::int32_t acc = dotS8(l.q.data() + std::size_t(r) * l.in, qx, l.in);
        y[r] = static_cast<float>(acc) * (step / l.scales[r]) + l.bias[r];
    }
}

void InferenceHead::run(const float* features, int batch, float* y) {
    if (layers_.empty()) throw Error("inference head: no layers");
    if (layers_.size() == 1) {
        for (int n = 0; n < batch; ++n)
            runLayer(layers_[0], features + std::size_t(n) * inputWidth(), y + std::size_t(n) * outputWidth());
        return;
    }
    const Layer& a = layers_[0];
    const Layer& b = layers_[1];
    scratch_.resize(a.out);
    for (int n = 0; n < batch; ++n) {
        runLayer(a, features + std::size_t(n) * a.in, scratch_.data());
        for (float& v : scratch_) v = std::max(v, 0.0f);
        runLayer(b, scratch_.data(), y + std::size_t(n) * b.out);
    }
}

}  // namespace studio
