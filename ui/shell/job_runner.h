#pragma once

// One way for the GUI to run a long core job off the GUI thread: the job runs on Qt's
// thread pool with a progress callback and a cancel flag; progress comes back to the GUI
// thread as `progressed` (only changes worth drawing, at most 200 steps a stage), the end
// as `finished`, the result through result<R>() and a failure through error(), a message
// a user can act on (never LibTorch's backtrace). Create, start and read on the GUI
// thread; the destructor cancels a running job and waits for it.

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <any>
#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace studio {

class JobRunner : public QObject {
    Q_OBJECT
public:
    // Called on the pool thread: stage in a few words, fraction 0..1 of the job.
    using Progress = std::function<void(const std::string& stage, double fraction)>;

    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    // Starts `job(progress, cancel)`, whose return value result<R>() hands back; false
    // when a job is running already.
    template <typename Job>
    bool start(Job job) {
        return startAny([job = std::move(job)](const Progress& progress, const std::atomic<bool>* cancel) mutable {
            return std::any(job(progress, cancel));
        });
    }

    bool isRunning() const { return watcher_.isRunning(); }
    // Asks the job to stop at its next check; `finished` still follows.
    void cancel() { cancel_ = true; }
    bool isCancelling() const { return cancel_; }
    void waitForFinished() { watcher_.waitForFinished(); }

    // The last job's result, or nullptr when it failed (or none ran).
    template <typename R>
    const R* result() const {
        return std::any_cast<R>(&result_);
    }
    // Moves the last job's result out, leaving the runner none; nullptr when it failed.
    template <typename R>
    std::unique_ptr<R> takeResult() {
        R* r = std::any_cast<R>(&result_);
        if (!r) return nullptr;
        auto out = std::make_unique<R>(std::move(*r));
        result_.reset();
        return out;
    }
    QString error() const { return error_; }

    // The one mapping of an exception to what the GUI shows.
    static QString userMessage(const std::exception& e);

Q_SIGNALS:
    void progressed(const QString& stage, double fraction);
    void finished(bool ok);  // ok: no exception (a cancelled job may still return a result)

private:
    bool startAny(std::function<std::any(const Progress&, const std::atomic<bool>*)> job);
    void onFinished();

    QFutureWatcher<void> watcher_;
    std::atomic<bool> cancel_{false};
    // Written by the job before it ends, read after `finished` on the GUI thread.
    std::any pending_;
    QString pendingError_;
    std::any result_;
    QString error_;
};

}  // namespace studio
