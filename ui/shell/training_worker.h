#pragma once

#include "shell/meta_types.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>

namespace studio {

// Runs core's long operations (training runs, resume, rerun, evaluation) on the
// thread it lives on — a QThread owned by TrainingController — and reports through
// signals carrying value structs, which reach the GUI over queued connections.
// Every slot catches everything (studio::Error, LibTorch's c10::Error, any
// std::exception) and emits failed() instead: nothing escapes the thread.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    explicit TrainingWorker(QObject* parent = nullptr);

    // Thread-safe: called from the GUI thread while a slot runs on the worker thread.
    // Cancel stops between batches (the best model so far is kept); pause holds the
    // trainer inside its batch callback until resumed or cancelled.
    void requestCancel() { cancel_.store(true); }
    void setPaused(bool paused) { pause_.store(paused); }
    // Clears both flags; the controller calls it before queuing the next job.
    void resetFlags();

public Q_SLOTS:
    void train(const studio::ForecastJobConfig& config);
    void resume(const QString& dir, int epochs);
    void evaluate(const QString& dir);
    void trainText(const studio::TextJobConfig& config);  // classify or charlm
    // Trains run `id` of the project in `dir` again as a new run (jobs/runs.h: rerun);
    // rerunCompared says whether it matched before finished reports the training.
    void rerun(const QString& dir, const QString& id);

Q_SIGNALS:
    void batchDone(const studio::BatchStats& stats);
    void epochDone(const studio::EpochStats& stats);
    void finished(const studio::TaskResult& result);  // of any job
    void sampleReady(const QString& sample);          // charlm: text from the weights of the moment
    void rerunCompared(const QString& id, const QString& newId, bool identical, const QString& difference);
    void failed(const QString& message);

private:
    class Observer;
    template <typename Job>
    void guarded(Job&& job);

    std::atomic<bool> cancel_{false};
    std::atomic<bool> pause_{false};
};

}  // namespace studio
