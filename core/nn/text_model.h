#pragma once

#include "nn/model.h"
#include "nn/text_model_spec.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace studio {

class Vocabulary;
struct TokenizerOptions;

// A text classifier or character language model built from a TextModelSpec. Tensors stay
// behind the pimpl (text_model_impl.h inside core). One thread at a time.
class TextModel : public Network {
public:
    explicit TextModel(const TextModelSpec& spec);
    ~TextModel();
    TextModel(TextModel&&) noexcept;
    TextModel& operator=(TextModel&&) noexcept;

    const TextModelSpec& spec() const;

    // Classify: class probabilities [docs, classes] for token-id documents (any lengths,
    // none empty); batched, padded and packed inside. With `attention` (attention pooling
    // only) also each document's weights over its tokens, concatenated in order.
    std::vector<float> classify(const std::vector<std::vector<int>>& docs,
                                std::vector<float>* attention = nullptr) const;

    // Classify: probabilities [batch, classes] for an already padded batch: tokens
    // [batch, time] row-major, lengths [batch] (1..time). Whatever the padding positions
    // hold must not matter. `logits`, when given, receives the scores before the softmax.
    std::vector<float> classifyPadded(const std::vector<std::int64_t>& tokens, int batch, int time,
                                      const std::vector<std::int64_t>& lengths,
                                      std::vector<float>* logits = nullptr) const;

    // CharLm: the network once over tokens [batch, time] row-major, from the states h0, c0
    // [layers, batch, hidden] (empty: zeros), as generate() runs it.
    struct LmOutput {
        std::vector<float> logits;  // [batch, time, vocab]
        std::vector<float> h, c;    // [layers, batch, hidden] after the last step
    };
    LmOutput languageModel(const std::vector<std::int64_t>& tokens, int batch, int time,
                           const std::vector<float>& h0 = {}, const std::vector<float>& c0 = {}) const;

    // CharLm: mean bits per character of predicting each id of `stream` from the ones
    // before it, in chunks of `chunk` (the state restarts at every chunk, as in training).
    double bitsPerChar(const std::vector<int>& stream, int chunk) const;
    // CharLm: continues `prompt` (character ids) by `length` characters sampled at
    // `temperature` (> 0; lower is more conservative) with a seeded generator.
    // Stops early, returning what it has, once `cancel` is set.
    std::vector<int> generate(const std::vector<int>& prompt, int length, double temperature, std::uint64_t seed,
                              const std::atomic<bool>* cancel = nullptr) const;

    // Classify: the LSTM runs over at most `steps` time steps at a time (default 512), its
    // states carried across, with the same results. Between these slices, forwards and
    // backwards, a set `cancel` flag stops the work with CancelledError, so a batch of long
    // texts stops within one slice of a request. nullptr: never.
    void setTimeSlice(int steps);
    void setCancel(const std::atomic<bool>* cancel);

    // Replaces the embedding with `vectors` [vocab, embeddingDim] row-major; rows of
    // tokens the vectors file lacked should hold the model's own initial values.
    void setEmbedding(const std::vector<float>& vectors, bool freeze);
    std::vector<float> embedding() const;

    // Network: setParameters() may leave parameters out; those keep their values.

    struct Impl;  // a Network::State
    Impl& impl();
    const Impl& impl() const;
};

}  // namespace studio
