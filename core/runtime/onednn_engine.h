#pragma once

// The onednn-fp32 and onednn-int8 backends of InferenceEngine, for every network an
// InferenceNetwork describes: the input stage (dense features copied through, or an
// embedding lookup), OnednnLstmStack for the LSTM layers, the readout (last step,
// attention pooling or every step) and the head in plain loops (InferenceHead), then the
// optional softmax. Internal to core (inference_engine.h: createOnednnEngine is the public
// face); built only with oneDNN. One thread at a time.

#include "runtime/inference_engine.h"
#include "runtime/inference_network.h"

#include <memory>
#include <vector>

namespace studio {

class OnednnEngine : public InferenceEngine {
public:
    explicit OnednnEngine(InferenceNetwork network);  // throws Error for a broken description
    ~OnednnEngine() override;

    Backend backend() const override { return int8_ ? Backend::OnednnInt8 : Backend::OnednnFp32; }
    int inputSize() const override { return embedding_.empty() ? stack_->inputWidth() : 0; }
    int outputSize() const override { return head_.outputWidth(); }
    std::int64_t weightBytes() const override;
    void predict(const float* x, int batch, int time, float* y) override;
    using InferenceEngine::predict;
    std::vector<float> predictSequences(const std::vector<std::vector<int>>& ids) override;
    std::vector<float> predictSteps(const std::vector<int>& ids, int batch, int time) override;
    void prepare(int batch, int time) override { stack_->prepare(batch, time); }
    std::int64_t wideWindows() const override { return stack_->wideWindows(); }

private:
    // x: [batch, time, stack input] -> y: the head's rows ([batch] or [batch * time] of
    // outputSize), through the softmax where the network has one.
    void forward(const float* x, int batch, int time, float* y);
    void embed(const int* ids, std::size_t count, float* out) const;
    void pool(const float* seq, int time, float* features);  // attention: one sequence [time, G] -> [G]

    bool int8_;
    std::int64_t bytes_;
    std::vector<float> embedding_;  // [vocab, stack input]; empty: dense input
    int vocab_;
    Readout readout_;
    std::unique_ptr<OnednnLstmStack> stack_;
    std::optional<AttentionLayers> attention_;
    InferenceHead head_;
    bool softmax_;
    std::vector<float> x_, seq_, features_, rows_, proj_, scores_;
};

}  // namespace studio
