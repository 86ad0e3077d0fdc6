// Milliseconds per training step of LSTM Studio's own Trainer on synthetic data, for
// bench/train_speed.py, which runs the same shapes in PyTorch and compares.
//
//   lstm-studio-train-bench --case w|bilstm|small|medium|large|text|spam --engine libtorch|onednn
//                           [--batches 60] [--skip 3] [--threads 1] [--phases]
//                           [--data datasets/spam_subjects.csv] [--ids FILE]
//
// Prints one JSON object: {"case", "engine", "ms": [per step]}. A step is the gap between
// two batches reported to the trainer's observer: batch assembly, forward, backward,
// clipping, the optimizer and the observer call, i.e. everything a user waits for.
// Forecast cases: LSTM over windows of T=30 rows of 5 features, linear head, batch 64,
// Adam (lr 1e-3), clip 1.0; W is 128 units x 2 layers, dropout 0. Text: the classifier
// (embedding 64, BiLSTM 64, attention pooling) on 64 texts of 20-60 tokens per batch. Spam:
// the classifier `train --task classify` builds by default (embedding 128, BiLSTM 128,
// final states) on the spam subjects (--data), tokenized as the CLI does; --ids writes the
// training split's texts as "label id id ..." lines, for the PyTorch peer to train on.
//
// --phases (forecast cases): the same step taken apart, a timer around each phase (the
// optimizer's zero_grad, batch assembly, LSTM forward, head and loss, backward, gradient
// clipping, Adam), printed as {"case", "engine", "phases": {name: median ms}, "step": median
// ms of the whole step}.

#include "data/series_dataset.h"
#include "data/csv_reader.h"
#include "data/text_dataset.h"
#include "base/error.h"
#include "nn/model.h"
#include "nn/model_impl.h"
#include "nn/text_model.h"
#include "training/trainer.h"
#include "base/threads.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace studio;

namespace {

constexpr int kTime = 30, kFeatures = 5, kBatch = 64;

struct StepTimer : TrainObserver {
    int skip = 3, wanted = 60;
    std::vector<double> ms;
    std::atomic<bool> stop{false};
    std::chrono::steady_clock::time_point last;
    bool started = false;

    void onBatch(const BatchStats&) override {
        const auto now = std::chrono::steady_clock::now();
        if (started && skip-- <= 0) ms.push_back(std::chrono::duration<double, std::milli>(now - last).count());
        started = true;
        last = now;
        if (static_cast<int>(ms.size()) >= wanted) stop = true;
    }
    // Validation between epochs is not a training step.
    bool onEpoch(const EpochStats&) override {
        started = false;
        return true;
    }
};

SeriesWindows randomWindows(std::size_t count, std::mt19937& rng) {
    std::normal_distribution<float> normal;
    SeriesWindows w;
    w.count = count;
    w.x.resize(count * kTime * kFeatures);
    w.y.resize(count);
    for (auto& v : w.x) v = normal(rng);
    for (auto& v : w.y) v = normal(rng);
    return w;
}

ModelSpec forecastSpec(const std::string& name) {
    if (name == "small" || name == "medium" || name == "large") return ModelSpec::preset(name);
    ModelSpec spec;
    spec.hidden = 128, spec.layers = 2, spec.dropout = 0.0;
    spec.bidirectional = name == "bilstm";
    if (name != "w" && name != "bilstm") throw UsageError("unknown case '" + name + "'");
    return spec;
}

TextExamples randomTexts(std::size_t count, int vocab, int classes, std::mt19937& rng) {
    std::uniform_int_distribution<int> length(20, 60), token(2, vocab - 1), label(0, classes - 1);
    TextExamples e;
    for (std::size_t i = 0; i < count; ++i) {
        std::vector<int> ids(length(rng));
        for (auto& t : ids) t = token(rng);
        e.ids.push_back(std::move(ids));
        e.labels.push_back(label(rng));
        e.rows.push_back(i);
    }
    return e;
}

int argInt(const std::string& value) { return std::atoi(value.c_str()); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[(v.size() - 1) / 2];
}

// The trainer's step (core/training/trainer.cpp, ForecastTask::batchLoss) with a clock read
// between its phases.
void timePhases(const std::string& name, const std::string& engine, int steps, int skip) {
    constexpr const char* kNames[] = {"zero_grad", "batch", "lstm_forward", "head_loss", "backward", "clip", "adam"};
    constexpr int kPhases = 7;
    Model model(forecastSpec(name), kFeatures, 1);
    model.to("cpu");
    LstmNet net = model.impl().net;
    net->setEngine(engine);
    net->train();
    const std::int64_t samples = std::int64_t(kBatch) * (steps + skip);
    const torch::Tensor x = torch::randn({samples, kTime, kFeatures}), y = torch::randn({samples, 1});
    const torch::Tensor order = torch::randperm(samples);
    auto params = net->parameters();
    torch::optim::Adam adam(params, torch::optim::AdamOptions(1e-3));
    std::vector<std::vector<double>> ms(kPhases);
    std::vector<double> whole;  // the median of the sums is not the sum of the medians
    for (int s = 0; s < steps + skip; ++s) {
        std::chrono::steady_clock::time_point t[kPhases + 1];
        t[0] = std::chrono::steady_clock::now();
        adam.zero_grad();
        t[1] = std::chrono::steady_clock::now();
        const torch::Tensor idx = order.narrow(0, std::int64_t(s) * kBatch, kBatch);
        const torch::Tensor xb = x.index_select(0, idx), yb = y.index_select(0, idx);
        t[2] = std::chrono::steady_clock::now();
        const torch::Tensor features = net->readout(xb);
        t[3] = std::chrono::steady_clock::now();
        const torch::Tensor loss = torch::nn::functional::mse_loss(net->linear->forward(features), yb);
        t[4] = std::chrono::steady_clock::now();
        loss.backward();
        t[5] = std::chrono::steady_clock::now();
        torch::nn::utils::clip_grad_norm_(params, 1.0);
        t[6] = std::chrono::steady_clock::now();
        loss.item<double>();
        adam.step();
        t[7] = std::chrono::steady_clock::now();
        if (s < skip) continue;
        for (int p = 0; p < kPhases; ++p)
            ms[p].push_back(std::chrono::duration<double, std::milli>(t[p + 1] - t[p]).count());
        whole.push_back(std::chrono::duration<double, std::milli>(t[kPhases] - t[0]).count());
    }
    std::printf("{\"case\": \"%s\", \"engine\": \"%s\", \"phases\": {", name.c_str(), net->engine().c_str());
    for (int p = 0; p < kPhases; ++p) std::printf("%s\"%s\": %.4f", p ? ", " : "", kNames[p], median(ms[p]));
    std::printf("}, \"step\": %.4f}\n", median(whole));
}

}  // namespace

int main(int argc, char** argv) {
    std::string name = "w", engine = "libtorch", dataPath, idsPath;
    StepTimer timer;
    int threads = 1;
    bool phases = false;
    for (int i = 1; i < argc; ++i) {
        const std::string key = argv[i];
        if (key == "--phases") {
            phases = true;
            continue;
        }
        const std::string value = i + 1 < argc ? argv[++i] : "";
        if (key == "--case") {
            name = value;
        } else if (key == "--engine") {
            engine = value;
        } else if (key == "--batches") {
            timer.wanted = argInt(value);
        } else if (key == "--skip") {
            timer.skip = argInt(value);
        } else if (key == "--threads") {
            threads = argInt(value);
        } else if (key == "--data") {
            dataPath = value;
        } else if (key == "--ids") {
            idsPath = value;
        } else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            return 2;
        }
    }
    try {
        applyThreads(threads);
        if (phases) {
            Trainer::seed(42);
            timePhases(name, engine, timer.wanted, timer.skip);
            return 0;
        }
        TrainConfig cfg;
        cfg.epochs = 1000;  // stopped by the timer's cancel flag
        cfg.batchSize = kBatch;
        cfg.clip = 1.0;
        cfg.patience = 0;
        cfg.device = "cpu";
        cfg.engine = engine;
        cfg.schedule = ScheduleKind::None;
        std::mt19937 rng(1);
        const std::size_t samples = static_cast<std::size_t>(kBatch) * (timer.wanted + timer.skip + 2);
        Trainer::seed(cfg.seed);
        if (name == "spam") {
            if (dataPath.empty()) throw UsageError("--case spam needs --data (datasets/spam_subjects.csv)");
            TextSpec text;
            text.textColumn = "subject", text.labelColumn = "label", text.maxLength = 512;
            const TextClassData data = buildTextClassData(readLabeledCsv(dataPath), text);
            if (!idsPath.empty()) {
                std::ofstream out(idsPath);
                for (std::size_t i = 0; i < data.train.ids.size(); ++i) {
                    out << data.train.labels[i];
                    for (int id : data.train.ids[i]) out << ' ' << id;
                    out << '\n';
                }
                if (!out) throw Error("cannot write " + idsPath);
            }
            TextModelSpec spec;  // the classify task's defaults (tasks/classify/classify_task.cpp)
            spec.vocabSize = static_cast<int>(data.vocab.size());
            spec.classes = static_cast<int>(data.classes.size());
            spec.embeddingDim = 128, spec.hidden = 128, spec.bidirectional = true, spec.pooling = Pooling::Last;
            TextModel model(spec);
            Trainer trainer(model, cfg, data);
            trainer.run(&timer, &timer.stop);
        } else if (name == "text") {
            TextModelSpec spec;
            spec.vocabSize = 2000, spec.classes = 4;
            TextClassData data;
            data.train = randomTexts(samples, spec.vocabSize, spec.classes, rng);
            data.val = randomTexts(64, spec.vocabSize, spec.classes, rng);
            TextModel model(spec);
            Trainer trainer(model, cfg, data);
            trainer.run(&timer, &timer.stop);
        } else {
            const SeriesWindows train = randomWindows(samples, rng), val = randomWindows(64, rng);
            Model model(forecastSpec(name), kFeatures, 1);
            model.to("cpu");
            Trainer trainer(model, cfg, train, val, kTime);
            trainer.run(&timer, &timer.stop);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    std::printf("{\"case\": \"%s\", \"engine\": \"%s\", \"ms\": [", name.c_str(), engine.c_str());
    for (std::size_t i = 0; i < timer.ms.size(); ++i) std::printf("%s%.4f", i ? ", " : "", timer.ms[i]);
    std::printf("]}\n");
    return 0;
}
