#include "tasks/text/onednn_text_engine.h"

#include "runtime/onednn_engine.h"
#include "tasks/text/quantized_text_model.h"
#include "base/error.h"
#include "nn/model.h"
#include "nn/text_model.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace studio {
namespace {

const std::vector<float>& values(const std::vector<NamedTensor>& params, const std::string& name) {
    for (const auto& p : params)
        if (p.name == name) return p.values;
    throw Error("oneDNN text engine: the model has no parameter '" + name + "'");
}

int directions(const TextModelSpec& spec) { return spec.featureWidth() / spec.hidden; }

void softmaxRow(const float* z, int n, float* p) {
    const float top = *std::max_element(z, z + n);
    float sum = 0.0f;
    for (int i = 0; i < n; ++i) sum += (p[i] = std::exp(z[i] - top));
    for (int i = 0; i < n; ++i) p[i] /= sum;
}

}  // namespace

OnednnTextEngine::OnednnTextEngine(const TextModel& model) : spec_(model.spec()), int8_(false) {
    const std::vector<NamedTensor> params = model.parameters();
    embedding_ = values(params, "embedding.weight");
    stack_ = std::make_unique<OnednnLstmStack>(
        fp32LstmWeights(params, spec_.embeddingDim, spec_.hidden, spec_.layers, directions(spec_) == 2));
    if (spec_.task == TaskKind::Classify && spec_.pooling == Pooling::Attention) {
        attnProj_ = std::make_unique<InferenceHead>(params, "attn_proj");
        attnScore_ = std::make_unique<InferenceHead>(params, "attn_score");
    }
    head_ = std::make_unique<InferenceHead>(params, "head");
    bytes_ = 4 * model.parameterCount();
}

OnednnTextEngine::OnednnTextEngine(const QuantizedTextModel& q) : spec_(q.spec), int8_(true) {
    q.validate();
    embedding_ = q.dequantizedEmbedding();
    OnednnLstmWeights w =
        int8LstmWeights(q.layers, spec_.hidden, directions(spec_) == 2, q.dataScale, q.dataShift, q.inputScale);
    // Every input is a row of the table: its mid-range per column is a fixed centre that
    // inputScale (half the range) covers, so layer 0's bias is folded once.
    const int dim = spec_.embeddingDim;
    w.inputCentre.assign(dim, 0.0f);
    for (int f = 0; f < dim; ++f) {
        float lo = embedding_[f], hi = embedding_[f];
        for (int v = 1; v < spec_.vocabSize; ++v)
            lo = std::min(lo, embedding_[std::size_t(v) * dim + f]),
            hi = std::max(hi, embedding_[std::size_t(v) * dim + f]);
        w.inputCentre[f] = hi > lo ? 0.5f * (lo + hi) : lo;
    }
    stack_ = std::make_unique<OnednnLstmStack>(std::move(w));
    if (!q.attention.empty()) {
        attnProj_ = std::make_unique<InferenceHead>(std::vector<QuantizedLinear>{q.attention[0]});
        attnScore_ = std::make_unique<InferenceHead>(std::vector<QuantizedLinear>{q.attention[1]});
    }
    head_ = std::make_unique<InferenceHead>(std::vector<QuantizedLinear>{q.head});
    bytes_ = q.bytes();
}

OnednnTextEngine::~OnednnTextEngine() = default;

void OnednnTextEngine::embed(const int* ids, std::size_t count, float* out) const {
    const int dim = spec_.embeddingDim;
    for (std::size_t i = 0; i < count; ++i) {
        if (ids[i] < 0 || ids[i] >= spec_.vocabSize)
            throw Error("text engine: token id " + std::to_string(ids[i]) + " outside the vocabulary");
        const float* row = embedding_.data() + std::size_t(ids[i]) * dim;
        std::copy(row, row + dim, out + i * dim);
    }
}

// One text's LSTM output [time, G] -> its features [G]: the final states (forward at the
// last step, backward at the first), or the attention-weighted sum of the steps.
void OnednnTextEngine::pool(const float* seq, int time, float* features) {
    const int h = spec_.hidden, G = spec_.featureWidth();
    if (!attnProj_) {
        std::copy(seq + std::size_t(time - 1) * G, seq + std::size_t(time - 1) * G + h, features);
        if (G == 2 * h) std::copy(seq + h, seq + G, features + h);
        return;
    }
    proj_.resize(std::size_t(time) * G);
    scores_.resize(2 * std::size_t(time));
    attnProj_->run(seq, time, proj_.data());
    for (float& v : proj_) v = std::tanh(v);
    attnScore_->run(proj_.data(), time, scores_.data());
    float* w = scores_.data() + time;
    softmaxRow(scores_.data(), time, w);
    std::fill(features, features + G, 0.0f);
    for (int t = 0; t < time; ++t)
        for (int g = 0; g < G; ++g) features[g] += w[t] * seq[std::size_t(t) * G + g];
}

std::vector<float> OnednnTextEngine::classify(const std::vector<std::vector<int>>& docs) {
    if (spec_.task != TaskKind::Classify) throw Error("classify() needs a classification model");
    const int classes = spec_.classes, G = spec_.featureWidth(), dim = spec_.embeddingDim;
    std::map<std::size_t, std::vector<std::size_t>> byLength;
    for (std::size_t i = 0; i < docs.size(); ++i) {
        if (docs[i].empty()) throw Error("text engine: an empty text");
        byLength[docs[i].size()].push_back(i);
    }
    std::vector<float> probs(docs.size() * classes);
    // Up to 64 texts per primitive call; fewer than 4 of a length run one by one, which
    // the stack's single-sequence loops do faster than a primitive built for their count.
    constexpr std::size_t kGroup = 64, kFewest = 4;
    for (const auto& [length, members] : byLength) {
        const int time = static_cast<int>(length);
        const std::size_t group = members.size() < kFewest ? 1 : kGroup;
        for (std::size_t begin = 0; begin < members.size(); begin += group) {
            const int batch = static_cast<int>(std::min(group, members.size() - begin));
            x_.resize(std::size_t(batch) * time * dim);
            for (int b = 0; b < batch; ++b)
                embed(docs[members[begin + b]].data(), length, x_.data() + std::size_t(b) * time * dim);
            seq_.resize(std::size_t(batch) * time * G);
            stack_->runSequence(x_.data(), batch, time, seq_.data());
            features_.resize(std::size_t(batch) * G);
            for (int b = 0; b < batch; ++b)
                pool(seq_.data() + std::size_t(b) * time * G, time, features_.data() + std::size_t(b) * G);
            logits_.resize(std::size_t(batch) * classes);
            head_->run(features_.data(), batch, logits_.data());
            for (int b = 0; b < batch; ++b)
                softmaxRow(logits_.data() + std::size_t(b) * classes, classes,
                           probs.data() + members[begin + b] * classes);
        }
    }
    return probs;
}

std::vector<float> OnednnTextEngine::nextLogits(const std::vector<int>& ids, int batch, int time) {
    if (spec_.task != TaskKind::CharLm) throw Error("nextLogits() needs a language model");
    if (batch < 1 || time < 1 || ids.size() != std::size_t(batch) * time)
        throw Error("nextLogits: ids must be [batch, time]");
    const int dim = spec_.embeddingDim, h = spec_.hidden;
    x_.resize(ids.size() * dim);
    embed(ids.data(), ids.size(), x_.data());
    seq_.resize(ids.size() * h);
    stack_->runSequence(x_.data(), batch, time, seq_.data());
    std::vector<float> out(ids.size() * spec_.vocabSize);
    head_->run(seq_.data(), batch * time, out.data());
    return out;
}

}  // namespace studio
