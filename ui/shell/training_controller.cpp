#include "shell/training_controller.h"

#include "shell/training_worker.h"

namespace studio {

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    registerMetaTypes();
    thread_.setObjectName(QStringLiteral("training"));
    worker_ = new TrainingWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &TrainingWorker::batchDone, this, &TrainingController::batchDone);
    connect(worker_, &TrainingWorker::epochDone, this, &TrainingController::epochDone);
    // end() first: a slot reacting to the outcome may start the next job.
    connect(worker_, &TrainingWorker::finished, this, [this](const TaskResult& result) {
        const bool evaluation = job_ == Job::Evaluation;
        end();
        if (evaluation)
            Q_EMIT evaluationFinished(result);
        else
            Q_EMIT trainingFinished(result);
    });
    connect(worker_, &TrainingWorker::sampleReady, this, &TrainingController::sampleReady);
    connect(worker_, &TrainingWorker::rerunCompared, this, &TrainingController::rerunCompared);
    connect(worker_, &TrainingWorker::failed, this, [this](const QString& message) {
        end();
        Q_EMIT failed(message);
    });
    thread_.start();
}

TrainingController::~TrainingController() {
    worker_->requestCancel();
    thread_.quit();
    thread_.wait();
}

bool TrainingController::begin(Job job) {
    if (isBusy()) return false;
    job_ = job;
    paused_ = false;
    worker_->resetFlags();
    Q_EMIT busyChanged(true);
    return true;
}

void TrainingController::end() {
    job_ = Job::None;
    if (paused_) {
        paused_ = false;
        Q_EMIT pausedChanged(false);
    }
    Q_EMIT busyChanged(false);
}

bool TrainingController::startTraining(const ForecastJobConfig& config) {
    if (!begin(Job::Training)) return false;
    TrainingWorker* worker = worker_;
    QMetaObject::invokeMethod(
        worker, [worker, config] { worker->train(config); }, Qt::QueuedConnection);
    return true;
}

bool TrainingController::startResume(const QString& projectDir, int epochs) {
    if (!begin(Job::Training)) return false;
    TrainingWorker* worker = worker_;
    QMetaObject::invokeMethod(
        worker, [worker, projectDir, epochs] { worker->resume(projectDir, epochs); }, Qt::QueuedConnection);
    return true;
}

bool TrainingController::startEvaluation(const QString& projectDir) {
    if (!begin(Job::Evaluation)) return false;
    TrainingWorker* worker = worker_;
    QMetaObject::invokeMethod(
        worker, [worker, projectDir] { worker->evaluate(projectDir); }, Qt::QueuedConnection);
    return true;
}

bool TrainingController::startTraining(const TextJobConfig& config) {
    if (!begin(Job::Training)) return false;
    TrainingWorker* worker = worker_;
    QMetaObject::invokeMethod(
        worker, [worker, config] { worker->trainText(config); }, Qt::QueuedConnection);
    return true;
}

bool TrainingController::startRerun(const QString& projectDir, const QString& runId) {
    if (!begin(Job::Training)) return false;
    TrainingWorker* worker = worker_;
    QMetaObject::invokeMethod(
        worker, [worker, projectDir, runId] { worker->rerun(projectDir, runId); }, Qt::QueuedConnection);
    return true;
}

void TrainingController::setPaused(bool paused) {
    if (job_ != Job::Training || paused == paused_) return;
    paused_ = paused;
    worker_->setPaused(paused);
    Q_EMIT pausedChanged(paused);
}

void TrainingController::stop() {
    if (job_ == Job::Training) worker_->requestCancel();
}

}  // namespace studio
