#include "shell/job_runner.h"

#include <QtConcurrent>

namespace studio {

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
    connect(&watcher_, &QFutureWatcher<void>::finished, this, &JobRunner::onFinished);
}

JobRunner::~JobRunner() {
    // The job refers to cancel_ and pending_: stop it and wait before they go.
    cancel_ = true;
    watcher_.waitForFinished();
}

QString JobRunner::userMessage(const std::exception& e) {
    // LibTorch appends a C++ backtrace to its messages; a user needs the first part.
    QString message = QString::fromUtf8(e.what());
    const int cut = message.indexOf(QStringLiteral("\nException raised from"));
    if (cut >= 0) message.truncate(cut);
    return message.trimmed();
}

bool JobRunner::startAny(std::function<std::any(const Progress&, const std::atomic<bool>*)> job) {
    if (watcher_.isRunning()) return false;
    cancel_ = false;
    pending_.reset();
    pendingError_.clear();
    result_.reset();
    error_.clear();
    // Called on the pool thread, possibly for every step: forward only visible changes.
    Progress progress = [this, lastStage = std::string(), lastStep = -1](const std::string& stage,
                                                                         double fraction) mutable {
        const int step = static_cast<int>(fraction * 200.0);
        if (stage == lastStage && step == lastStep) return;
        lastStage = stage;
        lastStep = step;
        QMetaObject::invokeMethod(
            this, [this, text = QString::fromStdString(stage), fraction] { Q_EMIT progressed(text, fraction); },
            Qt::QueuedConnection);
    };
    watcher_.setFuture(QtConcurrent::run([this, job = std::move(job), progress = std::move(progress)] {
        try {
            pending_ = job(progress, &cancel_);
        } catch (const std::exception& e) {
            pendingError_ = userMessage(e);
        } catch (...) {
            pendingError_ = tr("unexpected failure");
        }
    }));
    return true;
}

void JobRunner::onFinished() {
    result_ = std::move(pending_);
    error_ = std::move(pendingError_);
    pending_.reset();
    Q_EMIT finished(error_.isEmpty());
}

}  // namespace studio
