#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace studio {

// Measures how responsive the GUI thread's event loop is: a 10 ms timer records how late
// each tick arrives (milliseconds past its due time). A busy or blocked GUI thread shows
// as large lateness. GUI thread only.
class EventLoopMonitor : public QObject {
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 10;

    explicit EventLoopMonitor(QObject* parent = nullptr);

    void start();  // keeps earlier samples; call reset() to forget them
    void stop();
    void reset();
    bool isRunning() const { return timer_.isActive(); }

    std::size_t sampleCount() const { return lateness_.size(); }
    // Lateness percentile in ms (p in [0, 100]); 0 without samples.
    double percentileMs(double p) const;
    double p99Ms() const { return percentileMs(99.0); }
    double maxMs() const;

private:
    void tick();

    QTimer timer_;
    QElapsedTimer clock_;
    qint64 lastNs_ = 0;
    std::vector<double> lateness_;
};

}  // namespace studio
