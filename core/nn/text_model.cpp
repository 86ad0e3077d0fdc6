#include "nn/text_model_impl.h"

#include "base/error.h"
#include "nn/model_impl.h"

#ifdef STUDIO_WITH_ONEDNN
#include "nn/onednn_lstm_train.h"
#endif

#include <cmath>
#include <random>

namespace studio {

namespace rnn = torch::nn::utils::rnn;

TextNetImpl::TextNetImpl(const TextModelSpec& s) : spec(s) {
    spec.validate();
    embedding = register_module("embedding",
                                torch::nn::Embedding(torch::nn::EmbeddingOptions(spec.vocabSize, spec.embeddingDim)));
    const bool bi = spec.bidirectional && spec.head == TextHead::Classes;
    lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(spec.embeddingDim, spec.hidden)
                                                       .num_layers(spec.layers)
                                                       .batch_first(true)
                                                       .bidirectional(bi)
                                                       .dropout(spec.layers > 1 ? spec.dropout : 0.0)));
    const int width = spec.featureWidth();
    if (spec.head == TextHead::Classes && spec.pooling == Pooling::Attention) {
        attnProj = register_module("attn_proj", torch::nn::Linear(width, width));
        attnScore = register_module("attn_score", torch::nn::Linear(torch::nn::LinearOptions(width, 1).bias(false)));
    }
    dropout = register_module("dropout", torch::nn::Dropout(spec.dropout));
    head = register_module("head",
                           torch::nn::Linear(width, spec.head == TextHead::Classes ? spec.classes : spec.vocabSize));
    if (spec.freezeEmbedding) embedding->weight.set_requires_grad(false);
}

torch::Tensor TextNetImpl::classify(const torch::Tensor& tokens, const torch::Tensor& lengths, torch::Tensor* weights) {
    const torch::Tensor emb = embedding->forward(tokens);  // [batch, time, embedding]
    torch::Tensor out, h;  // outputs [batch, time, width], final states [layers*dirs, batch, hidden]
    const bool onednnRun = !onednn.empty() && torch::GradMode::is_enabled() && emb.device().is_cpu() &&
                           emb.scalar_type() == torch::kFloat32 && tokens.size(1) <= timeSlice;
    const LengthGroups groups = onednnRun ? lengthGroups(lengths) : LengthGroups();
    if (onednnRun && (onednnAlways || groups.paddedSteps <= kMostPadding * groups.steps)) {
        std::tie(out, h) = lstmOnednn(emb, groups);
    } else if (tokens.size(1) > timeSlice) {
        std::tie(out, h) = lstmInSlices(emb, lengths);
    } else {
        // Packing makes the LSTM stop at each text's own end: padding never reaches a state.
        const auto packed = rnn::pack_padded_sequence(emb, lengths, /*batch_first=*/true, /*enforce_sorted=*/false);
        auto [outPacked, state] = lstm->forward_with_packed_input(packed);
        h = std::get<0>(state);
        if (spec.pooling != Pooling::Last)
            out = std::get<0>(rnn::pad_packed_sequence(outPacked, /*batch_first=*/true, /*padding_value=*/0.0,
                                                       tokens.size(1)));
    }
    torch::Tensor features;
    if (spec.pooling == Pooling::Last) {
        features = spec.bidirectional ? torch::cat({h[-2], h[-1]}, 1) : h[-1];
    } else {
        torch::Tensor scores = attnScore->forward(torch::tanh(attnProj->forward(out))).squeeze(-1);  // [batch, time]
        const torch::Tensor positions = torch::arange(tokens.size(1), tokens.options()).unsqueeze(0);
        const torch::Tensor pad = positions >= lengths.to(tokens.device()).unsqueeze(1);
        scores = scores.masked_fill(pad, -std::numeric_limits<float>::infinity());
        const torch::Tensor w = torch::softmax(scores, 1);
        if (weights) *weights = w;
        features = (w.unsqueeze(-1) * out).sum(1);
    }
    return head->forward(dropout->forward(features));
}

std::vector<torch::Tensor> TextNetImpl::directionWeights(int layer, int direction) {
    const auto weights = lstm->named_parameters(/*recurse=*/false);
    const std::string suffix = std::to_string(layer) + (direction ? "_reverse" : "");
    return {weights["weight_ih_l" + suffix], weights["weight_hh_l" + suffix], weights["bias_ih_l" + suffix],
            weights["bias_hh_l" + suffix]};
}

namespace {

// Each row's first `lengths[b]` steps in reverse order, the rest where they were.
torch::Tensor reverseEach(const torch::Tensor& x, const torch::Tensor& lengths) {
    const torch::Tensor t = torch::arange(x.size(1), lengths.options()).unsqueeze(0);
    const torch::Tensor n = lengths.unsqueeze(1);
    const torch::Tensor index = torch::where(t < n, n - 1 - t, t).to(x.device());
    return x.gather(1, index.unsqueeze(2).expand_as(x));
}

}  // namespace

std::pair<torch::Tensor, torch::Tensor> TextNetImpl::lstmInSlices(const torch::Tensor& x,
                                                                   const torch::Tensor& lengths) {
    const std::int64_t batch = x.size(0), steps = x.size(1), hidden = spec.hidden;
    const int directions = spec.featureWidth() / spec.hidden;
    const std::int64_t slices = (steps + timeSlice - 1) / timeSlice;
    const torch::Tensor length = lengths.to(torch::kCPU, torch::kInt64);
    auto checkCancel = [this] {
        if (cancel && cancel->load(std::memory_order_relaxed)) throw CancelledError("cancelled");
    };
    std::vector<torch::Tensor> finals;
    torch::Tensor input = x;
    for (int layer = 0; layer < spec.layers; ++layer) {
        std::vector<torch::Tensor> outputs;
        for (int direction = 0; direction < directions; ++direction) {
            const std::vector<torch::Tensor> w = directionWeights(layer, direction);
            torch::Tensor h = x.new_zeros({1, batch, hidden}), c = x.new_zeros({1, batch, hidden});
            std::vector<torch::Tensor> pieces(slices);
            for (std::int64_t k = 0; k < slices; ++k) {
                checkCancel();
                // The reverse direction starts at the last slice, from each text's own end.
                const std::int64_t slice = direction ? slices - 1 - k : k;
                const std::int64_t begin = slice * timeSlice, width = std::min<std::int64_t>(timeSlice, steps - begin);
                const torch::Tensor active = (length > begin).nonzero().squeeze(1);
                const torch::Tensor activeHere = active.to(x.device());
                const torch::Tensor sliceLength = (length.index_select(0, active) - begin).clamp_max(width);
                torch::Tensor xs = input.index_select(0, activeHere).narrow(1, begin, width);
                if (direction) xs = reverseEach(xs, sliceLength);
                const auto packed = rnn::pack_padded_sequence(xs, sliceLength, /*batch_first=*/true,
                                                              /*enforce_sorted=*/false);
                const torch::Tensor sorted = packed.sorted_indices(), unsorted = packed.unsorted_indices();
                const torch::Tensor h0 = h.index_select(1, activeHere).index_select(1, sorted);
                const torch::Tensor c0 = c.index_select(1, activeHere).index_select(1, sorted);
                if (h0.requires_grad()) h0.register_hook([checkCancel](const torch::Tensor&) { checkCancel(); });
                auto [y, hn, cn] = torch::lstm(packed.data(), packed.batch_sizes(), {h0, c0}, w, /*has_biases=*/true,
                                               /*num_layers=*/1, /*dropout=*/0.0, is_training(),
                                               /*bidirectional=*/false);
                torch::Tensor ys = std::get<0>(rnn::pad_packed_sequence(
                    rnn::PackedSequence(y, packed.batch_sizes(), sorted, unsorted), /*batch_first=*/true,
                    /*padding_value=*/0.0, width));
                if (direction) ys = reverseEach(ys, sliceLength);
                h = h.index_copy(1, activeHere, hn.index_select(1, unsorted));
                c = c.index_copy(1, activeHere, cn.index_select(1, unsorted));
                pieces[slice] = x.new_zeros({batch, width, hidden}).index_copy(0, activeHere, ys);
            }
            outputs.push_back(torch::cat(pieces, 1));
            finals.push_back(h[0]);
        }
        input = torch::cat(outputs, 2);
        // Between layers, as the whole LSTM applies it.
        if (layer + 1 < spec.layers && spec.dropout > 0) input = torch::dropout(input, spec.dropout, is_training());
    }
    return {input, torch::stack(finals)};
}

void TextNetImpl::setEngine(const std::string& engine) {
    const bool dnn = trainsOnOnednn(engine, embedding->weight.device().is_cpu());
    onednn.clear();
    onednnAlways = engine == "onednn";
#ifdef STUDIO_WITH_ONEDNN
    if (!dnn) return;
    if (spec.head != TextHead::Classes) {
        onednn.push_back(std::make_shared<OnednnLstmTrainer>(spec.embeddingDim, spec.hidden, spec.layers, false));
        return;
    }
    const int directions = spec.featureWidth() / spec.hidden;
    for (int layer = 0; layer < spec.layers; ++layer)
        for (int direction = 0; direction < directions; ++direction)
            onednn.push_back(std::make_shared<OnednnLstmTrainer>(layer == 0 ? spec.embeddingDim : spec.featureWidth(),
                                                                 spec.hidden, 1, false));
#else
    (void)dnn;
#endif
}

std::string TextNetImpl::engine() const { return onednn.empty() ? "libtorch" : "onednn"; }

namespace {

// Steps a run of `steps` is padded to: at most 1/8 (or 3) more, so that runs take a few
// lengths only and the primitives built per (batch, time) stay few.
std::int64_t runSteps(std::int64_t steps) {
    std::int64_t octave = 1;
    while (octave * 2 <= steps) octave *= 2;
    const std::int64_t grain = std::max<std::int64_t>(4, octave / 8);
    return (steps + grain - 1) / grain * grain;
}

}  // namespace

TextNetImpl::LengthGroups TextNetImpl::lengthGroups(const torch::Tensor& lengths) {
    LengthGroups g;
    const torch::Tensor length = lengths.to(torch::kCPU, torch::kInt64);
    g.order = std::get<1>(length.sort(/*stable=*/true, /*dim=*/0, /*descending=*/true));
    g.inverse = torch::empty_like(g.order).index_put_({g.order}, torch::arange(g.order.size(0)));
    g.sorted = length.index_select(0, g.order);
    const auto l = g.sorted.accessor<std::int64_t, 1>();
    const std::int64_t batch = g.sorted.size(0);
    for (std::int64_t begin = 0; begin < batch; begin += kGroupRows) {
        const std::int64_t rows = std::min(kGroupRows, batch - begin);
        g.groups.push_back({begin, rows, runSteps(l[begin])});
        g.paddedSteps += rows * g.groups.back().time;
    }
    g.steps = g.sorted.sum().item<std::int64_t>();
    return g;
}

std::pair<torch::Tensor, torch::Tensor> TextNetImpl::lstmOnednn(const torch::Tensor& x, const LengthGroups& g) {
#ifdef STUDIO_WITH_ONEDNN
    const std::int64_t steps = x.size(1), hidden = spec.hidden;
    const int directions = spec.featureWidth() / spec.hidden;
    const std::int64_t time = g.groups.front().time;  // the longest group's
    // Texts longest first, padded to `time`; each group of rows runs at its own length.
    torch::Tensor input = x.index_select(0, g.order.to(x.device()));
    if (time > steps) input = torch::constant_pad_nd(input, {0, 0, 0, time - steps});
    std::vector<torch::Tensor> finals;
    for (int layer = 0; layer < spec.layers; ++layer) {
        std::vector<torch::Tensor> outputs;
        for (int direction = 0; direction < directions; ++direction) {
            const std::vector<torch::Tensor> w = directionWeights(layer, direction);
            OnednnLstmTrainer& run = *onednn[layer * directions + direction];
            std::vector<torch::Tensor> outs, lasts;
            for (const LengthGroup& group : g.groups) {
                const torch::Tensor length = g.sorted.narrow(0, group.begin, group.rows);
                torch::Tensor in = input.narrow(0, group.begin, group.rows).narrow(1, 0, group.time);
                if (direction) in = reverseEach(in, length);
                const torch::Tensor y = run.forward(in, w, 0.0, is_training());
                // A direction's final state: its output at each text's last step (in run order).
                const torch::Tensor last = (length - 1).view({group.rows, 1, 1}).expand({group.rows, 1, hidden});
                lasts.push_back(y.gather(1, last).squeeze(1));
                const torch::Tensor out = direction ? reverseEach(y, length) : y;
                outs.push_back(group.time < time ? torch::constant_pad_nd(out, {0, 0, 0, time - group.time}) : out);
            }
            outputs.push_back(outs.size() == 1 ? outs[0] : torch::cat(outs, 0));
            finals.push_back(lasts.size() == 1 ? lasts[0] : torch::cat(lasts, 0));
        }
        input = directions == 1 ? outputs[0] : torch::cat(outputs, 2);
        if (layer + 1 < spec.layers && spec.dropout > 0) input = torch::dropout(input, spec.dropout, is_training());
    }
    // Back in the batch's order, with zeros past each end as LibTorch's packed run leaves them.
    const torch::Tensor inverse = g.inverse.to(x.device());
    const torch::Tensor length = g.sorted.index_select(0, g.inverse);
    const torch::Tensor inside = torch::arange(steps, torch::kInt64).unsqueeze(0) < length.unsqueeze(1);
    const torch::Tensor out = input.narrow(1, 0, steps).index_select(0, inverse);
    return {out * inside.unsqueeze(2).to(x.scalar_type()), torch::stack(finals).index_select(1, inverse)};
#else
    (void)x, (void)g;
    throw Error("this build has no oneDNN");
#endif
}

torch::Tensor TextNetImpl::nextTokenLogits(const torch::Tensor& tokens) {
    const torch::Tensor emb = embedding->forward(tokens);
#ifdef STUDIO_WITH_ONEDNN
    if (!onednn.empty() && torch::GradMode::is_enabled() && emb.device().is_cpu() &&
        emb.scalar_type() == torch::kFloat32)
        return head->forward(dropout->forward(
            onednn.front()->forward(emb, lstm->all_weights(), spec.layers > 1 ? spec.dropout : 0.0, is_training())));
#endif
    return head->forward(dropout->forward(std::get<0>(lstm->forward(emb))));
}

std::tuple<torch::Tensor, std::tuple<torch::Tensor, torch::Tensor>> TextNetImpl::languageModel(
    const torch::Tensor& tokens, const torch::optional<std::tuple<torch::Tensor, torch::Tensor>>& state) {
    auto [out, next] = lstm->forward(embedding->forward(tokens), state);
    return {head->forward(dropout->forward(out)), next};
}

std::pair<torch::Tensor, torch::Tensor> padBatch(const std::vector<const std::vector<int>*>& docs) {
    std::int64_t longest = 1;
    for (const auto* d : docs) longest = std::max<std::int64_t>(longest, static_cast<std::int64_t>(d->size()));
    torch::Tensor tokens = torch::zeros({static_cast<std::int64_t>(docs.size()), longest}, torch::kInt64);
    torch::Tensor lengths = torch::empty({static_cast<std::int64_t>(docs.size())}, torch::kInt64);
    auto t = tokens.accessor<std::int64_t, 2>();
    auto l = lengths.accessor<std::int64_t, 1>();
    for (std::size_t i = 0; i < docs.size(); ++i) {
        const auto& d = *docs[i];
        if (d.empty()) throw Error("empty document in a batch");
        for (std::size_t k = 0; k < d.size(); ++k) t[i][k] = d[k];
        l[i] = static_cast<std::int64_t>(d.size());
    }
    return {tokens, lengths};
}

TextModel::TextModel(const TextModelSpec& spec) : Network(std::make_unique<Impl>()) {
    stateAs<Impl>().spec = spec;
    stateAs<Impl>().net = TextNet(spec);
}

TextModel::~TextModel() = default;
TextModel::TextModel(TextModel&&) noexcept = default;
TextModel& TextModel::operator=(TextModel&&) noexcept = default;

TextModel::Impl& TextModel::impl() { return stateAs<Impl>(); }
const TextModel::Impl& TextModel::impl() const { return stateAs<Impl>(); }

const TextModelSpec& TextModel::spec() const { return stateAs<Impl>().spec; }

std::vector<float> TextModel::classify(const std::vector<std::vector<int>>& docs, std::vector<float>* attention) const {
    if (stateAs<Impl>().spec.head != TextHead::Classes) throw Error("classify() needs a classification model");
    torch::NoGradGuard noGrad;
    stateAs<Impl>().net->eval();
    std::vector<float> probs;
    if (attention) attention->clear();
    constexpr std::size_t kBatch = 256;
    for (std::size_t begin = 0; begin < docs.size(); begin += kBatch) {
        std::vector<const std::vector<int>*> batch;
        for (std::size_t i = begin; i < std::min(docs.size(), begin + kBatch); ++i) batch.push_back(&docs[i]);
        auto [tokens, lengths] = padBatch(batch);
        torch::Tensor w;
        const torch::Tensor p =
            torch::softmax(stateAs<Impl>().net->classify(tokens.to(stateAs<Impl>().device), lengths, attention ? &w : nullptr), 1)
                .to(torch::kCPU)
                .contiguous();
        probs.insert(probs.end(), p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
        if (attention && w.defined()) {
            w = w.to(torch::kCPU).contiguous();
            for (std::size_t i = 0; i < batch.size(); ++i)
                attention->insert(attention->end(), w[i].data_ptr<float>(), w[i].data_ptr<float>() + batch[i]->size());
        }
    }
    stateAs<Impl>().net->train();
    return probs;
}

std::vector<float> TextModel::classifyPadded(const std::vector<std::int64_t>& tokens, int batch, int time,
                                             const std::vector<std::int64_t>& lengths,
                                             std::vector<float>* logits) const {
    if (stateAs<Impl>().spec.head != TextHead::Classes) throw Error("classifyPadded() needs a classification model");
    if (tokens.size() != static_cast<std::size_t>(batch) * time || lengths.size() != static_cast<std::size_t>(batch))
        throw Error("classifyPadded: tokens must be [batch, time] and lengths [batch]");
    for (auto l : lengths)
        if (l < 1 || l > time) throw Error("classifyPadded: every length must lie in 1.." + std::to_string(time));
    torch::NoGradGuard noGrad;
    stateAs<Impl>().net->eval();
    const torch::Tensor t = torch::tensor(tokens, torch::kInt64).reshape({batch, time}).to(stateAs<Impl>().device);
    const torch::Tensor l = torch::tensor(lengths, torch::kInt64);
    const torch::Tensor z = stateAs<Impl>().net->classify(t, l).to(torch::kCPU).contiguous();
    const torch::Tensor p = torch::softmax(z, 1).contiguous();
    stateAs<Impl>().net->train();
    if (logits) logits->assign(z.data_ptr<float>(), z.data_ptr<float>() + z.numel());
    return std::vector<float>(p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
}

TextModel::LmOutput TextModel::languageModel(const std::vector<std::int64_t>& tokens, int batch, int time,
                                             const std::vector<float>& h0, const std::vector<float>& c0) const {
    const TextModelSpec& spec = stateAs<Impl>().spec;
    if (spec.head != TextHead::NextToken) throw Error("languageModel() needs a language model");
    if (batch < 1 || time < 1 || tokens.size() != static_cast<std::size_t>(batch) * time)
        throw Error("languageModel: tokens must be [batch, time]");
    const std::vector<std::int64_t> stateShape{spec.layers, batch, spec.hidden};
    const std::size_t stateSize = static_cast<std::size_t>(spec.layers) * batch * spec.hidden;
    if ((!h0.empty() || !c0.empty()) && (h0.size() != stateSize || c0.size() != stateSize))
        throw Error("languageModel: h0 and c0 must both be [layers, batch, hidden]");
    torch::NoGradGuard noGrad;
    stateAs<Impl>().net->eval();
    const torch::Tensor x = torch::tensor(tokens, torch::kInt64).reshape({batch, time}).to(stateAs<Impl>().device);
    torch::optional<std::tuple<torch::Tensor, torch::Tensor>> state;
    if (!h0.empty())
        state = std::make_tuple(torch::tensor(h0).reshape(stateShape).to(stateAs<Impl>().device),
                                torch::tensor(c0).reshape(stateShape).to(stateAs<Impl>().device));
    auto [logits, next] = stateAs<Impl>().net->languageModel(x, state);
    stateAs<Impl>().net->train();
    auto values = [](const torch::Tensor& t) {
        const torch::Tensor c = t.to(torch::kCPU).contiguous();
        return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    };
    return {values(logits), values(std::get<0>(next)), values(std::get<1>(next))};
}

double TextModel::bitsPerChar(const std::vector<int>& stream, int chunk) const {
    if (stateAs<Impl>().spec.head != TextHead::NextToken) throw Error("bitsPerChar() needs a language model");
    torch::NoGradGuard noGrad;
    stateAs<Impl>().net->eval();
    double nats = 0.0;
    std::int64_t count = 0;
    const std::int64_t n = static_cast<std::int64_t>(stream.size());
    const torch::Tensor all = torch::tensor(std::vector<std::int64_t>(stream.begin(), stream.end()), torch::kInt64);
    // Non-overlapping chunks, 64 at a time; the last, shorter one separately.
    std::vector<torch::Tensor> inputs, targets;
    auto flush = [&] {
        if (inputs.empty()) return;
        const torch::Tensor x = torch::stack(inputs).to(stateAs<Impl>().device), y = torch::stack(targets).to(stateAs<Impl>().device);
        const torch::Tensor logits = std::get<0>(stateAs<Impl>().net->languageModel(x));
        nats += torch::nn::functional::cross_entropy(
                    logits.reshape({-1, logits.size(2)}), y.reshape(-1),
                    torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                    .item<double>();
        count += y.numel();
        inputs.clear(), targets.clear();
    };
    for (std::int64_t start = 0; start + 1 < n; start += chunk) {
        const std::int64_t len = std::min<std::int64_t>(chunk, n - 1 - start);
        if (len != chunk) flush();
        inputs.push_back(all.narrow(0, start, len));
        targets.push_back(all.narrow(0, start + 1, len));
        if (len != chunk || inputs.size() == 64) flush();
    }
    flush();
    stateAs<Impl>().net->train();
    return count ? nats / count / std::log(2.0) : 0.0;
}

std::vector<int> TextModel::generate(const std::vector<int>& prompt, int length, double temperature,
                                     std::uint64_t seed, const std::atomic<bool>* cancel) const {
    if (stateAs<Impl>().spec.head != TextHead::NextToken) throw Error("generate() needs a language model");
    if (!(temperature > 0.0)) throw UsageError("temperature must be positive");
    torch::NoGradGuard noGrad;
    stateAs<Impl>().net->eval();
    std::mt19937_64 rng(seed);
    std::vector<int> out;
    std::vector<std::int64_t> start(prompt.begin(), prompt.end());
    // Without a prompt, start from the most frequent character (id 2).
    if (start.empty()) start.push_back(2);
    torch::Tensor x = torch::tensor(start, torch::kInt64).unsqueeze(0).to(stateAs<Impl>().device);
    torch::optional<std::tuple<torch::Tensor, torch::Tensor>> state;
    for (int i = 0; i < length && !(cancel && cancel->load()); ++i) {
        auto [logits, next] = stateAs<Impl>().net->languageModel(x, state);
        state = next;
        torch::Tensor p = torch::softmax(logits[0][-1].to(torch::kCPU).to(torch::kFloat64) / temperature, 0);
        p[0] = 0.0;  // never <pad>
        p[1] = 0.0;  // nor <unk>
        const double* prob = p.data_ptr<double>();
        std::discrete_distribution<int> pick(prob, prob + p.numel());
        const int id = pick(rng);
        out.push_back(id);
        x = torch::tensor({static_cast<std::int64_t>(id)}, torch::kInt64).unsqueeze(0).to(stateAs<Impl>().device);
    }
    stateAs<Impl>().net->train();
    return out;
}

void TextModel::setTimeSlice(int steps) {
    if (steps < 1) throw UsageError("the time slice must be at least one step");
    stateAs<Impl>().net->timeSlice = steps;
}

void TextModel::setCancel(const std::atomic<bool>* cancel) { stateAs<Impl>().net->cancel = cancel; }

void TextModel::setEmbedding(const std::vector<float>& vectors, bool freeze) {
    torch::NoGradGuard noGrad;
    torch::Tensor& w = stateAs<Impl>().net->embedding->weight;
    if (static_cast<std::int64_t>(vectors.size()) != w.numel())
        throw Error("embedding needs " + std::to_string(w.numel()) + " values, got " + std::to_string(vectors.size()));
    w.copy_(torch::from_blob(const_cast<float*>(vectors.data()), w.sizes(), torch::kFloat32));
    w.set_requires_grad(!freeze);
    stateAs<Impl>().spec.freezeEmbedding = freeze;
    stateAs<Impl>().net->spec.freezeEmbedding = freeze;
}

std::vector<float> TextModel::embedding() const {
    const torch::Tensor w = stateAs<Impl>().net->embedding->weight.detach().to(torch::kCPU).contiguous();
    return std::vector<float>(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
}

}  // namespace studio
