#include "shell/training_worker.h"

#include "base/error.h"
#include "shell/job_runner.h"
#include "jobs/jobs.h"
#include "jobs/runs.h"

#include <chrono>
#include <thread>

namespace studio {

// Forwards the trainer's callbacks as signals; runs on the worker thread.
class TrainingWorker::Observer : public TrainObserver {
public:
    explicit Observer(TrainingWorker* worker) : worker_(worker) {}

    void onBatch(const BatchStats& stats) override {
        Q_EMIT worker_->batchDone(stats);
        // Pausing inside the callback keeps the trainer's state (optimizer, epoch, batch)
        // exactly where it was; polling the flags costs nothing measurable.
        while (worker_->pause_.load() && !worker_->cancel_.load())
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    bool onEpoch(const EpochStats& stats) override {
        Q_EMIT worker_->epochDone(stats);
        return true;
    }

private:
    TrainingWorker* worker_;
};

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent) {}

void TrainingWorker::resetFlags() {
    cancel_.store(false);
    pause_.store(false);
}

template <typename Job>
void TrainingWorker::guarded(Job&& job) {
    try {
        job();
    } catch (const DataError& e) {
        Q_EMIT failed(tr("The data cannot be used: %1").arg(JobRunner::userMessage(e)));
    } catch (const UsageError& e) {
        Q_EMIT failed(tr("A setting does not fit: %1").arg(JobRunner::userMessage(e)));
    } catch (const Error& e) {
        Q_EMIT failed(JobRunner::userMessage(e));
    } catch (const std::bad_alloc&) {
        Q_EMIT failed(tr("Out of memory. Try a smaller batch size, a shorter window or a smaller model."));
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("Training failed: %1\nTry a smaller model or batch size, or the cpu device.")
                          .arg(JobRunner::userMessage(e)));
    } catch (...) {
        Q_EMIT failed(tr("Training failed for an unknown reason."));
    }
}

void TrainingWorker::train(const ForecastJobConfig& config) {
    guarded([&] {
        Observer observer(this);
        ForecastJobConfig job = config;
        // Stop also ends the reading of a large data file.
        job.loadProgress = [this](std::size_t, std::size_t) { return !cancel_.load(); };
        ForecastJobResult result;
        try {
            result = std::get<ForecastJobResult>(trainRun(job, &observer, &cancel_));
        } catch (const CancelledError&) {
            // Stopped before training began: a run with no epoch, nothing written.
            result.train.reason = StopReason::Cancelled;
            result.test.horizon = static_cast<std::size_t>(config.series.horizon);
        }
        Q_EMIT finished(result);
    });
}

void TrainingWorker::resume(const QString& dir, int epochs) {
    guarded([&] {
        Observer observer(this);
        Q_EMIT finished(resumeRun(dir.toStdString(), epochs, &observer, &cancel_));
    });
}

void TrainingWorker::evaluate(const QString& dir) {
    guarded([&] { Q_EMIT finished(evaluateProject(dir.toStdString())); });
}

void TrainingWorker::trainText(const TextJobConfig& config) {
    guarded([&] {
        Observer observer(this);
        TextJobConfig withSamples = config;
        if (config.task == TaskKind::CharLm) {
            // A sample every 25 batches: a few a minute on one core, cheap next to training.
            withSamples.sampleEvery = 25;
            withSamples.onSample = [this](const std::string& sample) {
                Q_EMIT sampleReady(QString::fromStdString(sample));
            };
        }
        Q_EMIT finished(trainRun(withSamples, &observer, &cancel_));
    });
}

void TrainingWorker::rerun(const QString& dir, const QString& id) {
    guarded([&] {
        Observer observer(this);
        const RerunOutcome r = studio::rerun(dir.toStdString(), id.toStdString(), &observer, &cancel_);
        if (!r.id.empty() && trainResultOf(r.result).epochsDone > 0)
            Q_EMIT rerunCompared(id, QString::fromStdString(r.id), r.identical, QString::fromStdString(r.difference));
        Q_EMIT finished(r.result);
    });
}

}  // namespace studio
