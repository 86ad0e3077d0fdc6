#pragma once

#include <QObject>
#include <QSize>
#include <QString>

namespace studio {

class MainWindow;

// What `lstm-studio [FILE] [--train] [--epochs N] [--forecast N] [--window-size WxH]
// [--screenshot PNG] [--quit]` asks for.
struct ScriptOptions {
    QString file;        // CSV file or project folder to open
    bool train = false;  // train with the model panel's settings once the file is open
    int epochs = 0;      // > 0 overrides the model panel's epochs
    int forecast = 0;    // > 0: then forecast this many rows ahead (the Forecast tab)
    QSize size;          // valid: the window's size (for screenshots of a known size)
    QString screenshot;  // PNG written when everything asked for has finished
    bool quit = false;   // then exit: 0 on success, 1 on failure
};

// Drives a MainWindow through a scripted run: open, train, forecast, screenshot, quit. Reports the
// GUI thread's event-loop latency of the training run on stdout as
// `event_loop_p99_ms=<x>`. GUI thread only.
class ScriptedRun : public QObject {
    Q_OBJECT
public:
    ScriptedRun(MainWindow* window, ScriptOptions options, QObject* parent = nullptr);

    void start();

Q_SIGNALS:
    // Emitted once everything ran, when --quit was given: the process exit code.
    void finished(int exitCode);

private:
    void onOpened();
    void onTrainingFinished(bool ok);
    void forecastOrFinish();
    void finish(bool ok);

    MainWindow* window_;
    ScriptOptions options_;
    bool started_ = false;
    bool forecasting_ = false;
    bool done_ = false;
};

}  // namespace studio
