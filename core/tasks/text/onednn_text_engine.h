#pragma once

// The onednn-fp32 and onednn-int8 backends of TextInferenceEngine: an embedding lookup
// (int8 rows dequantized on lookup), OnednnLstmStack over each group of equal-length texts,
// attention or last-state pooling and the head in plain loops (InferenceHead). Internal to
// core; built only with oneDNN. One thread at a time.

#include "runtime/inference_engine_head.h"
#include "tasks/text/text_inference_engine.h"
#include "runtime/onednn_lstm_stack.h"
#include "nn/text_model_spec.h"

#include <memory>
#include <vector>

namespace studio {

class OnednnTextEngine : public TextInferenceEngine {
public:
    explicit OnednnTextEngine(const TextModel& model);           // fp32
    explicit OnednnTextEngine(const QuantizedTextModel& model);  // int8
    ~OnednnTextEngine() override;

    Backend backend() const override { return int8_ ? Backend::OnednnInt8 : Backend::OnednnFp32; }
    std::int64_t weightBytes() const override { return bytes_; }
    std::vector<float> classify(const std::vector<std::vector<int>>& docs) override;
    std::vector<float> nextLogits(const std::vector<int>& ids, int batch, int time) override;
    std::int64_t wideWindows() const override { return stack_->wideWindows(); }

private:
    void embed(const int* ids, std::size_t count, float* out) const;
    void pool(const float* seq, int time, float* features);

    TextModelSpec spec_;
    bool int8_;
    std::int64_t bytes_ = 0;
    std::vector<float> embedding_;  // [vocab, embeddingDim]
    std::unique_ptr<OnednnLstmStack> stack_;
    std::unique_ptr<InferenceHead> attnProj_, attnScore_;
    std::unique_ptr<InferenceHead> head_;
    std::vector<float> x_, seq_, features_, logits_, proj_, scores_;
};

}  // namespace studio
