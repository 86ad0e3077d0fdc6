#include "runtime/quantized_model.h"

#include "runtime/quantized_model_io.h"

#include "base/error.h"
#include "nn/gate_trace.h"
#include "nn/model.h"
#include "base/file_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace studio {
namespace {

using nlohmann::json;

std::map<std::string, const NamedTensor*> byName(const std::vector<NamedTensor>& params) {
    std::map<std::string, const NamedTensor*> out;
    for (const auto& p : params) out[p.name] = &p;
    return out;
}

const NamedTensor& find(const std::map<std::string, const NamedTensor*>& params, const std::string& name) {
    const auto it = params.find(name);
    if (it == params.end()) throw Error("quantize: the model has no parameter '" + name + "'");
    return *it->second;
}

// Symmetric per-row scale; an all-zero row keeps scale 1 so it dequantizes to zeros.
float rowScale(float maxAbs) { return maxAbs > 0.0f ? 127.0f / maxAbs : 1.0f; }

std::int8_t quantize(float w, float scale) {
    // Round half to even, as oneDNN's quantizing reorder does, so the values we store are
    // the values oneDNN reproduces from their dequantized form.
    const float q = std::nearbyint(w * scale);
    return static_cast<std::int8_t>(std::clamp(q, -127.0f, 127.0f));
}

std::vector<std::int8_t> quantizeRows(const std::vector<float>& w, int rows, int cols,
                                      const std::vector<float>& scales) {
    std::vector<std::int8_t> q(w.size());
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) q[std::size_t(r) * cols + c] = quantize(w[std::size_t(r) * cols + c], scales[r]);
    return q;
}

QuantizedLinear quantizeNamedLinear(const NamedTensor& weight, const NamedTensor& bias) {
    return quantizeLinear(weight.values, static_cast<int>(weight.shape.at(0)), static_cast<int>(weight.shape.at(1)),
                          bias.values);
}

// Per feature: the chosen percentile of |x - mid-range of its window| over all values.
std::vector<float> calibrateInput(const std::vector<float>& x, int windows, int time, int features,
                                  const Int8Options& options) {
    std::vector<std::vector<float>> dev(features);
    for (int w = 0; w < windows; ++w) {
        const float* win = x.data() + std::size_t(w) * time * features;
        for (int f = 0; f < features; ++f) {
            float lo = win[f], hi = win[f];
            for (int t = 1; t < time; ++t)
                lo = std::min(lo, win[t * features + f]), hi = std::max(hi, win[t * features + f]);
            const float mid = 0.5f * (lo + hi);
            for (int t = 0; t < time; ++t) dev[f].push_back(std::abs(win[t * features + f] - mid));
        }
    }
    std::vector<float> scale(features, 1.0f);
    for (int f = 0; f < features; ++f) {
        auto& d = dev[f];
        const double p = std::clamp(options.inputPercentile, 0.0, 100.0) / 100.0;
        const std::size_t k = std::min(d.size() - 1, static_cast<std::size_t>(std::ceil(p * (d.size() - 1))));
        std::nth_element(d.begin(), d.begin() + k, d.end());
        const double range = d[k] * options.inputHeadroom;
        // A feature constant within every window carries no information the centre does not.
        scale[f] = range > 1e-12 ? static_cast<float>(range) : 1.0f;
    }
    return scale;
}

// The input ranges of a residual stack's layers after the first: each reads the sum of
// the layers' outputs below it, traced (gate_trace.h) on up to 256 of the calibration
// windows, evenly spaced, and measured as calibrateInput measures layer 0's.
std::vector<std::vector<float>> calibrateResidualInputs(const std::vector<NamedTensor>& params, const ModelSpec& spec,
                                                        int inputSize, const std::vector<float>& x, int windows,
                                                        int time, const Int8Options& options) {
    LstmShape shape;
    shape.input = inputSize;
    shape.hidden = spec.hidden;
    shape.layers = spec.layers;
    shape.bidirectional = spec.bidirectional;
    shape.residual = true;
    const int dirs = spec.bidirectional ? 2 : 1, width = dirs * spec.hidden;
    const int used = std::min(windows, 256);
    std::vector<std::vector<float>> inputs(spec.layers);  // [layer] -> [used, time, width]
    std::vector<float> stream(std::size_t(time) * width);
    for (int k = 0; k < used; ++k) {
        const std::size_t w = std::size_t(k) * windows / used;
        const std::vector<float> window(x.begin() + w * time * inputSize, x.begin() + (w + 1) * time * inputSize);
        const std::vector<GateLayerTrace> trace = traceLstm(params, "lstm", shape, window, time);
        std::fill(stream.begin(), stream.end(), 0.0f);
        for (int l = 0; l < spec.layers; ++l) {
            if (l > 0) inputs[l].insert(inputs[l].end(), stream.begin(), stream.end());
            for (int d = 0; d < dirs; ++d)
                for (int t = 0; t < time; ++t) {
                    const std::vector<float>& h = trace[std::size_t(l) * dirs + d].steps[t].h;
                    float* row = stream.data() + std::size_t(t) * width + d * spec.hidden;
                    for (int u = 0; u < spec.hidden; ++u) row[u] = (l > 0 ? row[u] : 0.0f) + h[u];
                }
        }
    }
    std::vector<std::vector<float>> scales(spec.layers);
    for (int l = 1; l < spec.layers; ++l) scales[l] = calibrateInput(inputs[l], used, time, width, options);
    return scales;
}

std::string layerName(const char* what, int layer, int direction) {
    return std::string("lstm.") + what + "_l" + std::to_string(layer) + (direction ? "_reverse" : "");
}

}  // namespace

QuantizedLinear quantizeLinear(const std::vector<float>& weight, int out, int in, const std::vector<float>& bias) {
    if (weight.size() != std::size_t(out) * in || (!bias.empty() && bias.size() != std::size_t(out)))
        throw Error("quantize: a Linear layer's weights do not fit [" + std::to_string(out) + ", " +
                    std::to_string(in) + "]");
    QuantizedLinear l;
    l.out = out;
    l.in = in;
    for (int r = 0; r < out; ++r) {
        float m = 0.0f;
        for (int c = 0; c < in; ++c) m = std::max(m, std::abs(weight[std::size_t(r) * in + c]));
        l.scales.push_back(rowScale(m));
    }
    l.weight = quantizeRows(weight, out, in, l.scales);
    l.bias = bias.empty() ? std::vector<float>(out, 0.0f) : bias;
    return l;
}

std::vector<QuantizedLstmLayer> quantizeLstmLayers(const std::vector<NamedTensor>& params, int inputSize, int hidden,
                                                   int layers, bool bidirectional,
                                                   const std::vector<float>& inputScale,
                                                   const std::vector<std::vector<float>>& layerScales) {
    const auto named = byName(params);
    const int gates = 4 * hidden, dirs = bidirectional ? 2 : 1;
    std::vector<QuantizedLstmLayer> out;
    for (int l = 0; l < layers; ++l) {
        QuantizedLstmLayer layer;
        layer.int8 = !(l == 0 && inputScale.empty());
        layer.inputWidth = l == 0 ? inputSize : hidden * dirs;
        if (l > 0 && std::size_t(l) < layerScales.size()) layer.inputScale = layerScales[l];
        // The scales folded into weight_ih: layer 0's, or a residual layer's own.
        const std::vector<float>& fold = l == 0 ? inputScale : layer.inputScale;
        if (layer.int8 && !fold.empty() && int(fold.size()) != layer.inputWidth)
            throw Error("quantize: layer " + std::to_string(l) + " has " + std::to_string(fold.size()) +
                        " input scales for " + std::to_string(layer.inputWidth) + " inputs");
        std::vector<std::vector<float>> ih(dirs), hh(dirs);
        for (int d = 0; d < dirs; ++d) {
            ih[d] = find(named, layerName("weight_ih", l, d)).values;
            hh[d] = find(named, layerName("weight_hh", l, d)).values;
            if (layer.int8 && !fold.empty())
                for (int r = 0; r < gates; ++r)
                    for (int c = 0; c < layer.inputWidth; ++c)
                        ih[d][std::size_t(r) * layer.inputWidth + c] *= fold[c];
        }
        if (layer.int8) {
            layer.scales.assign(gates, 0.0f);
            for (int r = 0; r < gates; ++r) {
                float m = 0.0f;
                for (int d = 0; d < dirs; ++d) {
                    for (int c = 0; c < layer.inputWidth; ++c)
                        m = std::max(m, std::abs(ih[d][std::size_t(r) * layer.inputWidth + c]));
                    for (int c = 0; c < hidden; ++c) m = std::max(m, std::abs(hh[d][std::size_t(r) * hidden + c]));
                }
                layer.scales[r] = rowScale(m);
            }
        }
        for (int d = 0; d < dirs; ++d) {
            QuantizedLstmDirection dir;
            if (layer.int8) {
                dir.weightIh = quantizeRows(ih[d], gates, layer.inputWidth, layer.scales);
                dir.weightHh = quantizeRows(hh[d], gates, hidden, layer.scales);
            } else {
                dir.weightIhF = ih[d];
                dir.weightHhF = hh[d];
            }
            const auto& bih = find(named, layerName("bias_ih", l, d)).values;
            const auto& bhh = find(named, layerName("bias_hh", l, d)).values;
            dir.bias.resize(gates);
            for (int r = 0; r < gates; ++r) dir.bias[r] = bih[r] + bhh[r];
            layer.directions.push_back(std::move(dir));
        }
        out.push_back(std::move(layer));
    }
    return out;
}

std::vector<float> dequantizedIh(const QuantizedLstmLayer& l, int direction) {
    const QuantizedLstmDirection& d = l.directions.at(direction);
    if (!l.int8) return d.weightIhF;
    std::vector<float> w(d.weightIh.size());
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = d.weightIh[i] / l.scales[i / l.inputWidth];
    return w;
}

std::vector<float> dequantizedHh(const QuantizedLstmLayer& l, int direction, int hidden) {
    const QuantizedLstmDirection& d = l.directions.at(direction);
    if (!l.int8) return d.weightHhF;
    std::vector<float> w(d.weightHh.size());
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = d.weightHh[i] / l.scales[i / hidden];
    return w;
}

bool positiveScales(const std::vector<float>& v) {
    return std::all_of(v.begin(), v.end(), [](float s) { return std::isfinite(s) && s > 0.0f; });
}

void validateLstmLayers(const std::vector<QuantizedLstmLayer>& layers, int inputSize, int hidden, int dirs,
                        bool inputScaled, const std::string& what) {
    const int gates = 4 * hidden;
    auto check = [&](bool ok, const std::string& message) {
        if (!ok) throw DataError(what + message);
    };
    check(!layers.empty() && (!layers[0].int8 || inputScaled), "layer-0 input scales missing");
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const auto& layer = layers[l];
        const int in = l == 0 ? inputSize : hidden * dirs;
        const std::string where = "layer " + std::to_string(l) + ": ";
        check(layer.int8 || l == 0, where + "only layer 0 may be fp32");
        check(layer.inputScale.empty() || (l > 0 && int(layer.inputScale.size()) == in &&
                                           positiveScales(layer.inputScale)),
              where + "input scales do not fit");
        check(layer.inputWidth == in, where + "input width differs from the spec");
        check(static_cast<int>(layer.directions.size()) == dirs, where + "direction count differs from the spec");
        check(!layer.int8 || static_cast<int>(layer.scales.size()) == gates, where + "scales missing");
        check(positiveScales(layer.scales), where + "scales must be positive");
        for (const auto& d : layer.directions) {
            const std::size_t ih = layer.int8 ? d.weightIh.size() : d.weightIhF.size();
            const std::size_t hh = layer.int8 ? d.weightHh.size() : d.weightHhF.size();
            check(ih == std::size_t(gates) * in && hh == std::size_t(gates) * hidden &&
                      d.bias.size() == std::size_t(gates),
                  where + "weights have the wrong size");
        }
    }
}

QuantizedModel quantizeModel(const Model& model, const std::vector<float>& calibration, int windows, int time,
                             const Int8Options& options) {
    QuantizedModel q;
    q.spec = model.spec();
    q.inputSize = model.inputSize();
    q.outputSize = model.outputSize();
    const std::vector<NamedTensor> params = model.parameters();
    const auto named = byName(params);
    const int hidden = q.spec.hidden;

    if (!options.firstLayerFp32) {
        if (windows < 1 || time < 1 || calibration.size() != std::size_t(windows) * time * q.inputSize)
            throw UsageError("quantize: the layer-0 input range needs calibration windows [n, time, " +
                             std::to_string(q.inputSize) + "]");
        q.inputScale = calibrateInput(calibration, windows, time, q.inputSize, options);
    }

    std::vector<std::vector<float>> layerScales;
    if (q.spec.residual && q.spec.layers > 1) {
        if (windows < 1 || time < 1 || calibration.size() != std::size_t(windows) * time * q.inputSize)
            throw UsageError("quantize: a residual stack's layer inputs need calibration windows [n, time, " +
                             std::to_string(q.inputSize) + "]");
        layerScales = calibrateResidualInputs(params, q.spec, q.inputSize, calibration, windows, time, options);
    }
    q.layers = quantizeLstmLayers(params, q.inputSize, hidden, q.spec.layers, q.spec.bidirectional, q.inputScale,
                                  layerScales);

    if (q.spec.head == HeadKind::Linear) {
        q.head.push_back(quantizeNamedLinear(find(named, "head.weight"), find(named, "head.bias")));
    } else {
        q.head.push_back(quantizeNamedLinear(find(named, "head.0.weight"), find(named, "head.0.bias")));
        q.head.push_back(quantizeNamedLinear(find(named, "head.2.weight"), find(named, "head.2.bias")));
    }
    q.validate();
    return q;
}

std::int64_t QuantizedModel::bytes() const {
    std::int64_t n = 4 * static_cast<std::int64_t>(inputScale.size());
    for (const auto& l : layers) {
        n += 4 * static_cast<std::int64_t>(l.scales.size() + l.inputScale.size());
        for (const auto& d : l.directions)
            n += d.weightIh.size() + d.weightHh.size() + 4 * (d.weightIhF.size() + d.weightHhF.size() + d.bias.size());
    }
    for (const auto& h : head) n += h.weight.size() + 4 * (h.scales.size() + h.bias.size());
    return n;
}

std::vector<float> QuantizedModel::dequantizedIh(int layer, int direction) const {
    return studio::dequantizedIh(layers.at(layer), direction);
}

std::vector<float> QuantizedModel::dequantizedHh(int layer, int direction) const {
    return studio::dequantizedHh(layers.at(layer), direction, spec.hidden);
}

void QuantizedModel::validate() const {
    const std::string what = "int8 model: ";
    const int hidden = spec.hidden, dirs = spec.bidirectional ? 2 : 1;
    auto check = [&](bool ok, const std::string& message) {
        if (!ok) throw DataError(what + message);
    };
    check(hidden > 0 && inputSize > 0 && outputSize > 0, "empty spec");
    check(static_cast<int>(layers.size()) == spec.layers, "layer count differs from the spec");
    check(dataScale > 0.0f && dataShift >= 0.0f && dataShift <= 255.0f, "bad data quantization");
    check(positiveScales(inputScale), "layer-0 input scales must be positive");
    check(inputScale.empty() || static_cast<int>(inputScale.size()) == inputSize, "layer-0 input scales missing");
    validateLstmLayers(layers, inputSize, hidden, dirs, !inputScale.empty(), what);
    for (std::size_t l = 1; l < layers.size(); ++l)
        check(layers[l].inputScale.empty() != (spec.residual && spec.layers > 1),
              "layer " + std::to_string(l) + (spec.residual ? ": a residual layer needs input scales"
                                                             : ": input scales on a layer without a skip"));
    check(head.size() == (spec.head == HeadKind::Linear ? 1u : 2u), "head kind differs from the spec");
    int width = spec.readoutWidth();
    for (std::size_t i = 0; i < head.size(); ++i) {
        const auto& h = head[i];
        check(h.in == width && h.weight.size() == std::size_t(h.in) * h.out && h.scales.size() == std::size_t(h.out) &&
                  h.bias.size() == std::size_t(h.out) && positiveScales(h.scales),
              "head layer " + std::to_string(i) + " has the wrong size or scales");
        width = h.out;
    }
    check(width == outputSize, "head output differs from the spec");
}

// ---- files --------------------------------------------------------------------------

namespace quantized_io {

template <typename T>
json BlobWriter::add(const std::vector<T>& v, const char* dtype, std::vector<std::int64_t> shape) {
    const std::size_t offset = data_.size();
    data_.resize(offset + v.size() * sizeof(T));
    if (!v.empty()) std::memcpy(data_.data() + offset, v.data(), v.size() * sizeof(T));
    return json{{"offset", offset}, {"bytes", v.size() * sizeof(T)}, {"dtype", dtype}, {"shape", shape}};
}
template json BlobWriter::add(const std::vector<float>&, const char*, std::vector<std::int64_t>);
template json BlobWriter::add(const std::vector<std::int8_t>&, const char*, std::vector<std::int64_t>);

namespace {

template <typename T>
std::vector<T> readBlob(const std::string& bin, const json& j, const char* dtype, std::size_t count,
                        const std::string& path) {
    const std::size_t offset = j.at("offset").get<std::size_t>(), bytes = j.at("bytes").get<std::size_t>();
    if (j.at("dtype").get<std::string>() != dtype || bytes != count * sizeof(T) || offset + bytes > bin.size())
        throw DataError(path + ": tensor at offset " + std::to_string(offset) + " does not match its description");
    std::vector<T> v(count);
    if (count) std::memcpy(v.data(), bin.data() + offset, bytes);
    return v;
}

}  // namespace

std::vector<std::int8_t> readInt8(const std::string& bin, const json& j, std::size_t count, const std::string& path) {
    return readBlob<std::int8_t>(bin, j, "int8", count, path);
}

std::vector<float> readFloat(const std::string& bin, const json& j, std::size_t count, const std::string& path) {
    return readBlob<float>(bin, j, "float32", count, path);
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(path + ": cannot be opened (run `lstm-studio-cli quantize` first?)");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

json readModelFiles(const std::string& binPath, const std::string& jsonPath, const std::string& format,
                    const std::string& what, std::string& bin) {
    bin = readAll(binPath);
    json j;
    try {
        j = json::parse(readAll(jsonPath));
        if (j.value("format", "") != format) throw DataError(jsonPath + ": not " + what);
        if (j.at("format_version").get<int>() > 1) throw DataError(jsonPath + ": written by a newer LSTM Studio");
        if (j.at("bin_bytes").get<std::size_t>() != bin.size())
            throw DataError(binPath + ": " + std::to_string(bin.size()) + " bytes, " + jsonPath + " describes " +
                            std::to_string(j.at("bin_bytes").get<std::size_t>()) + " (files from different runs?)");
    } catch (const json::parse_error& e) {
        throw DataError(jsonPath + ": not valid JSON (" + e.what() + ")");
    } catch (const json::exception& e) {
        throw DataError(jsonPath + ": " + e.what());
    }
    return j;
}

void writeModelFiles(const std::string& binPath, const std::string& jsonPath, const BlobWriter& blob,
                     json description) {
    description["bin_bytes"] = blob.data().size();
    writeFileAtomically(binPath, blob.data());
    writeFileAtomically(jsonPath, description.dump(1) + "\n");
}

json lstmLayersJson(const std::vector<QuantizedLstmLayer>& layers, int hidden, BlobWriter& blob) {
    const std::int64_t gates = 4 * hidden;
    json out = json::array();
    for (const auto& l : layers) {
        json dirs = json::array();
        for (const auto& d : l.directions) {
            json jd;
            if (l.int8) {
                jd["weight_ih"] = blob.add(d.weightIh, "int8", {gates, l.inputWidth});
                jd["weight_hh"] = blob.add(d.weightHh, "int8", {gates, hidden});
            } else {
                jd["weight_ih"] = blob.add(d.weightIhF, "float32", {gates, l.inputWidth});
                jd["weight_hh"] = blob.add(d.weightHhF, "float32", {gates, hidden});
            }
            jd["bias"] = blob.add(d.bias, "float32", {gates});
            dirs.push_back(jd);
        }
        json jl = {{"int8", l.int8}, {"input_width", l.inputWidth}, {"scales", l.scales}, {"directions", dirs}};
        if (!l.inputScale.empty()) jl["input_scale"] = l.inputScale;
        out.push_back(std::move(jl));
    }
    return out;
}

std::vector<QuantizedLstmLayer> lstmLayersFromJson(const json& j, const std::string& bin, int hidden,
                                                   const std::string& binPath) {
    const std::size_t gates = 4 * std::size_t(hidden);
    std::vector<QuantizedLstmLayer> layers;
    for (const json& jl : j) {
        QuantizedLstmLayer l;
        l.int8 = jl.at("int8").get<bool>();
        l.inputWidth = jl.at("input_width").get<int>();
        if (l.inputWidth < 1) throw DataError(binPath + ": a layer has no inputs");
        l.scales = jl.at("scales").get<std::vector<float>>();
        l.inputScale = jl.value("input_scale", std::vector<float>{});
        for (const json& jd : jl.at("directions")) {
            QuantizedLstmDirection d;
            if (l.int8) {
                d.weightIh = readInt8(bin, jd.at("weight_ih"), gates * l.inputWidth, binPath);
                d.weightHh = readInt8(bin, jd.at("weight_hh"), gates * hidden, binPath);
            } else {
                d.weightIhF = readFloat(bin, jd.at("weight_ih"), gates * l.inputWidth, binPath);
                d.weightHhF = readFloat(bin, jd.at("weight_hh"), gates * hidden, binPath);
            }
            d.bias = readFloat(bin, jd.at("bias"), gates, binPath);
            l.directions.push_back(std::move(d));
        }
        layers.push_back(std::move(l));
    }
    return layers;
}

json linearJson(const QuantizedLinear& h, BlobWriter& blob) {
    return {{"in", h.in},
            {"out", h.out},
            {"scales", h.scales},
            {"weight", blob.add(h.weight, "int8", {h.out, h.in})},
            {"bias", blob.add(h.bias, "float32", {h.out})}};
}

QuantizedLinear linearFromJson(const json& jh, const std::string& bin, const std::string& binPath) {
    QuantizedLinear h;
    h.in = jh.at("in").get<int>();
    h.out = jh.at("out").get<int>();
    if (h.in < 1 || h.out < 1) throw DataError(binPath + ": a Linear layer has no inputs or outputs");
    h.scales = jh.at("scales").get<std::vector<float>>();
    h.weight = readInt8(bin, jh.at("weight"), std::size_t(h.in) * h.out, binPath);
    h.bias = readFloat(bin, jh.at("bias"), h.out, binPath);
    return h;
}

}  // namespace quantized_io

void saveQuantizedModel(const QuantizedModel& q, const std::string& binPath, const std::string& jsonPath) {
    using namespace quantized_io;
    q.validate();
    BlobWriter blob;
    json j = {
        {"format", "lstm-studio-int8"},
        {"format_version", 1},
        {"semantics",
         "int8 weights, symmetric, per output channel (q = round(w * scale)); activations u8 = "
         "data.scale * x + data.shift; layer-0 input x' = (x - per-call mid-range) / input_scale"},
        {"spec",
         {{"hidden", q.spec.hidden},
          {"layers", q.spec.layers},
          {"bidirectional", q.spec.bidirectional},
          {"residual", q.spec.residual},
          {"head", toString(q.spec.head)},
          {"input", q.inputSize},
          {"output", q.outputSize}}},
        {"bytes", q.bytes()},
    };
    addStackJson(j, q, blob);
    j["head"] = json::array();
    for (const auto& h : q.head) j["head"].push_back(linearJson(h, blob));
    writeModelFiles(binPath, jsonPath, blob, j);
}

QuantizedModel loadQuantizedModel(const std::string& binPath, const std::string& jsonPath) {
    using namespace quantized_io;
    return readQuantized<QuantizedModel>(binPath, jsonPath, "lstm-studio-int8", "an LSTM Studio int8 model",
                                         [&](const json& j, const std::string& bin, QuantizedModel& q) {
                                             const json& s = j.at("spec");
                                             q.spec.hidden = s.at("hidden").get<int>();
                                             q.spec.layers = s.at("layers").get<int>();
                                             q.spec.bidirectional = s.at("bidirectional").get<bool>();
                                             q.spec.residual = s.value("residual", false);
                                             q.spec.head = parseEnum<HeadKind>(s.at("head").get<std::string>());
                                             q.inputSize = s.at("input").get<int>();
                                             q.outputSize = s.at("output").get<int>();
                                             readStackJson(j, q, bin, binPath);
                                             for (const json& jh : j.at("head"))
                                                 q.head.push_back(linearFromJson(jh, bin, binPath));
                                         });
}

void Int8Options::validate() const {
    if (!(inputPercentile > 0.0 && inputPercentile <= 100.0))
        throw UsageError("the input percentile must lie above 0 and at most 100, got " + std::to_string(inputPercentile));
    if (!(inputHeadroom > 0.0 && std::isfinite(inputHeadroom)))
        throw UsageError("the input headroom must be a positive factor, got " + std::to_string(inputHeadroom));
}

}  // namespace studio
