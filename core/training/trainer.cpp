#include "training/trainer.h"

#include "data/series_dataset.h"
#include "base/error.h"
#include "nn/model_impl.h"
#include "training/checkpoint.h"
#include "training/train_task.h"

#include <chrono>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>

namespace studio {

struct Trainer::Impl {
    std::unique_ptr<TrainTask> task;
    TrainConfig config;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    std::string checkpointPath;
    Model* forecastModel = nullptr;  // for loss(SeriesWindows)

    // Progress, all of it saved in checkpoints. The best score is higher for better
    // epochs; `best` holds the parameters and buffers of state.bestEpoch.
    CheckpointState state;

    Impl(std::unique_ptr<TrainTask> t, const TrainConfig& c) : task(std::move(t)), config(c) {
        config.validate();
        std::vector<torch::Tensor> params;
        for (const auto& p : task->module().parameters())
            if (p.requires_grad()) params.push_back(p);  // a frozen embedding stays out
        switch (config.optimizer) {
        case OptimizerKind::Adam:
            optimizer = std::make_unique<torch::optim::Adam>(params, torch::optim::AdamOptions(config.lr));
            break;
        case OptimizerKind::AdamW:
            optimizer = std::make_unique<torch::optim::AdamW>(
                params, torch::optim::AdamWOptions(config.lr).weight_decay(config.weightDecay));
            break;
        case OptimizerKind::Sgd:
            optimizer = std::make_unique<torch::optim::SGD>(
                params, torch::optim::SGDOptions(config.lr).momentum(config.momentum));
            break;
        }
        state.bestValLoss = std::numeric_limits<double>::infinity();
        state.bestScore = -std::numeric_limits<double>::infinity();
        state.shuffle.seed(config.seed);
        state.best = snapshotState(task->module());
        if (task->trainCount() == 0) throw UsageError("no training samples");
    }

    void setLr(double lr) {
        for (auto& group : optimizer->param_groups()) group.options().set_lr(lr);
    }

    void writeCheckpoint(const std::string& path) {
        state.torchRng = at::detail::getDefaultCPUGenerator().get_state();
        studio::writeCheckpoint(path, task->module(), *optimizer, state);
    }

    void readCheckpoint(const std::string& path) {
        state = studio::readCheckpoint(path, task->module(), *optimizer);
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        generator.set_state(state.torchRng);
    }
};

Trainer::Trainer(Model& model, const TrainConfig& config, const SeriesWindows& train, const SeriesWindows& val,
                 int window)
    : impl_(std::make_unique<Impl>(makeForecastTask(model, train, val, window), config)) {
    impl_->forecastModel = &model;
    model.impl().net->setEngine(impl_->config.engine);
}

Trainer::Trainer(TextModel& model, const TrainConfig& config, const TextClassData& data)
    : impl_(std::make_unique<Impl>(makeClassifyTask(model, data), config)) {}

Trainer::Trainer(TextModel& model, const TrainConfig& config, const CharLmData& data)
    : impl_(std::make_unique<Impl>(makeCharLmTask(model, data), config)) {}

Trainer::~Trainer() = default;

void Trainer::seed(std::uint64_t seed) {
    torch::manual_seed(seed);
}

void Trainer::setCheckpointPath(const std::string& path) { impl_->checkpointPath = path; }

void Trainer::setEpochs(int epochs) {
    if (epochs < 1) throw UsageError("epochs must be at least 1");
    impl_->config.epochs = epochs;
}

void Trainer::loadCheckpoint(const std::string& path) { impl_->readCheckpoint(path); }

double Trainer::loss(const SeriesWindows& windows) const {
    if (!impl_->forecastModel) throw Error("loss(windows) needs a forecast trainer");
    Model& model = *impl_->forecastModel;
    const auto task = makeForecastTask(model, windows, windows, static_cast<int>(
        windows.count ? windows.x.size() / (windows.count * model.inputSize()) : 1));
    return task->validate(nullptr);
}

namespace {
constexpr double kDivergedFactor = 1e6;
}  // namespace

TrainResult Trainer::run(TrainObserver* observer, const std::atomic<bool>* cancel) {
    Impl& d = *impl_;
    CheckpointState& progress = d.state;
    const TrainConfig& cfg = d.config;
    torch::nn::Module& net = d.task->module();
    const std::int64_t n = d.task->trainCount();
    const int batches = static_cast<int>((n + cfg.batchSize - 1) / cfg.batchSize);
    const double clipAt = cfg.clip > 0.0 ? cfg.clip : std::numeric_limits<double>::infinity();
    auto params = net.parameters();

    TrainResult result;
    result.reason = StopReason::Completed;
    net.train();
    std::vector<std::int64_t> order(n);
    double firstLoss = -1.0;  // the first batch's loss of this run
    // Long batches also look at `cancel` inside their work; the task forgets it on return.
    struct CancelScope {
        TrainTask& task;
        ~CancelScope() { task.setCancel(nullptr); }
    } cancelScope{*d.task};
    d.task->setCancel(cancel);
    try {
        while (progress.epoch < cfg.epochs && result.reason == StopReason::Completed) {
            const auto started = std::chrono::steady_clock::now();
            const double lr = cfg.lrAt(progress.epoch);
            d.setLr(lr);
            for (std::int64_t i = 0; i < n; ++i) order[i] = i;
            std::shuffle(order.begin(), order.end(), progress.shuffle);

            double lossSum = 0.0, normSum = 0.0, normMax = 0.0;
            int clippedCount = 0, done = 0;
            for (int b = 0; b < batches; ++b) {
                if (cancel && cancel->load(std::memory_order_relaxed)) {
                    result.reason = StopReason::Cancelled;
                    break;
                }
                const std::int64_t begin = static_cast<std::int64_t>(b) * cfg.batchSize;
                const std::int64_t len = std::min<std::int64_t>(cfg.batchSize, n - begin);
                d.optimizer->zero_grad();
                const torch::Tensor loss = d.task->batchLoss(order.data() + begin, len);
                loss.backward();
                // Returns the total norm before clipping; an infinite limit only measures.
                const double norm = torch::nn::utils::clip_grad_norm_(params, clipAt);
                const double lossValue = loss.item<double>();
                if (firstLoss < 0) firstLoss = std::max(lossValue, 1e-8);
                // Not finite, or a million times the run's first batch loss: no learning rate
                // that works gets there (--lr 1e10 reached 5e20 with finite numbers).
                if (!std::isfinite(lossValue) || !std::isfinite(norm) || lossValue > kDivergedFactor * firstLoss) {
                    result.reason = StopReason::Diverged;
                    std::ostringstream msg;
                    msg << "training diverged in epoch " << progress.epoch + 1 << ", batch " << b + 1 << " (loss "
                        << lossValue;
                    if (std::isfinite(lossValue)) msg << ", " << lossValue / firstLoss << " times the first batch's";
                    msg << ", gradient norm " << norm << "); "
                        << (progress.epoch > 0 ? "the best weights so far were kept"
                                        : "no epoch finished, so no model was kept")
                        << ". Try a lower learning rate (1e-4), gradient clipping (--clip 1.0), or check the data for "
                           "outliers.";
                    result.message = msg.str();
                    break;
                }
                d.optimizer->step();
                const bool clipped = norm > clipAt;
                lossSum += lossValue * len;
                normSum += norm;
                normMax = std::max(normMax, norm);
                clippedCount += clipped;
                ++done;
                if (observer) {
                    BatchStats s;
                    s.epoch = progress.epoch + 1, s.batch = b + 1, s.batchesPerEpoch = batches;
                    s.loss = lossValue, s.gradNorm = norm, s.clipped = clipped, s.lr = lr;
                    s.samples = static_cast<int>(len);
                    observer->onBatch(s);
                }
            }
            if (result.reason != StopReason::Completed) break;

            EpochStats s;
            s.epoch = progress.epoch + 1;
            s.trainLoss = lossSum / n;
            s.valLoss = d.task->validate(&s.valMetric);
            ++progress.epoch;
            s.gradNormMean = done ? normSum / done : 0.0;
            s.gradNormMax = normMax;
            s.clippedFraction = done ? double(clippedCount) / done : 0.0;
            s.lr = lr;
            s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            s.samplesPerSecond = s.seconds > 0 ? n / s.seconds : 0.0;
            // Classifiers are judged by validation accuracy (their loss keeps rising with
            // confidence while accuracy still improves), ties broken by the lower loss.
            const double score = d.task->selectsByMetric() ? s.valMetric - 1e-9 * s.valLoss : -s.valLoss;
            if (score > progress.bestScore) {
                progress.bestScore = score;
                progress.bestValLoss = s.valLoss;
                progress.bestEpoch = s.epoch;
                progress.best = snapshotState(net);
                progress.epochsWithoutImprovement = 0;
                s.improved = true;
            } else {
                ++progress.epochsWithoutImprovement;
            }
            progress.history.push_back(s);
            if (!d.checkpointPath.empty()) d.writeCheckpoint(d.checkpointPath);
            const bool keepGoing = observer ? observer->onEpoch(s) : true;
            if (!std::isfinite(s.valLoss)) {
                result.reason = StopReason::Diverged;
                result.message = "validation loss is not finite after epoch " + std::to_string(s.epoch) +
                                 "; the best weights so far were kept. Try a lower learning rate (1e-4), gradient "
                                 "clipping (--clip 1.0), or check the data for outliers.";
            } else if (cfg.patience > 0 && progress.epochsWithoutImprovement >= cfg.patience &&
                       progress.epoch < cfg.epochs) {
                result.reason = StopReason::EarlyStopped;
                result.message = "stopped early: validation loss did not improve for " + std::to_string(cfg.patience) +
                                 " epochs; kept the weights of epoch " + std::to_string(progress.bestEpoch);
            } else if (!keepGoing) {
                result.reason = StopReason::Cancelled;
            }
        }
    } catch (const CancelledError&) {
        // Inside a batch or the validation: the epoch it was in is not counted.
        result.reason = StopReason::Cancelled;
    }
    if (result.reason == StopReason::Cancelled)
        result.message = progress.epoch == 0 ? "cancelled before the first epoch ended"
                                             : "cancelled after " + std::to_string(progress.epoch) +
                                                   " epoch(s); kept the weights of epoch " +
                                                   std::to_string(progress.bestEpoch);
    restoreState(net, progress.best);
    net.train();
    result.epochsDone = progress.epoch;
    result.bestEpoch = progress.bestEpoch;
    result.bestValLoss = progress.bestValLoss;
    result.history = progress.history;
    return result;
}

} // namespace studio
