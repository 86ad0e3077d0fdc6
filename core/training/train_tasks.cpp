#include "training/train_task.h"

#include "data/series_dataset.h"
#include "data/text_dataset.h"
#include "base/error.h"
#include "nn/model_impl.h"
#include "nn/text_model_impl.h"

#include <cmath>
#include <limits>

namespace studio {
namespace {

namespace F = torch::nn::functional;

torch::Tensor toTensor(const std::vector<float>& values, std::vector<std::int64_t> shape, torch::Device device) {
    return torch::from_blob(const_cast<float*>(values.data()), shape, torch::kFloat32).clone().to(device);
}

torch::Tensor indexTensor(const std::int64_t* indices, std::int64_t count, torch::Device device) {
    return torch::from_blob(const_cast<std::int64_t*>(indices), {count}, torch::kInt64).to(device);
}

// Restores training mode when an evaluation pass ends, however it ends.
struct EvalScope {
    explicit EvalScope(torch::nn::Module& m) : module(m) { module.eval(); }
    ~EvalScope() { module.train(); }
    torch::nn::Module& module;
    torch::NoGradGuard noGrad;
};

class ForecastTask : public TrainTask {
public:
    ForecastTask(Model& model, const SeriesWindows& train, const SeriesWindows& val, int window)
        : net_(model.impl().net), device_(model.impl().device) {
        const std::int64_t f = model.inputSize(), h = model.outputSize();
        trainX_ = toTensor(train.x, {static_cast<std::int64_t>(train.count), window, f}, device_);
        trainY_ = toTensor(train.y, {static_cast<std::int64_t>(train.count), h}, device_);
        valX_ = toTensor(val.x, {static_cast<std::int64_t>(val.count), window, f}, device_);
        valY_ = toTensor(val.y, {static_cast<std::int64_t>(val.count), h}, device_);
    }
    torch::nn::Module& module() override { return *net_; }
    std::int64_t trainCount() const override { return trainX_.size(0); }
    torch::Tensor batchLoss(const std::int64_t* indices, std::int64_t count) override {
        const torch::Tensor idx = indexTensor(indices, count, device_);
        return F::mse_loss(net_->forward(trainX_.index_select(0, idx)), trainY_.index_select(0, idx));
    }
    std::int64_t validationCount() const override { return valX_.size(0); }
    ValidationSums validateRange(std::int64_t begin, std::int64_t end) override {
        EvalScope scope(*net_);
        ValidationSums sums;
        for (std::int64_t i = begin; i < end; i += 1024) {
            const std::int64_t len = std::min<std::int64_t>(1024, end - i);
            sums.loss += F::mse_loss(net_->forward(valX_.narrow(0, i, len)), valY_.narrow(0, i, len),
                                     F::MSELossFuncOptions(torch::kSum))
                             .item<double>();
            sums.count += static_cast<double>(len * valY_.size(1));
        }
        return sums;
    }
    double finishValidation(const ValidationSums& sums, double* metric) const override {
        if (metric) *metric = std::numeric_limits<double>::quiet_NaN();
        return sums.mean();
    }

private:
    LstmNet net_;
    torch::Device device_;
    torch::Tensor trainX_, trainY_, valX_, valY_;
};

class ClassifyTask : public TrainTask {
public:
    ClassifyTask(TextModel& model, const TextClassData& data)
        : net_(model.impl().net), device_(model.impl().device), data_(data) {}
    torch::nn::Module& module() override { return *net_; }
    std::int64_t trainCount() const override { return static_cast<std::int64_t>(data_.train.ids.size()); }
    torch::Tensor batchLoss(const std::int64_t* indices, std::int64_t count) override {
        std::vector<const std::vector<int>*> docs;
        std::vector<std::int64_t> labels;
        for (std::int64_t i = 0; i < count; ++i) {
            docs.push_back(&data_.train.ids[indices[i]]);
            labels.push_back(data_.train.labels[indices[i]]);
        }
        auto [tokens, lengths] = padBatch(docs);
        return F::cross_entropy(net_->classify(tokens.to(device_), lengths),
                                torch::tensor(labels, torch::kInt64).to(device_));
    }
    std::int64_t validationCount() const override { return static_cast<std::int64_t>(data_.val.ids.size()); }
    ValidationSums validateRange(std::int64_t begin, std::int64_t end) override {
        EvalScope scope(*net_);
        const auto& val = data_.val;
        ValidationSums sums;
        for (std::int64_t first = begin; first < end; first += 256) {
            std::vector<const std::vector<int>*> docs;
            std::vector<std::int64_t> labels;
            for (std::int64_t i = first; i < std::min(end, first + 256); ++i) {
                docs.push_back(&val.ids[i]);
                labels.push_back(val.labels[i]);
            }
            auto [tokens, lengths] = padBatch(docs);
            const torch::Tensor y = torch::tensor(labels, torch::kInt64).to(device_);
            const torch::Tensor logits = net_->classify(tokens.to(device_), lengths);
            sums.loss +=
                F::cross_entropy(logits, y, F::CrossEntropyFuncOptions().reduction(torch::kSum)).item<double>();
            sums.hits += static_cast<double>(logits.argmax(1).eq(y).sum().item<std::int64_t>());
            sums.count += static_cast<double>(labels.size());
        }
        return sums;
    }
    double finishValidation(const ValidationSums& sums, double* metric) const override {
        if (metric)
            *metric = sums.count > 0 ? 100.0 * sums.hits / sums.count : std::numeric_limits<double>::quiet_NaN();
        return sums.mean();
    }
    bool selectsByMetric() const override { return true; }
    void setCancel(const std::atomic<bool>* cancel) override { net_->cancel = cancel; }

private:
    TextNet net_;
    torch::Device device_;
    const TextClassData& data_;
};

// Chunks of the character stream: inputs [start, start+chunk), targets shifted by one.
// Each chunk starts from a zero state, so backpropagation is truncated at its ends.
class CharLmTask : public TrainTask {
public:
    CharLmTask(TextModel& model, const CharLmData& data)
        : net_(model.impl().net), device_(model.impl().device), data_(data) {
        const std::int64_t chunk = data.spec.chunk, stride = data.spec.stride > 0 ? data.spec.stride : chunk;
        const auto n = static_cast<std::int64_t>(data.train.size());
        if (n < chunk + 1) throw UsageError("the training text is shorter than one chunk");
        // The chunks are a strided view of the ids as they are (int32, one copy on a GPU):
        // overlapping chunks cost nothing, and only a batch is widened to int64.
        const torch::Tensor ids = torch::from_blob(const_cast<int*>(data.train.data()), {n}, torch::kInt32);
        chunks_ = (device_.is_cpu() ? ids : ids.to(device_)).unfold(0, chunk + 1, stride);
    }
    torch::nn::Module& module() override { return *net_; }
    std::int64_t trainCount() const override { return chunks_.size(0); }
    torch::Tensor batchLoss(const std::int64_t* indices, std::int64_t count) override {
        const torch::Tensor batch = chunks_.index_select(0, indexTensor(indices, count, device_)).to(torch::kInt64);
        const std::int64_t chunk = batch.size(1) - 1;
        const torch::Tensor logits = net_->nextTokenLogits(batch.narrow(1, 0, chunk));
        return F::cross_entropy(logits.reshape({-1, logits.size(2)}), batch.narrow(1, 1, chunk).reshape(-1));
    }
    // The validation text in non-overlapping chunks: the whole ones, then the shorter tail
    // as one more sample. TextModel::bitsPerChar is the same evaluation; it needs the public
    // model, so the loss is computed here directly.
    std::int64_t validationCount() const override {
        const std::int64_t chunk = data_.spec.chunk, n = static_cast<std::int64_t>(data_.val.size());
        if (n < 2) return 0;
        return (n - 1) / chunk + ((n - 1) % chunk ? 1 : 0);
    }
    ValidationSums validateRange(std::int64_t begin, std::int64_t end) override {
        EvalScope scope(*net_);
        const std::int64_t chunk = data_.spec.chunk, n = static_cast<std::int64_t>(data_.val.size());
        const std::int64_t whole = n > 0 ? (n - 1) / chunk : 0;
        ValidationSums sums;
        // Characters [from, from + rows * len] as rows of len inputs, each row's targets one on.
        auto score = [&](std::int64_t from, std::int64_t rows, std::int64_t len) {
            const torch::Tensor ids =
                torch::from_blob(const_cast<int*>(data_.val.data()) + from, {rows * len + 1}, torch::kInt32)
                    .to(device_, torch::kInt64);
            const torch::Tensor x = ids.narrow(0, 0, rows * len).view({rows, len});
            const torch::Tensor y = ids.narrow(0, 1, rows * len).view({rows, len});
            const torch::Tensor logits = std::get<0>(net_->languageModel(x));
            sums.loss += F::cross_entropy(logits.reshape({-1, logits.size(2)}), y.reshape(-1),
                                          F::CrossEntropyFuncOptions().reduction(torch::kSum))
                             .item<double>();
            sums.count += static_cast<double>(y.numel());
        };
        // Whole chunks side by side in batches, then the tail.
        const std::int64_t last = std::min(end, whole);
        for (std::int64_t first = begin; first < last; first += 128)
            score(first * chunk, std::min<std::int64_t>(128, last - first), chunk);
        const std::int64_t tail = n - 1 - whole * chunk;
        if (tail > 0 && begin <= whole && end > whole) score(whole * chunk, 1, tail);
        return sums;
    }
    double finishValidation(const ValidationSums& sums, double* metric) const override {
        const double loss = sums.mean();
        if (metric) *metric = loss / std::log(2.0);
        return loss;
    }

private:
    TextNet net_;
    torch::Device device_;
    const CharLmData& data_;
    torch::Tensor chunks_;  // [chunks, chunk + 1], int32, a view of data_.train's ids
};

} // namespace

std::unique_ptr<TrainTask> makeForecastTask(Model& model, const SeriesWindows& train, const SeriesWindows& val,
                                            int window) {
    return std::make_unique<ForecastTask>(model, train, val, window);
}

std::unique_ptr<TrainTask> makeClassifyTask(TextModel& model, const TextClassData& data) {
    return std::make_unique<ClassifyTask>(model, data);
}

std::unique_ptr<TrainTask> makeCharLmTask(TextModel& model, const CharLmData& data) {
    return std::make_unique<CharLmTask>(model, data);
}

} // namespace studio
