#include "tasks/text/text_inference_engine.h"

#include "base/error.h"
#include "nn/text_model.h"
#include "nn/text_model_impl.h"

#ifdef STUDIO_WITH_ONEDNN
#include "tasks/text/onednn_text_engine.h"
#endif

#include <algorithm>
#include <cmath>

namespace studio {
namespace {

class LibTorchTextEngine : public TextInferenceEngine {
public:
    explicit LibTorchTextEngine(const TextModel& model) : model_(model.spec()) {
        model_.setParameters(model.parameters());
    }
    Backend backend() const override { return Backend::LibTorchFp32; }
    std::int64_t weightBytes() const override { return 4 * model_.parameterCount(); }
    std::vector<float> classify(const std::vector<std::vector<int>>& docs) override { return model_.classify(docs); }
    std::vector<float> nextLogits(const std::vector<int>& ids, int batch, int time) override {
        if (batch < 1 || time < 1 || ids.size() != std::size_t(batch) * time)
            throw Error("nextLogits: ids must be [batch, time]");
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

std::unique_ptr<TextInferenceEngine> createTextEngine(Backend backend, const TextModel& model) {
    switch (backend) {
        case Backend::LibTorchFp32:
            return std::make_unique<LibTorchTextEngine>(model);
        case Backend::OnednnFp32:
#ifdef STUDIO_WITH_ONEDNN
            return std::make_unique<OnednnTextEngine>(model);
#else
            throw UsageError(
                "backend onednn-fp32 needs oneDNN, and this build has none (install libdnnl-dev and rebuild)");
#endif
        case Backend::OnednnInt8:
            throw UsageError(
                "onednn-int8 runs a quantized model: quantize the project first (lstm-studio-cli quantize)");
    }
    throw UsageError("unknown backend");
}

std::unique_ptr<TextInferenceEngine> createTextInt8Engine(const QuantizedTextModel& model) {
#ifdef STUDIO_WITH_ONEDNN
    return std::make_unique<OnednnTextEngine>(model);
#else
    (void)model;
    throw UsageError("backend onednn-int8 needs oneDNN, and this build has none (install libdnnl-dev and rebuild)");
#endif
}

std::vector<int> classesOf(const std::vector<float>& probs, std::size_t classes) {
    std::vector<int> out;
    for (std::size_t i = 0; i + classes <= probs.size(); i += classes)
        out.push_back(
            static_cast<int>(std::max_element(probs.begin() + i, probs.begin() + i + classes) - (probs.begin() + i)));
    return out;
}

double bitsPerChar(TextInferenceEngine& engine, const std::vector<int>& stream, int chunk) {
    if (chunk < 1) throw UsageError("bits per character: the chunk must be positive");
    const std::size_t n = stream.size();
    double nats = 0.0;
    std::size_t count = 0;
    std::vector<int> ids;
    std::vector<std::size_t> starts;
    auto flush = [&](int len) {
        if (starts.empty()) return;
        const int batch = static_cast<int>(starts.size());
        const std::vector<float> logits = engine.nextLogits(ids, batch, len);
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
