#include "tasks/text/text_inference_engine.h"

#include "base/error.h"
#include "nn/text_model.h"
#include "nn/text_model_impl.h"
#include "tasks/text/quantized_text_model.h"

#include <algorithm>
#include <cmath>

namespace studio {
namespace {

const std::vector<float>& values(const std::vector<NamedTensor>& params, const std::string& name) {
    for (const auto& p : params)
        if (p.name == name) return p.values;
    throw Error("text engine: the model has no parameter '" + name + "'");
}

bool bidirectional(const TextModelSpec& spec) { return spec.featureWidth() == 2 * spec.hidden; }

// A classifier reads the final states or attention-pools the steps, then a softmax; a
// language model answers every step.
void describeReadout(const TextModelSpec& spec, InferenceNetwork& n) {
    const bool classify = spec.head == TextHead::Classes;
    n.readout = !classify                            ? Readout::EveryStep
                : spec.pooling == Pooling::Attention ? Readout::Attention
                                                     : Readout::LastStep;
    n.softmax = classify;
    n.vocabSize = spec.vocabSize;
}

class LibTorchTextEngine : public InferenceEngine {
public:
    explicit LibTorchTextEngine(const TextModel& model) : model_(model.spec()) {
        model_.setParameters(model.parameters());
    }
    Backend backend() const override { return Backend::LibTorchFp32; }
    int inputSize() const override { return 0; }
    int outputSize() const override {
        return model_.spec().head == TextHead::Classes ? model_.spec().classes : model_.spec().vocabSize;
    }
    std::int64_t weightBytes() const override { return 4 * model_.parameterCount(); }
    std::vector<float> predictSequences(const std::vector<std::vector<int>>& ids) override {
        return model_.classify(ids);
    }
    std::vector<float> predictSteps(const std::vector<int>& ids, int batch, int time) override {
        if (batch < 1 || time < 1 || ids.size() != std::size_t(batch) * time)
            throw Error("predictSteps: ids must be [batch, time]");
        torch::NoGradGuard noGrad;
        TextNet& net = model_.impl().net;
        net->eval();
        const torch::Tensor tokens =
            torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()), torch::kInt64).reshape({batch, time});
        const torch::Tensor logits = std::get<0>(net->languageModel(tokens)).contiguous();
        return std::vector<float>(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
    }

private:
    TextModel model_;
};

}  // namespace

InferenceNetwork networkOf(const TextModel& model) {
    const TextModelSpec& spec = model.spec();
    const std::vector<NamedTensor> params = model.parameters();
    InferenceNetwork n;
    describeReadout(spec, n);
    n.embedding = values(params, "embedding.weight");
    n.lstm = fp32LstmWeights(params, spec.embeddingDim, spec.hidden, spec.layers, bidirectional(spec));
    if (n.readout == Readout::Attention)
        n.attention = AttentionLayers{InferenceHead(params, "attn_proj"), InferenceHead(params, "attn_score")};
    n.head = InferenceHead(params, "head");
    n.bytes = 4 * model.parameterCount();
    return n;
}

InferenceNetwork networkOf(const QuantizedTextModel& q) {
    q.validate();
    const TextModelSpec& spec = q.spec;
    InferenceNetwork n;
    describeReadout(spec, n);
    n.int8 = true;
    n.embedding = q.dequantizedEmbedding();
    n.lstm = int8LstmWeights(q.layers, spec.hidden, bidirectional(spec), q.dataScale, q.dataShift, q.inputScale);
    // Every input is a row of the table: its mid-range per column is a fixed centre that
    // inputScale (half the range) covers, so layer 0's bias is folded once.
    const int dim = spec.embeddingDim;
    const std::vector<float>& table = n.embedding;
    n.lstm.inputCentre.assign(dim, 0.0f);
    for (int f = 0; f < dim; ++f) {
        float lo = table[f], hi = table[f];
        for (int v = 1; v < spec.vocabSize; ++v)
            lo = std::min(lo, table[std::size_t(v) * dim + f]), hi = std::max(hi, table[std::size_t(v) * dim + f]);
        n.lstm.inputCentre[f] = hi > lo ? 0.5f * (lo + hi) : lo;
    }
    if (!q.attention.empty())
        n.attention = AttentionLayers{InferenceHead(std::vector<QuantizedLinear>{q.attention[0]}),
                                      InferenceHead(std::vector<QuantizedLinear>{q.attention[1]})};
    n.head = InferenceHead(std::vector<QuantizedLinear>{q.head});
    n.bytes = q.bytes();
    return n;
}

std::unique_ptr<InferenceEngine> createEngine(Backend backend, const TextModel& model) {
    switch (backend) {
        case Backend::LibTorchFp32:
            return std::make_unique<LibTorchTextEngine>(model);
        case Backend::OnednnFp32:
            if (!backendAvailable(backend))
                throw UsageError(
                    "backend onednn-fp32 needs oneDNN, and this build has none (install libdnnl-dev and rebuild)");
            return createOnednnEngine(networkOf(model));
        case Backend::OnednnInt8:
            throw UsageError(
                "onednn-int8 runs a quantized model: quantize the project first (lstm-studio-cli quantize)");
    }
    throw UsageError("unknown backend");
}

std::unique_ptr<InferenceEngine> createInt8Engine(const QuantizedTextModel& model) {
    if (!backendAvailable(Backend::OnednnInt8))
        throw UsageError("backend onednn-int8 needs oneDNN, and this build has none (install libdnnl-dev and rebuild)");
    return createOnednnEngine(networkOf(model));
}

std::vector<int> classesOf(const std::vector<float>& probs, std::size_t classes) {
    std::vector<int> out;
    for (std::size_t i = 0; i + classes <= probs.size(); i += classes)
        out.push_back(
            static_cast<int>(std::max_element(probs.begin() + i, probs.begin() + i + classes) - (probs.begin() + i)));
    return out;
}

double bitsPerChar(InferenceEngine& engine, const std::vector<int>& stream, int chunk) {
    if (chunk < 1) throw UsageError("bits per character: the chunk must be positive");
    const std::size_t n = stream.size();
    double nats = 0.0;
    std::size_t count = 0;
    std::vector<int> ids;
    std::vector<std::size_t> starts;
    auto flush = [&](int len) {
        if (starts.empty()) return;
        const int batch = static_cast<int>(starts.size());
        const std::vector<float> logits = engine.predictSteps(ids, batch, len);
        const std::size_t vocab = logits.size() / (std::size_t(batch) * len);
        for (int b = 0; b < batch; ++b)
            for (int t = 0; t < len; ++t) {
                const float* z = logits.data() + (std::size_t(b) * len + t) * vocab;
                const float top = *std::max_element(z, z + vocab);
                double sum = 0.0;
                for (std::size_t v = 0; v < vocab; ++v) sum += std::exp(double(z[v]) - top);
                nats += std::log(sum) + top - z[stream[starts[b] + t + 1]];
                ++count;
            }
        ids.clear(), starts.clear();
    };
    for (std::size_t start = 0; start + 1 < n; start += chunk) {
        const int len = static_cast<int>(std::min<std::size_t>(chunk, n - 1 - start));
        if (len != chunk) flush(chunk);
        ids.insert(ids.end(), stream.begin() + start, stream.begin() + start + len);
        starts.push_back(start);
        if (len != chunk || starts.size() == 64) flush(len);
    }
    flush(chunk);
    return count ? nats / count / std::log(2.0) : 0.0;
}

}  // namespace studio
