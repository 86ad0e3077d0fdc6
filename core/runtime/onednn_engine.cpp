#include "runtime/onednn_engine.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace studio {
namespace {

void softmaxRow(const float* z, int n, float* p) {
    const float top = *std::max_element(z, z + n);
    float sum = 0.0f;
    for (int i = 0; i < n; ++i) sum += (p[i] = std::exp(z[i] - top));
    for (int i = 0; i < n; ++i) p[i] /= sum;
}

std::string width(int w) { return std::to_string(w); }

}  // namespace

OnednnEngine::OnednnEngine(InferenceNetwork n)
    : int8_(n.int8),
      bytes_(n.bytes),
      embedding_(std::move(n.embedding)),
      vocab_(n.vocabSize),
      readout_(n.readout),
      attention_(std::move(n.attention)),
      head_(std::move(n.head)),
      softmax_(n.softmax) {
    const int in = n.lstm.layers.empty() ? 0 : n.lstm.layers[0].inputWidth;
    if (!embedding_.empty() && (vocab_ < 1 || embedding_.size() != std::size_t(vocab_) * in))
        throw Error("oneDNN engine: the embedding table is not [vocabulary, " + width(in) + "]");
    stack_ = std::make_unique<OnednnLstmStack>(std::move(n.lstm));
    const int G = stack_->readoutWidth();
    if (head_.empty() || head_.inputWidth() != G)
        throw Error("oneDNN engine: the head must read the LSTM's " + width(G) + " features");
    if ((readout_ == Readout::Attention) != attention_.has_value())
        throw Error("oneDNN engine: attention layers go with the attention readout, and only with it");
    if (attention_ && (attention_->proj.inputWidth() != G || attention_->proj.outputWidth() != G ||
                       attention_->score.inputWidth() != G || attention_->score.outputWidth() != 1))
        throw Error("oneDNN engine: attention needs proj [" + width(G) + " -> " + width(G) + "] and score [" +
                    width(G) + " -> 1]");
}

OnednnEngine::~OnednnEngine() = default;

std::int64_t OnednnEngine::weightBytes() const {
    if (bytes_ > 0) return bytes_;
    std::int64_t n = stack_->bytes() + head_.bytes();
    if (attention_) n += attention_->proj.bytes() + attention_->score.bytes();
    return n;
}

void OnednnEngine::embed(const int* ids, std::size_t count, float* out) const {
    const int dim = stack_->inputWidth();
    for (std::size_t i = 0; i < count; ++i) {
        if (ids[i] < 0 || ids[i] >= vocab_)
            throw Error("inference engine: token id " + std::to_string(ids[i]) + " outside the vocabulary");
        const float* row = embedding_.data() + std::size_t(ids[i]) * dim;
        std::copy(row, row + dim, out + i * dim);
    }
}

// One sequence's LSTM output [time, G] -> its attention-weighted sum of the steps [G].
void OnednnEngine::pool(const float* seq, int time, float* features) {
    const int G = stack_->readoutWidth();
    proj_.resize(std::size_t(time) * G);
    scores_.resize(2 * std::size_t(time));
    attention_->proj.run(seq, time, proj_.data());
    for (float& v : proj_) v = std::tanh(v);
    attention_->score.run(proj_.data(), time, scores_.data());
    float* w = scores_.data() + time;
    softmaxRow(scores_.data(), time, w);
    std::fill(features, features + G, 0.0f);
    for (int t = 0; t < time; ++t)
        for (int g = 0; g < G; ++g) features[g] += w[t] * seq[std::size_t(t) * G + g];
}

void OnednnEngine::forward(const float* x, int batch, int time, float* y) {
    const int G = stack_->readoutWidth(), out = head_.outputWidth();
    int rows = batch;
    switch (readout_) {
        case Readout::LastStep:
            features_.resize(std::size_t(batch) * G);
            stack_->run(x, batch, time, features_.data());
            head_.run(features_.data(), batch, y);
            break;
        case Readout::Attention:
            seq_.resize(std::size_t(batch) * time * G);
            stack_->runSequence(x, batch, time, seq_.data());
            features_.resize(std::size_t(batch) * G);
            for (int b = 0; b < batch; ++b)
                pool(seq_.data() + std::size_t(b) * time * G, time, features_.data() + std::size_t(b) * G);
            head_.run(features_.data(), batch, y);
            break;
        case Readout::EveryStep:
            rows = batch * time;
            seq_.resize(std::size_t(rows) * G);
            stack_->runSequence(x, batch, time, seq_.data());
            head_.run(seq_.data(), rows, y);
            break;
    }
    if (softmax_)
        for (int r = 0; r < rows; ++r) softmaxRow(y + std::size_t(r) * out, out, y + std::size_t(r) * out);
}

void OnednnEngine::predict(const float* x, int batch, int time, float* y) {
    if (!embedding_.empty()) throw Error("predict: this network reads token ids, not features");
    if (readout_ == Readout::EveryStep) throw Error("predict: this network answers every step, not each sequence");
    forward(x, batch, time, y);
}

std::vector<float> OnednnEngine::predictSequences(const std::vector<std::vector<int>>& ids) {
    if (embedding_.empty()) throw Error("predictSequences: this network reads features, not token ids");
    if (readout_ == Readout::EveryStep)
        throw Error("predictSequences: this network answers every step, not each sequence");
    const int out = head_.outputWidth(), dim = stack_->inputWidth();
    std::map<std::size_t, std::vector<std::size_t>> byLength;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i].empty()) throw Error("inference engine: an empty sequence");
        byLength[ids[i].size()].push_back(i);
    }
    std::vector<float> result(ids.size() * out);
    // Up to 64 sequences per primitive call; fewer than 4 of a length run one by one,
    // which the stack's single-sequence loops do faster than a primitive built for their
    // count.
    constexpr std::size_t kGroup = 64, kFewest = 4;
    for (const auto& [length, members] : byLength) {
        const int time = static_cast<int>(length);
        const std::size_t group = members.size() < kFewest ? 1 : kGroup;
        for (std::size_t begin = 0; begin < members.size(); begin += group) {
            const int batch = static_cast<int>(std::min(group, members.size() - begin));
            x_.resize(std::size_t(batch) * time * dim);
            for (int b = 0; b < batch; ++b)
                embed(ids[members[begin + b]].data(), length, x_.data() + std::size_t(b) * time * dim);
            rows_.resize(std::size_t(batch) * out);
            forward(x_.data(), batch, time, rows_.data());
            for (int b = 0; b < batch; ++b)
                std::copy(rows_.begin() + std::size_t(b) * out, rows_.begin() + std::size_t(b + 1) * out,
                          result.begin() + members[begin + b] * out);
        }
    }
    return result;
}

std::vector<float> OnednnEngine::predictSteps(const std::vector<int>& ids, int batch, int time) {
    if (embedding_.empty()) throw Error("predictSteps: this network reads features, not token ids");
    if (readout_ != Readout::EveryStep) throw Error("predictSteps: this network answers each sequence, not every step");
    if (batch < 1 || time < 1 || ids.size() != std::size_t(batch) * time)
        throw Error("predictSteps: ids must be [batch, time]");
    x_.resize(ids.size() * stack_->inputWidth());
    embed(ids.data(), ids.size(), x_.data());
    std::vector<float> result(ids.size() * head_.outputWidth());
    forward(x_.data(), batch, time, result.data());
    return result;
}

}  // namespace studio
