#include "shell/scripted_run.h"

#include "shell/main_window.h"
#include "shell/message_bar.h"
#include "workspace/model_panel.h"

#include <QTimer>

#include <cstdio>

namespace studio {

ScriptedRun::ScriptedRun(MainWindow* window, ScriptOptions options, QObject* parent)
    : QObject(parent), window_(window), options_(std::move(options)) {
    connect(window_, &MainWindow::dataLoaded, this, &ScriptedRun::onOpened);
    connect(window_, &MainWindow::projectOpened, this, &ScriptedRun::onOpened);
    connect(window_, &MainWindow::openFailed, this, [this](const QString& message) {
        std::fprintf(stderr, "lstm-studio: %s\n", qPrintable(message));
        finish(false);
    });
    connect(window_, &MainWindow::trainingFinished, this, &ScriptedRun::onTrainingFinished);
    connect(window_, &MainWindow::forecastFinished, this, [this](bool ok) {
        if (!forecasting_) return;  // one the user asked for
        if (!ok) std::fprintf(stderr, "lstm-studio: forecast failed: %s\n", qPrintable(window_->messageBar()->text()));
        finish(ok);
    });
    // A run that quits by itself has nobody to answer: it never replaces a saved project's
    // model (its training goes to a new project) and leaves its own unsaved one behind.
    if (options_.quit)
        window_->setAsk([](const QString&, const QList<MainWindow::Choice>& choices) {
            return choices.contains(MainWindow::Choice::NewProject) ? MainWindow::Choice::NewProject
                                                                    : MainWindow::Choice::Discard;
        });
}

void ScriptedRun::start() {
    if (options_.size.isValid()) window_->resize(options_.size);
    if (options_.epochs > 0) window_->modelPanel()->setEpochs(options_.epochs);
    if (options_.file.isEmpty()) {
        finish(true);
        return;
    }
    window_->openPath(options_.file);
}

void ScriptedRun::onOpened() {
    if (started_ || done_) return;
    started_ = true;
    if (!options_.train) {
        forecastOrFinish();
        return;
    }
    // Start as a user would: after the window has been laid out and painted once, so the
    // event-loop measurement is about training, not about the first paint of the window.
    QTimer::singleShot(250, this, [this] {
        if (!window_->startTraining()) {
            std::fprintf(stderr, "lstm-studio: cannot train: %s\n", qPrintable(window_->messageBar()->text()));
            finish(false);
        }
    });
}

void ScriptedRun::onTrainingFinished(bool ok) {
    if (!started_ || done_) return;
    std::printf("event_loop_p99_ms=%.3f\n", window_->eventLoopP99Ms());
    std::fflush(stdout);
    if (!ok) {
        std::fprintf(stderr, "lstm-studio: training failed: %s\n", qPrintable(window_->messageBar()->text()));
        finish(false);
        return;
    }
    forecastOrFinish();
}

void ScriptedRun::forecastOrFinish() {
    if (options_.forecast <= 0) {
        finish(true);
        return;
    }
    forecasting_ = true;
    if (!window_->forecastAhead(options_.forecast)) {
        std::fprintf(stderr, "lstm-studio: cannot forecast: %s\n", qPrintable(window_->messageBar()->text()));
        finish(false);
    }
}

void ScriptedRun::finish(bool ok) {
    if (done_) return;
    done_ = true;
    // One turn of the event loop first, so layouts settle and the last results are painted.
    QTimer::singleShot(100, this, [this, ok] {
        bool success = ok;
        if (!options_.screenshot.isEmpty()) {
            window_->replotAll();
            if (!window_->grab().save(options_.screenshot, "PNG")) {
                std::fprintf(stderr, "lstm-studio: cannot write %s\n", qPrintable(options_.screenshot));
                success = false;
            }
        }
        if (options_.quit) Q_EMIT finished(success ? 0 : 1);
    });
}

}  // namespace studio
