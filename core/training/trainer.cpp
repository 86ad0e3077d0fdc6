#include "training/trainer.h"

#include "data/series_dataset.h"
#include "base/error.h"
#include "distributed/process_group_impl.h"
#include "nn/model_impl.h"
#include "nn/text_model_impl.h"
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
    // The processes this training runs with (data parallel), or nullptr: alone.
    ProcessGroup* group = trainingGroup();

    // Progress, all of it saved in checkpoints. The best score is higher for better
    // epochs; `best` holds the parameters and buffers of state.bestEpoch.
    CheckpointState state;
    // The parameters the optimizer steps (a frozen embedding stays out), in the module's order.
    std::vector<torch::Tensor> trained;

    Impl(std::unique_ptr<TrainTask> t, const TrainConfig& c) : task(std::move(t)), config(c) {
        config.validate();
        for (const auto& p : task->module().parameters())
            if (p.requires_grad()) trained.push_back(p);
        const std::vector<torch::Tensor>& params = trained;
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

    int ranks() const { return group ? group->size() : 1; }

    void writeCheckpoint(const std::string& path) {
        state.torchRng = at::detail::getDefaultCPUGenerator().get_state();
        state.processes = ranks();
        studio::writeCheckpoint(path, task->module(), *optimizer, state);
    }

    void readCheckpoint(const std::string& path) {
        state = studio::readCheckpoint(path, task->module(), *optimizer);
        if (state.processes != ranks()) {
            const auto processes = [](int n) { return std::to_string(n) + (n == 1 ? " process" : " processes"); };
            throw UsageError("the checkpoint was written by a training of " + processes(state.processes) +
                             ", each with its share of every batch; resume it with " + processes(state.processes) +
                             " (this run has " + std::to_string(ranks()) + ")");
        }
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        generator.set_state(state.torchRng);
    }

    // Every rank must train the same network on the same samples. For each figure x,
    // ranks * sum(x^2) equals sum(x)^2 over the ranks only when every rank's x is the same
    // (Cauchy-Schwarz), so one sum tells every rank alike whether all agree.
    void checkAgreement() {
        double weights = 0.0;
        for (const auto& p : task->module().parameters()) weights += p.to(torch::kFloat64).sum().item<double>();
        const std::vector<std::pair<const char*, double>> own = {
            {"training samples", static_cast<double>(task->trainCount())},
            {"validation samples", static_cast<double>(task->validationCount())},
            {"parameters", static_cast<double>(task->module().parameters().size())},
            {"starting weights", weights},
        };
        std::vector<double> sums;
        for (const auto& [name, x] : own) sums.push_back(x), sums.push_back(x * x);
        group->allreduceSum(sums);
        std::string differ;
        for (std::size_t i = 0; i < own.size(); ++i) {
            const double sum = sums[2 * i], squares = sums[2 * i + 1];
            if (std::abs(ranks() * squares - sum * sum) > 1e-9 * std::max(1.0, sum * sum))
                differ += std::string(differ.empty() ? "" : ", ") + own[i].first;
        }
        if (!differ.empty())
            throw UsageError("rank " + std::to_string(group->rank()) + " of " + std::to_string(ranks()) +
                             ": the ranks differ in " + differ +
                             "; every rank needs the same data file, settings, seed and build");
    }

    // After each rank's backward pass over its `samples` of the batch: every gradient
    // becomes the mean over the whole batch (each rank's mean weighted by its share), in
    // buckets of at most 4M values, so clipping sees the global norm and every rank steps
    // alike. Returns false when a rank asked to stop; `loss` gets the whole batch's mean.
    bool reduceGradients(std::int64_t samples, double ownLoss, bool stop, double& loss) {
        constexpr std::int64_t kBucket = std::int64_t(1) << 22;
        const std::vector<torch::Tensor>& params = trained;
        std::vector<torch::Tensor> buffers;
        std::vector<std::size_t> firstOf;  // the first parameter of each bucket
        std::vector<torch::Tensor> parts;
        std::int64_t filled = 0;
        auto close = [&] {
            if (parts.empty()) return;
            buffers.push_back(torch::cat(parts));
            buffers.back().narrow(0, 0, filled).mul_(static_cast<double>(samples));
            parts.clear();
            filled = 0;
        };
        for (std::size_t i = 0; i < params.size(); ++i) {
            const torch::Tensor& p = params[i];
            if (filled > 0 && filled + p.numel() > kBucket) close();
            if (parts.empty()) firstOf.push_back(i);
            parts.push_back(p.grad().defined() ? p.grad().reshape(-1) : torch::zeros({p.numel()}, p.options()));
            filled += p.numel();
        }
        // The batch's loss sum, sample count and stop votes ride at the end of the last
        // bucket (one collective per step for most networks).
        parts.push_back(torch::tensor({static_cast<float>(ownLoss * samples), static_cast<float>(samples),
                                       stop ? 1.0f : 0.0f},
                                      params.front().options()));
        close();
        allreduceSum(*group, buffers);
        const torch::Tensor totals = buffers.back().narrow(0, buffers.back().size(0) - 3, 3).to(torch::kFloat64);
        if (totals[2].item<double>() > 0) return false;
        const double count = totals[1].item<double>();
        loss = totals[0].item<double>() / count;
        for (std::size_t b = 0; b < firstOf.size(); ++b) {
            const std::size_t end = b + 1 < firstOf.size() ? firstOf[b + 1] : params.size();
            std::int64_t offset = 0;
            for (std::size_t i = firstOf[b]; i < end; ++i) {
                torch::Tensor p = params[i];
                if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
                p.mutable_grad().copy_(buffers[b].narrow(0, offset, p.numel()).view_as(p)).div_(count);
                offset += p.numel();
            }
        }
        return true;
    }

    // The validation loss and metric: each rank scores its share of the samples, and the
    // sums are added over the ranks.
    double validate(double* metric) {
        if (!group) return task->validate(metric);
        const std::int64_t n = task->validationCount();
        const std::int64_t begin = n * group->rank() / ranks(), end = n * (group->rank() + 1) / ranks();
        const TrainTask::ValidationSums own = task->validateRange(begin, end);
        std::vector<double> sums = {own.loss, own.count, own.hits};
        group->allreduceSum(sums);
        return task->finishValidation({sums[0], sums[1], sums[2]}, metric);
    }

    // Whether every rank goes on after an epoch: all stop when one's observer says stop.
    bool allGoOn(bool goOn) {
        if (!group) return goOn;
        std::vector<double> stops = {goOn ? 0.0 : 1.0};
        group->allreduceSum(stops);
        return stops[0] == 0.0;
    }
};

Trainer::Trainer(Model& model, const TrainConfig& config, const SeriesWindows& train, const SeriesWindows& val,
                 int window)
    : impl_(std::make_unique<Impl>(makeForecastTask(model, train, val, window), config)) {
    impl_->forecastModel = &model;
    model.impl().net->setEngine(impl_->config.engine);
}

Trainer::Trainer(TextModel& model, const TrainConfig& config, const TextClassData& data)
    : impl_(std::make_unique<Impl>(makeClassifyTask(model, data), config)) {
    model.impl().net->setEngine(impl_->config.engine);
}

Trainer::Trainer(TextModel& model, const TrainConfig& config, const CharLmData& data)
    : impl_(std::make_unique<Impl>(makeCharLmTask(model, data), config)) {
    model.impl().net->setEngine(impl_->config.engine);
}

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
    // With a group, batchSize is each rank's share: rank r trains on the r-th slice of
    // every global batch, drawn from the order all ranks shuffle alike.
    const int ranks = d.ranks(), rank = d.group ? d.group->rank() : 0;
    const std::int64_t globalBatch = static_cast<std::int64_t>(cfg.batchSize) * ranks;
    const int batches = static_cast<int>((n + globalBatch - 1) / globalBatch);
    if (d.group) d.checkAgreement();
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
    // With a group, a rank stops only at a batch's end, together with the others (a rank
    // leaving inside a batch would leave them waiting).
    d.task->setCancel(d.group ? nullptr : cancel);
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
                const bool stop = cancel && cancel->load(std::memory_order_relaxed);
                if (stop && !d.group) {
                    result.reason = StopReason::Cancelled;
                    break;
                }
                const std::int64_t begin = static_cast<std::int64_t>(b) * globalBatch;
                const std::int64_t len = std::min<std::int64_t>(globalBatch, n - begin);
                d.optimizer->zero_grad();
                double lossValue = 0.0;
                torch::Tensor loss;
                if (!d.group) {
                    loss = d.task->batchLoss(order.data() + begin, len);
                    loss.backward();
                    lossValue = loss.item<double>();
                } else {
                    const std::int64_t mine = begin + static_cast<std::int64_t>(rank) * cfg.batchSize;
                    const std::int64_t own = std::clamp<std::int64_t>(n - mine, 0, cfg.batchSize);
                    double ownLoss = 0.0;
                    if (own > 0) {
                        loss = d.task->batchLoss(order.data() + mine, own);
                        loss.backward();
                        ownLoss = loss.item<double>();
                    }
                    if (!d.reduceGradients(own, ownLoss, stop, lossValue)) {
                        result.reason = StopReason::Cancelled;
                        break;
                    }
                }
                // Returns the total norm before clipping; an infinite limit only measures.
                const double norm = torch::nn::utils::clip_grad_norm_(params, clipAt);
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
            s.valLoss = d.validate(&s.valMetric);
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
            const bool keepGoing = d.allGoOn(observer ? observer->onEpoch(s) : true);
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
