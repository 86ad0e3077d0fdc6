#pragma once

#include "shell/meta_types.h"

#include <QObject>
#include <QStringList>
#include <QThread>

namespace studio {

class TrainingWorker;

// Owns the training thread and its TrainingWorker; runs one job at a time. Jobs are
// queued to the worker; its results come back as signals on the GUI thread. Destroying
// the controller cancels a running job and waits for the thread (a batch or so).
// GUI thread only.
class TrainingController : public QObject {
    Q_OBJECT
public:
    enum class Job { None, Training, Evaluation };

    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    bool isBusy() const { return job_ != Job::None; }
    Job job() const { return job_; }
    bool isPaused() const { return paused_; }

    // Each returns false (and does nothing) while another job runs.
    bool startTraining(const ForecastJobConfig& config);
    bool startResume(const QString& projectDir, int epochs);
    bool startEvaluation(const QString& projectDir);
    bool startTraining(const TextJobConfig& config);
    bool startRerun(const QString& projectDir, const QString& runId);

    void setPaused(bool paused);
    void stop();  // a training keeps its best model; see trainForecast

Q_SIGNALS:
    void batchDone(const studio::BatchStats& stats);
    void epochDone(const studio::EpochStats& stats);
    // A training or resume ended (trainResultOf(result).reason says how), or an evaluation.
    void trainingFinished(const studio::TaskResult& result);
    void evaluationFinished(const studio::TaskResult& result);
    void sampleReady(const QString& sample);
    // A rerun's comparison with the run it repeated, just before its trainingFinished.
    void rerunCompared(const QString& id, const QString& newId, bool identical, const QString& difference);
    void failed(const QString& message);
    void busyChanged(bool busy);
    void pausedChanged(bool paused);

private:
    bool begin(Job job);
    void end();

    QThread thread_;
    TrainingWorker* worker_ = nullptr;  // lives on thread_, deleted when it finishes
    Job job_ = Job::None;
    bool paused_ = false;
};

}  // namespace studio
