// Training on a worker thread, the way the desktop app runs it: progress read on another
// thread, cancel requested from another thread in the middle of an epoch, a run held in
// its batch callback (pause) and released, and many start/stop cycles in a row. Part of the
// normal suite; scripts/test.sh also runs it under ThreadSanitizer.

#include "tasks/forecast/forecast_project.h"
#include "tasks/forecast/forecast_job.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

using namespace studio;
using namespace std::chrono_literals;

namespace {

// Batch callbacks run on the worker; everything here is read from the test's thread.
class SharedProgress : public TrainObserver {
public:
    void onBatch(const BatchStats& s) override {
        std::unique_lock<std::mutex> lock(mutex_);
        seen_.push_back(s);
        batches.store(static_cast<int>(seen_.size()));
        if (s.epoch == holdEpoch_ && s.batch == holdBatch_) {
            hold_ = true;
            release_ = false;
        }
        changed_.notify_all();
        while (hold_ && !release_) {
            held_ = true;
            changed_.notify_all();
            // Bounded, so a failed check cannot leave the worker held while it is joined.
            if (changed_.wait_for(lock, 30s) == std::cv_status::timeout) break;
        }
        held_ = false;
    }

    // Waits at most `limit` until pred(batches seen so far, whether the worker is held) holds.
    template <class Pred>
    bool waitFor(Pred pred, std::chrono::milliseconds limit = 60s) {
        std::unique_lock<std::mutex> lock(mutex_);
        return changed_.wait_for(lock, limit, [&] { return pred(seen_, held_); });
    }
    bool waitForBatches(int n) {
        return waitFor([n](const std::vector<BatchStats>& seen, bool) { return static_cast<int>(seen.size()) >= n; });
    }
    // Holds the worker in the callback of that batch (until setHold(false)).
    void holdAt(int epoch, int batch) {
        std::lock_guard<std::mutex> lock(mutex_);
        holdEpoch_ = epoch;
        holdBatch_ = batch;
    }
    void setHold(bool hold) {
        std::lock_guard<std::mutex> lock(mutex_);
        hold_ = hold;
        release_ = !hold;
        changed_.notify_all();
    }
    std::vector<BatchStats> seen() {
        std::lock_guard<std::mutex> lock(mutex_);
        return seen_;
    }
    std::atomic<int> batches{0};

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<BatchStats> seen_;
    bool hold_ = false, release_ = false, held_ = false;
    int holdEpoch_ = -1, holdBatch_ = -1;
};

// A run of many small batches per epoch and far more epochs than any test waits for.
ForecastJobConfig longRun(const QString& data, const QString& out) {
    ForecastJobConfig c;
    c.dataPath = data.toStdString();
    c.outDir = out.toStdString();
    c.series.target = "value";
    c.series.window = 8;
    c.model.hidden = 8;
    c.model.layers = 1;
    c.train.epochs = 10000;
    c.train.batchSize = 4;
    c.train.patience = 0;
    c.train.device = "cpu";
    c.train.threads = 1;
    return c;
}

// Runs trainForecast on a std::thread; join() hands the result to the caller.
class Worker {
public:
    Worker(const ForecastJobConfig& config, SharedProgress* progress)
        : thread_([this, config, progress] {
              try {
                  result_ = trainForecast(config, progress, &cancel_);
              } catch (const std::exception& e) {
                  error_ = e.what();
              }
          }) {}
    ~Worker() {
        cancel_.store(true);
        if (thread_.joinable()) thread_.join();
    }
    void cancel() { cancel_.store(true); }
    ForecastJobResult join() {
        thread_.join();
        if (!error_.empty()) throw std::runtime_error(error_);
        return result_;
    }

private:
    std::atomic<bool> cancel_{false};
    ForecastJobResult result_;
    std::string error_;
    std::thread thread_;  // last: starts once the members above exist
};

}  // namespace

class TestTrainingThreads : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cancelFromAnotherThreadMidEpoch();
    void holdInBatchCallbackAndRelease();
    void startAndStopManyTimes();

private:
    QTemporaryDir dir_;
    QString data_;
};

void TestTrainingThreads::initTestCase() {
    QVERIFY(dir_.isValid());
    data_ = dir_.filePath("sine.csv");
    std::ofstream csv(data_.toStdString());
    csv << "t,value\n";
    for (int i = 0; i < 300; ++i) csv << i << ',' << std::sin(i * 0.25) << '\n';
}

void TestTrainingThreads::cancelFromAnotherThreadMidEpoch() {
    const QString out = dir_.filePath("cancel");
    SharedProgress progress;
    // Held in the second batch of epoch 2: one finished epoch to keep, and the cancel lands
    // mid-epoch however slowly the worker runs (ThreadSanitizer slows it many times over).
    progress.holdAt(2, 2);
    Worker worker(longRun(data_, out), &progress);
    QVERIFY(progress.waitFor([](const std::vector<BatchStats>&, bool held) { return held; }, 300s));
    worker.cancel();
    const int atCancel = progress.batches.load();
    progress.setHold(false);
    const ForecastJobResult r = worker.join();
    QCOMPARE(QString::fromStdString(toString(r.train.reason)), QStringLiteral("cancelled"));
    // The trainer checks the flag between batches: at most the batch running when the
    // flag was set may still report.
    QVERIFY2(progress.batches.load() <= atCancel + 1, qPrintable(QString::number(progress.batches.load())));
    const std::vector<BatchStats> seen = progress.seen();
    QVERIFY(seen.front().batchesPerEpoch > 3);
    QCOMPARE(seen.back().epoch, 2);
    QCOMPARE(r.train.epochsDone, 1);
    // The folder was written on the worker and is read here: the finished epoch is kept.
    const ProjectFile project = loadProjectFile(out.toStdString());
    QCOMPARE(project.stopReason, toString(StopReason::Cancelled));
    QCOMPARE(project.epochsDone, 1);
    QVERIFY(QFile::exists(out + "/model.pt"));
}

void TestTrainingThreads::holdInBatchCallbackAndRelease() {
    SharedProgress progress;
    progress.setHold(true);
    Worker worker(longRun(data_, dir_.filePath("hold")), &progress);
    QVERIFY(progress.waitFor([](const std::vector<BatchStats>&, bool held) { return held; }));
    const int held = progress.batches.load();
    std::this_thread::sleep_for(200ms);
    QCOMPARE(progress.batches.load(), held);  // nothing trains while held
    progress.setHold(false);
    QVERIFY(progress.waitForBatches(held + 2));
    worker.cancel();
    QCOMPARE(QString::fromStdString(toString(worker.join().train.reason)), QStringLiteral("cancelled"));
}

void TestTrainingThreads::startAndStopManyTimes() {
    for (int run = 0; run < 8; ++run) {
        SharedProgress progress;
        Worker worker(longRun(data_, dir_.filePath(QStringLiteral("cycle%1").arg(run))), &progress);
        QVERIFY(progress.waitForBatches(1));
        worker.cancel();
        const ForecastJobResult r = worker.join();
        QCOMPARE(QString::fromStdString(toString(r.train.reason)), QStringLiteral("cancelled"));
        QVERIFY(r.train.epochsDone <= 1);
    }
}

QTEST_APPLESS_MAIN(TestTrainingThreads)
#include "test_training_threads.moc"
