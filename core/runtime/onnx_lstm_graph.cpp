#include "runtime/onnx_lstm_graph.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>

namespace studio {
namespace {

// int8 weights use 7 bits, [-63, 63]: ONNX Runtime's uint8 x int8 kernels on AVX2 machines
// without VNNI add pairs of products in 16 bits, which full-range weights can saturate
// (ONNX Runtime's own quantizer calls this reduce_range).
constexpr float kInt8Max = 63.0f;

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

void append(std::vector<float>& to, const std::vector<float>& from) { to.insert(to.end(), from.begin(), from.end()); }

// One nn.LSTM layer's weights in ONNX's layout: W [D, 4H, I], R [D, 4H, H], B [D, 8H]
// (input bias, then hidden bias), forward direction first.
struct LayerWeights {
    std::vector<float> w, r, b;
};

LayerWeights layerWeights(const std::vector<NamedTensor>& params, int layer, int inputSize, int hidden,
                          bool bidirectional) {
    const int h = hidden;
    LayerWeights out;
    for (const char* suffix : {"", "_reverse"}) {
        if (*suffix && !bidirectional) break;
        const std::string k = std::to_string(layer) + suffix;
        append(out.w,
               onnxGateOrder(onnxParameter(params, "lstm.weight_ih_l" + k, {4 * h, inputSize}).values, h, inputSize));
        append(out.r, onnxGateOrder(onnxParameter(params, "lstm.weight_hh_l" + k, {4 * h, h}).values, h, h));
        append(out.b, onnxGateOrder(onnxParameter(params, "lstm.bias_ih_l" + k, {4 * h}).values, h, 1));
        append(out.b, onnxGateOrder(onnxParameter(params, "lstm.bias_hh_l" + k, {4 * h}).values, h, 1));
    }
    return out;
}

// Symmetric per-channel int8 for com.microsoft.DynamicQuantizeLSTM, which takes its
// weights transposed ([D, K, 4H] for ONNX's [D, 4H, K]) with one scale per gate unit (a
// column there) and zero points of 0, the only ones ONNX Runtime accepts for int8.
struct QuantizedWeights {
    std::vector<std::int8_t> values;  // [dirs, cols, rows]
    std::vector<float> scales;        // [dirs, rows]
};

QuantizedWeights quantizePerColumn(const std::vector<float>& w, std::int64_t dirs, std::int64_t rows,
                                   std::int64_t cols) {
    QuantizedWeights q;
    q.values.assign(w.size(), 0);
    for (std::int64_t d = 0; d < dirs; ++d)
        for (std::int64_t r = 0; r < rows; ++r) {
            const float* row = w.data() + (d * rows + r) * cols;
            float peak = 0.0f;
            for (std::int64_t c = 0; c < cols; ++c) peak = std::max(peak, std::abs(row[c]));
            const float scale = peak > 0.0f ? peak / kInt8Max : 1.0f;
            q.scales.push_back(scale);
            for (std::int64_t c = 0; c < cols; ++c) {
                const float v = std::clamp(std::nearbyint(row[c] / scale), -kInt8Max, kInt8Max);
                q.values[(d * cols + c) * rows + r] = static_cast<std::int8_t>(v);
            }
        }
    return q;
}

}  // namespace

std::vector<float> onnxGateOrder(const std::vector<float>& pytorch, int hidden, std::int64_t cols) {
    const std::size_t block = static_cast<std::size_t>(hidden) * static_cast<std::size_t>(cols);
    if (pytorch.size() != 4 * block) throw Error("ONNX export: an LSTM weight does not hold four gate blocks");
    std::vector<float> out;
    out.reserve(pytorch.size());
    for (std::size_t gate : {0, 3, 1, 2})  // i, o, f, g(=c) out of i, f, g, o
        out.insert(out.end(), pytorch.begin() + gate * block, pytorch.begin() + (gate + 1) * block);
    return out;
}

const NamedTensor& onnxParameter(const std::vector<NamedTensor>& params, const std::string& name,
                                 const std::vector<std::int64_t>& shape) {
    const auto it = std::find_if(params.begin(), params.end(), [&](const NamedTensor& p) { return p.name == name; });
    if (it == params.end()) throw Error("ONNX export: the model has no parameter '" + name + "'");
    if (it->shape != shape)
        throw Error("ONNX export: parameter '" + name + "' is " + shapeText(it->shape) + ", expected " +
                    shapeText(shape));
    return *it;
}

// Gemm(x, W^T) + b: PyTorch's Linear keeps W as [out, in], which transB reads as is.
std::string addOnnxLinear(OnnxGraphBuilder& g, const std::vector<NamedTensor>& params, const std::string& prefix,
                          std::int64_t in, std::int64_t out, const std::string& x, const std::string& y) {
    const std::string w =
        g.addFloats(prefix + ".weight", {out, in}, onnxParameter(params, prefix + ".weight", {out, in}).values);
    const std::string b = g.addFloats(prefix + ".bias", {out}, onnxParameter(params, prefix + ".bias", {out}).values);
    return g.addNode("Gemm", {x, w, b}, y, {{"transB", 1}});
}

std::string addOnnxLinearNd(OnnxGraphBuilder& g, const std::vector<NamedTensor>& params, const std::string& prefix,
                            std::int64_t in, std::int64_t out, const std::string& x, const std::string& y,
                            bool hasBias) {
    // MatMul has no transpose attribute, so W^T [in, out] is stored.
    const std::vector<float>& w = onnxParameter(params, prefix + ".weight", {out, in}).values;
    std::vector<float> wt(w.size());
    for (std::int64_t o = 0; o < out; ++o)
        for (std::int64_t i = 0; i < in; ++i) wt[i * out + o] = w[o * in + i];
    const std::string product =
        g.addNode("MatMul", {x, g.addFloats(prefix + ".weight_t", {in, out}, wt)}, hasBias ? prefix + ".xw" : y);
    if (!hasBias) return product;
    const std::string b = g.addFloats(prefix + ".bias", {out}, onnxParameter(params, prefix + ".bias", {out}).values);
    return g.addNode("Add", {product, b}, y);
}

std::vector<std::string> addOnnxLstmLayer(OnnxGraphBuilder& g, const std::vector<NamedTensor>& params, int layer,
                                          int inputWidth, int hidden, bool bidirectional, const OnnxLstmLayerIo& io,
                                          bool int8Weights) {
    const std::int64_t h = hidden, dirs = bidirectional ? 2 : 1, width = inputWidth;
    const LayerWeights lw = layerWeights(params, layer, inputWidth, hidden, bidirectional);
    const std::string prefix = "lstm.l" + std::to_string(layer);
    const std::string b = g.addFloats(prefix + ".B", {dirs, 8 * h}, lw.b);
    const char* direction = bidirectional ? "bidirectional" : "forward";
    if (int8Weights) {
        const QuantizedWeights qw = quantizePerColumn(lw.w, dirs, 4 * h, width);
        const QuantizedWeights qr = quantizePerColumn(lw.r, dirs, 4 * h, h);
        const std::string zero =
            g.addInt8s(prefix + ".zero_point", {dirs, 4 * h}, std::vector<std::int8_t>(dirs * 4 * h, 0));
        return g.addNode("DynamicQuantizeLSTM",
                         {io.x, g.addInt8s(prefix + ".W_int8", {dirs, width, 4 * h}, qw.values),
                          g.addInt8s(prefix + ".R_int8", {dirs, h, 4 * h}, qr.values), b, io.sequenceLens, io.initialH,
                          io.initialC, "", g.addFloats(prefix + ".W_scale", {dirs, 4 * h}, qw.scales), zero,
                          g.addFloats(prefix + ".R_scale", {dirs, 4 * h}, qr.scales), zero},
                         {io.y, io.yh, io.yc}, {{"hidden_size", h}, {"direction", direction}}, "com.microsoft");
    }
    const std::string w = g.addFloats(prefix + ".W", {dirs, 4 * h, width}, lw.w);
    const std::string r = g.addFloats(prefix + ".R", {dirs, 4 * h, h}, lw.r);
    // Trailing optional inputs are left off rather than named "".
    std::vector<std::string> inputs = {io.x, w, r, b, io.sequenceLens, io.initialH, io.initialC};
    while (inputs.back().empty()) inputs.pop_back();
    return g.addNode("LSTM", inputs, {io.y, io.yh, io.yc}, {{"hidden_size", h}, {"direction", direction}});
}

std::string addOnnxLstmSequence(OnnxGraphBuilder& g, const std::string& y, int hidden, bool bidirectional,
                                const std::string& name) {
    if (!bidirectional) return g.addNode("Squeeze", {y, g.addInt64s(name + ".axes", {1}, {1})}, name);
    // [T, 2, B, H] -> [T, B, 2, H] -> [T, B, 2H], the concatenation nn.LSTM feeds on.
    const std::string tbdh =
        g.addNode("Transpose", {y}, name + ".tbdh", {{"perm", std::vector<std::int64_t>{0, 2, 1, 3}}});
    return g.addNode("Reshape", {tbdh, g.addInt64s(name + ".shape", {3}, {0, 0, 2 * std::int64_t{hidden}})}, name);
}

std::string addOnnxFinalStates(OnnxGraphBuilder& g, const std::string& yh, int hidden, bool bidirectional,
                               const std::string& name) {
    if (!bidirectional) return g.addNode("Squeeze", {yh, g.addInt64s(name + ".axes", {1}, {0})}, name);
    // [2, B, H] -> [B, 2, H] -> [B, 2H]: forward state, then backward state.
    const std::string bdh = g.addNode("Transpose", {yh}, name + ".bdh", {{"perm", std::vector<std::int64_t>{1, 0, 2}}});
    return g.addNode("Reshape", {bdh, g.addInt64s(name + ".shape", {2}, {0, 2 * std::int64_t{hidden}})}, name);
}

namespace {

// The readout's steps of a sequence [T, B, D*H]: the last step, or for a BiLSTM the
// forward half of the last step next to the backward half of the first.
std::string addSequenceReadout(OnnxGraphBuilder& g, const std::string& seq, int hidden, bool bidirectional,
                               const std::string& name) {
    const std::string last = g.addNode("Gather", {seq, g.addInt64s(name + ".last", {}, {-1})}, name + ".last_step",
                                       {{"axis", 0}});
    if (!bidirectional) return last;
    const std::int64_t h = hidden;
    const std::string first = g.addNode("Gather", {seq, g.addInt64s(name + ".first", {}, {0})}, name + ".first_step",
                                        {{"axis", 0}});
    const std::string axes = g.addInt64s(name + ".axes", {1}, {1});
    const std::string forward = g.addNode(
        "Slice", {last, g.addInt64s(name + ".fw_start", {1}, {0}), g.addInt64s(name + ".fw_end", {1}, {h}), axes},
        name + ".forward");
    const std::string backward =
        g.addNode("Slice", {first, g.addInt64s(name + ".bw_start", {1}, {h}), g.addInt64s(name + ".bw_end", {1}, {2 * h}),
                            axes},
                  name + ".backward");
    return g.addNode("Concat", {forward, backward}, name, {{"axis", 1}});
}

}  // namespace

std::string addOnnxLstmReadout(OnnxGraphBuilder& g, const ModelSpec& spec, int inputSize,
                               const std::vector<NamedTensor>& params, const std::string& x, bool int8Weights) {
    if (spec.layers < 1) throw Error("ONNX export: a model needs at least one LSTM layer");
    std::string layerInput = x;
    int width = inputSize;
    for (int k = 0; k < spec.layers; ++k) {
        const std::string prefix = "lstm.l" + std::to_string(k);
        // A residual layer (after the first) adds its input to its output.
        const bool residual = spec.residual && k > 0;
        // Inner layers hand their full output Y [T, D, B, H] on; the last layer only needs
        // the final states Y_h [D, B, H], which are exactly the readout's steps.
        OnnxLstmLayerIo io;
        io.x = layerInput;
        if (k + 1 < spec.layers) {
            io.y = prefix + ".Y";
            const std::string y =
                addOnnxLstmLayer(g, params, k, width, spec.hidden, spec.bidirectional, io, int8Weights)[0];
            const std::string out = addOnnxLstmSequence(g, y, spec.hidden, spec.bidirectional, prefix + ".out");
            layerInput = residual ? g.addNode("Add", {out, layerInput}, prefix + ".residual") : out;
            width = spec.readoutWidth();
        } else {
            io.yh = prefix + ".Y_h";
            const std::string yh =
                addOnnxLstmLayer(g, params, k, width, spec.hidden, spec.bidirectional, io, int8Weights)[1];
            if (!residual) return addOnnxFinalStates(g, yh, spec.hidden, spec.bidirectional, "readout");
            const std::string states = addOnnxFinalStates(g, yh, spec.hidden, spec.bidirectional, prefix + ".states");
            const std::string skip =
                addSequenceReadout(g, layerInput, spec.hidden, spec.bidirectional, prefix + ".skip");
            return g.addNode("Add", {states, skip}, "readout");
        }
    }
    return {};  // not reached: the last layer returns
}

std::string addOnnxHead(OnnxGraphBuilder& g, const ModelSpec& spec, int outputSize,
                        const std::vector<NamedTensor>& params, const std::string& features) {
    const std::int64_t width = spec.readoutWidth();
    if (spec.head == HeadKind::Linear) return addOnnxLinear(g, params, "head", width, outputSize, features, "head.out");
    // nn.Sequential(Linear, ReLU, Linear) names its layers 0 and 2.
    const std::string hidden = addOnnxLinear(g, params, "head.0", width, 32, features, "head.0.out");
    const std::string relu = g.addNode("Relu", {hidden}, "head.1.out");
    return addOnnxLinear(g, params, "head.2", 32, outputSize, relu, "head.out");
}

}  // namespace studio
