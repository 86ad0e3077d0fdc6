#include "tasks/text/quantized_text_model.h"

#include "tasks/text/text_project.h"

#include "runtime/quantized_model_io.h"
#include "base/error.h"
#include "nn/model.h"
#include "nn/text_model.h"
#include "base/file_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace studio {
namespace {

using nlohmann::json;

const NamedTensor& find(const std::vector<NamedTensor>& params, const std::string& name) {
    for (const auto& p : params)
        if (p.name == name) return p;
    throw Error("quantize: the text model has no parameter '" + name + "'");
}

std::vector<float> biasOrEmpty(const std::vector<NamedTensor>& params, const std::string& name) {
    for (const auto& p : params)
        if (p.name == name) return p.values;
    return {};
}

QuantizedLinear linear(const std::vector<NamedTensor>& params, const std::string& name) {
    const NamedTensor& w = find(params, name + ".weight");
    return quantizeLinear(w.values, static_cast<int>(w.shape.at(0)), static_cast<int>(w.shape.at(1)),
                          biasOrEmpty(params, name + ".bias"));
}

int directions(const TextModelSpec& spec) { return spec.featureWidth() / spec.hidden; }

}  // namespace

QuantizedTextModel quantizeTextModel(const TextModel& model) {
    QuantizedTextModel q;
    q.spec = model.spec();
    const std::vector<NamedTensor> params = model.parameters();
    const int vocab = q.spec.vocabSize, dim = q.spec.embeddingDim;
    const QuantizedLinear table = linear(params, "embedding");  // per-row int8, zero "bias"
    if (table.out != vocab || table.in != dim) throw Error("quantize: the embedding does not fit the spec");
    q.embedding = table.weight;
    q.embeddingScales = table.scales;
    // Layer 0 sees dequantized rows: half of each column's range over the table bounds
    // every text's spread around its own mid-range.
    const std::vector<float> rows = q.dequantizedEmbedding();
    q.inputScale.assign(dim, 1.0f);
    for (int f = 0; f < dim; ++f) {
        float lo = rows[f], hi = rows[f];
        for (int v = 1; v < vocab; ++v)
            lo = std::min(lo, rows[std::size_t(v) * dim + f]), hi = std::max(hi, rows[std::size_t(v) * dim + f]);
        if (hi - lo > 1e-12f) q.inputScale[f] = 0.5f * (hi - lo);
    }
    q.layers = quantizeLstmLayers(params, dim, q.spec.hidden, q.spec.layers, directions(q.spec) == 2, q.inputScale);
    if (q.spec.head == TextHead::Classes && q.spec.pooling == Pooling::Attention) {
        q.attention.push_back(linear(params, "attn_proj"));
        q.attention.push_back(linear(params, "attn_score"));
    }
    q.head = linear(params, "head");
    q.validate();
    return q;
}

std::int64_t QuantizedTextModel::bytes() const {
    std::int64_t n = static_cast<std::int64_t>(embedding.size()) + 4 * (embeddingScales.size() + inputScale.size());
    for (const auto& l : layers) {
        n += 4 * static_cast<std::int64_t>(l.scales.size());
        for (const auto& d : l.directions)
            n += d.weightIh.size() + d.weightHh.size() + 4 * (d.weightIhF.size() + d.weightHhF.size() + d.bias.size());
    }
    auto linearBytes = [](const QuantizedLinear& h) {
        return static_cast<std::int64_t>(h.weight.size() + 4 * (h.scales.size() + h.bias.size()));
    };
    n += linearBytes(head);
    for (const auto& h : attention) n += linearBytes(h);
    return n;
}

std::vector<float> QuantizedTextModel::dequantizedEmbedding() const {
    const std::size_t dim = spec.embeddingDim;
    std::vector<float> out(embedding.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = embedding[i] / embeddingScales[i / dim];
    return out;
}

void QuantizedTextModel::validate() const {
    const std::string what = "int8 text model: ";
    auto check = [&](bool ok, const std::string& message) {
        if (!ok) throw DataError(what + message);
    };
    check(spec.vocabSize > 0 && spec.embeddingDim > 0 && spec.hidden > 0 && spec.layers > 0, "empty spec");
    check(dataScale > 0.0f && dataShift >= 0.0f && dataShift <= 255.0f, "bad data quantization");
    check(embedding.size() == std::size_t(spec.vocabSize) * spec.embeddingDim &&
              embeddingScales.size() == std::size_t(spec.vocabSize) && positiveScales(embeddingScales),
          "the embedding has the wrong size or scales");
    check(static_cast<int>(inputScale.size()) == spec.embeddingDim && positiveScales(inputScale),
          "layer-0 input scales missing");
    check(static_cast<int>(layers.size()) == spec.layers, "layer count differs from the spec");
    validateLstmLayers(layers, spec.embeddingDim, spec.hidden, directions(spec), true, what);
    const int width = spec.featureWidth();
    auto fits = [&](const QuantizedLinear& h, int in, int out) {
        return h.in == in && h.out == out && h.weight.size() == std::size_t(in) * out &&
               h.scales.size() == std::size_t(out) && h.bias.size() == std::size_t(out) && positiveScales(h.scales);
    };
    const bool attentive = spec.head == TextHead::Classes && spec.pooling == Pooling::Attention;
    check(attentive ? attention.size() == 2 && fits(attention[0], width, width) && fits(attention[1], width, 1)
                    : attention.empty(),
          "the attention layers differ from the spec");
    check(fits(head, width, spec.head == TextHead::Classes ? spec.classes : spec.vocabSize),
          "the head differs from the spec");
}

void saveQuantizedTextModel(const QuantizedTextModel& q, const std::string& binPath, const std::string& jsonPath) {
    using namespace quantized_io;
    q.validate();
    BlobWriter blob;
    const json embedding = {{"scales", q.embeddingScales},
                            {"weight", blob.add(q.embedding, "int8", {q.spec.vocabSize, q.spec.embeddingDim})}};
    json j = {
        {"format", "lstm-studio-int8-text"},
        {"format_version", 1},
        {"semantics",
         "int8 weights, symmetric, per output channel (q = round(w * scale)); embedding rows likewise; LSTM "
         "activations u8 = data.scale * x + data.shift; layer-0 input x' = (x - per-call mid-range) / input_scale"},
        {"spec",
         {{"task", toString(taskOfHead(q.spec.head))},
          {"vocab", q.spec.vocabSize},
          {"classes", q.spec.classes},
          {"embedding", q.spec.embeddingDim},
          {"hidden", q.spec.hidden},
          {"layers", q.spec.layers},
          {"bidirectional", q.spec.bidirectional},
          {"pooling", toString(q.spec.pooling)}}},
        {"embedding", embedding},
        {"bytes", q.bytes()},
    };
    // The .bin holds embedding, LSTM layers, attention, head, in this order.
    addStackJson(j, q, blob);
    j["attention"] = json::array();
    for (const auto& a : q.attention) j["attention"].push_back(linearJson(a, blob));
    j["head"] = linearJson(q.head, blob);
    writeModelFiles(binPath, jsonPath, blob, j);
}

QuantizedTextModel loadQuantizedTextModel(const std::string& binPath, const std::string& jsonPath) {
    using namespace quantized_io;
    return readQuantized<QuantizedTextModel>(
        binPath, jsonPath, "lstm-studio-int8-text", "an LSTM Studio int8 text model",
        [&](const json& j, const std::string& bin, QuantizedTextModel& q) {
            const json& s = j.at("spec");
            q.spec.head = textHeadOf(parseEnum<TaskKind>(s.at("task").get<std::string>()));
            q.spec.vocabSize = s.at("vocab").get<int>();
            q.spec.classes = s.at("classes").get<int>();
            q.spec.embeddingDim = s.at("embedding").get<int>();
            q.spec.hidden = s.at("hidden").get<int>();
            q.spec.layers = s.at("layers").get<int>();
            q.spec.bidirectional = s.at("bidirectional").get<bool>();
            q.spec.pooling = parseEnum<Pooling>(s.at("pooling").get<std::string>());
            if (q.spec.vocabSize < 1 || q.spec.embeddingDim < 1 || q.spec.hidden < 1)
                throw DataError(jsonPath + ": empty spec");
            readStackJson(j, q, bin, binPath);
            const json& e = j.at("embedding");
            q.embeddingScales = e.at("scales").get<std::vector<float>>();
            q.embedding = readInt8(bin, e.at("weight"), std::size_t(q.spec.vocabSize) * q.spec.embeddingDim, binPath);
            for (const json& a : j.at("attention")) q.attention.push_back(linearFromJson(a, bin, binPath));
            q.head = linearFromJson(j.at("head"), bin, binPath);
        });
}

}  // namespace studio
