// The trainer: seeded reproducibility, checkpoint/resume equivalence, early stopping,
// the NaN/Inf guard, cancel, and that training learns a simple series.

#include "data/csv_reader.h"
#include "data/series_dataset.h"
#include "nn/model.h"
#include "training/trainer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>
#include <sstream>

using namespace studio;

namespace {

QString reason(StopReason r) { return QString::fromStdString(toString(r)); }
QString reason(const TrainResult& r) { return reason(r.reason); }

// A noisy sine wave with a second, correlated column.
CsvTable sineTable(int rows) {
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0.0, 0.05);
    std::ostringstream csv;
    csv << "t,value,other\n";
    for (int i = 0; i < rows; ++i) csv << i << ',' << std::sin(i * 0.2) + noise(rng) << ',' << std::cos(i * 0.2) << '\n';
    return parseCsv(csv.str(), "sine.csv");
}

SeriesDataset sineDataset() {
    SeriesSpec spec;
    spec.target = "value";
    spec.features = {"value", "other"};
    spec.window = 12;
    return buildSeriesDataset(sineTable(400), spec);
}

TrainConfig smallConfig(int epochs) {
    TrainConfig c;
    c.epochs = epochs;
    c.batchSize = 32;
    c.lr = 5e-3;
    c.patience = 0;
    c.device = "cpu";
    return c;
}

ModelSpec twoLayers() {
    ModelSpec m;
    m.hidden = 16;
    m.layers = 2;
    m.dropout = 0.2;  // exercises the dropout generator in resume
    return m;
}

struct Run {
    TrainResult result;
    std::vector<NamedTensor> params;
};

Run train(const SeriesDataset& ds, const TrainConfig& config, const ModelSpec& spec, TrainObserver* observer = nullptr,
          const std::string& checkpoint = {}) {
    Trainer::seed(config.seed);
    Model model(spec, 2, 1);
    model.to("cpu");
    Trainer trainer(model, config, ds.train, ds.val, ds.spec.window);
    if (!checkpoint.empty()) trainer.setCheckpointPath(checkpoint);
    Run run;
    run.result = trainer.run(observer);
    run.params = model.parameters();
    return run;
}

std::vector<double> losses(const TrainResult& r) {
    std::vector<double> out;
    for (const auto& e : r.history) {
        out.push_back(e.trainLoss);
        out.push_back(e.valLoss);
    }
    return out;
}

class StopAfter : public TrainObserver {
public:
    explicit StopAfter(int epoch) : epoch_(epoch) {}
    bool onEpoch(const EpochStats& s) override { return s.epoch < epoch_; }
    void onBatch(const BatchStats& s) override { batches.push_back(s); }
    std::vector<BatchStats> batches;

private:
    int epoch_;
};

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void learnsASineWave();
    void sameSeedSameHistory();
    void differentSeedDifferentHistory();
    void resumeEqualsUninterrupted();
    void earlyStoppingRestoresBest();
    void nanGuardStopsAndKeepsBest();
    void cancelBetweenBatches();
    void clippingIsReported();
    void scheduleShapes();
};

void TestTrainer::learnsASineWave() {
    const SeriesDataset ds = sineDataset();
    const Run run = train(ds, smallConfig(8), twoLayers());
    QCOMPARE(run.result.epochsDone, 8);
    QCOMPARE(reason(run.result), reason(StopReason::Completed));
    // Scaled MSE of a sine with 0.05 noise: starts near 1 (the variance), must fall far.
    QVERIFY2(run.result.history.front().trainLoss > 4 * run.result.bestValLoss,
             qPrintable(QString("first %1 best val %2").arg(run.result.history.front().trainLoss).arg(run.result.bestValLoss)));
    QVERIFY(run.result.bestValLoss < 0.1);
}

void TestTrainer::sameSeedSameHistory() {
    const SeriesDataset ds = sineDataset();
    const Run a = train(ds, smallConfig(3), twoLayers());
    const Run b = train(ds, smallConfig(3), twoLayers());
    QCOMPARE(losses(a.result), losses(b.result));
    QCOMPARE(a.params[0].values, b.params[0].values);
}

void TestTrainer::differentSeedDifferentHistory() {
    const SeriesDataset ds = sineDataset();
    TrainConfig other = smallConfig(2);
    other.seed = 43;
    const Run a = train(ds, smallConfig(2), twoLayers());
    const Run b = train(ds, other, twoLayers());
    QVERIFY(losses(a.result) != losses(b.result));
}

void TestTrainer::resumeEqualsUninterrupted() {
    const SeriesDataset ds = sineDataset();
    QTemporaryDir dir;
    const std::string checkpoint = dir.filePath("checkpoint.pt").toStdString();
    const Run whole = train(ds, smallConfig(5), twoLayers());

    StopAfter stop(2);
    const Run first = train(ds, smallConfig(5), twoLayers(), &stop, checkpoint);
    QCOMPARE(reason(first.result), reason(StopReason::Cancelled));
    QCOMPARE(first.result.epochsDone, 2);

    // A fresh process would build a fresh model with other weights; the checkpoint must
    // carry everything.
    Trainer::seed(999);
    Model model(twoLayers(), 2, 1);
    Trainer trainer(model, smallConfig(5), ds.train, ds.val, ds.spec.window);
    trainer.loadCheckpoint(checkpoint);
    const TrainResult rest = trainer.run();
    QCOMPARE(rest.epochsDone, 5);
    QCOMPARE(losses(rest), losses(whole.result));
    const auto params = model.parameters();
    for (std::size_t i = 0; i < params.size(); ++i) QCOMPARE(params[i].values, whole.params[i].values);
}

void TestTrainer::earlyStoppingRestoresBest() {
    const SeriesDataset ds = sineDataset();
    TrainConfig config = smallConfig(40);
    config.lr = 0.05;  // large and constant: validation loss soon stops improving
    config.schedule = ScheduleKind::None;
    config.patience = 2;
    const Run run = train(ds, config, twoLayers());
    QCOMPARE(reason(run.result), reason(StopReason::EarlyStopped));
    QCOMPARE(run.result.epochsDone, run.result.bestEpoch + 2);
    double best = 1e300;
    for (const auto& e : run.result.history) best = std::min(best, e.valLoss);
    QCOMPARE(run.result.bestValLoss, best);

    // The model after run() holds the best epoch's weights: its validation loss is the best.
    Trainer::seed(config.seed);
    Model model(twoLayers(), 2, 1);
    model.setParameters(run.params);
    Trainer check(model, config, ds.train, ds.val, ds.spec.window);
    QVERIFY(std::abs(check.loss(ds.val) - best) < 1e-6);
}

namespace {
// Poisons a weight at the end of epoch `at`, as an exploding update would.
class Poison : public TrainObserver {
public:
    Poison(Model& model, int at) : model_(model), at_(at) {}
    bool onEpoch(const EpochStats& s) override {
        if (s.epoch == at_) {
            good = model_.parameters();
            auto bad = good;
            bad[0].values[0] = std::numeric_limits<float>::quiet_NaN();
            model_.setParameters(bad);
        }
        return true;
    }
    std::vector<NamedTensor> good;

private:
    Model& model_;
    int at_;
};
} // namespace

void TestTrainer::nanGuardStopsAndKeepsBest() {
    const SeriesDataset ds = sineDataset();
    TrainConfig config = smallConfig(5);
    Trainer::seed(config.seed);
    Model model(twoLayers(), 2, 1);
    Trainer trainer(model, config, ds.train, ds.val, ds.spec.window);
    Poison poison(model, 2);
    const TrainResult r = trainer.run(&poison);
    QCOMPARE(reason(r), reason(StopReason::Diverged));
    QCOMPARE(r.epochsDone, 2);
    QVERIFY2(r.message.find("1e-4") != std::string::npos, r.message.c_str());
    QVERIFY(r.message.find("outliers") != std::string::npos);
    // Epoch 2 was the best so far (loss falls early on): its weights, not the poisoned ones.
    QCOMPARE(r.bestEpoch, 2);
    const auto params = model.parameters();
    for (std::size_t i = 0; i < params.size(); ++i) QCOMPARE(params[i].values, poison.good[i].values);
}

void TestTrainer::cancelBetweenBatches() {
    const SeriesDataset ds = sineDataset();
    TrainConfig config = smallConfig(3);
    Trainer::seed(config.seed);
    Model model(twoLayers(), 2, 1);
    const std::vector<NamedTensor> initial = model.parameters();
    Trainer trainer(model, config, ds.train, ds.val, ds.spec.window);
    std::atomic<bool> cancel{false};
    class CancelAt : public TrainObserver {
    public:
        explicit CancelAt(std::atomic<bool>& c) : cancel(c) {}
        void onBatch(const BatchStats& s) override {
            ++seen;
            if (s.batch == 3) cancel = true;
        }
        std::atomic<bool>& cancel;
        int seen = 0;
    } observer(cancel);
    const TrainResult r = trainer.run(&observer, &cancel);
    QCOMPARE(reason(r), reason(StopReason::Cancelled));
    QCOMPARE(observer.seen, 3);
    QCOMPARE(r.epochsDone, 0);
    // No epoch finished: the weights go back to where they started.
    QCOMPARE(model.parameters()[0].values, initial[0].values);
}

void TestTrainer::clippingIsReported() {
    const SeriesDataset ds = sineDataset();
    TrainConfig config = smallConfig(1);
    config.clip = 1e-3;  // every real gradient is larger
    StopAfter observer(99);
    const Run run = train(ds, config, twoLayers(), &observer);
    QVERIFY(!observer.batches.empty());
    double maxNorm = 0;
    for (const auto& b : observer.batches) {
        QVERIFY(b.clipped);
        QVERIFY(b.gradNorm > 1e-3);  // the norm before clipping
        maxNorm = std::max(maxNorm, b.gradNorm);
    }
    QCOMPARE(run.result.history[0].clippedFraction, 1.0);
    QCOMPARE(run.result.history[0].gradNormMax, maxNorm);
}

void TestTrainer::scheduleShapes() {
    TrainConfig c;
    c.epochs = 20;
    c.lr = 1e-3;
    QCOMPARE(c.lrAt(0), 1e-3);
    QVERIFY(std::abs(c.lrAt(10) - 0.5e-3) < 1e-12);  // half way down the cosine
    QVERIFY(c.lrAt(19) < 0.01e-3);
    c.schedule = ScheduleKind::Step;
    QCOMPARE(c.lrAt(9), 1e-3);
    QVERIFY(std::abs(c.lrAt(10) - 1e-4) < 1e-15);
    QVERIFY(std::abs(c.lrAt(25) - 1e-5) < 1e-16);
    c.schedule = ScheduleKind::None;
    QCOMPARE(c.lrAt(17), 1e-3);
}

QTEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
