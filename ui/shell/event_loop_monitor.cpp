#include "shell/event_loop_monitor.h"

#include <algorithm>
#include <cmath>

namespace studio {

EventLoopMonitor::EventLoopMonitor(QObject* parent) : QObject(parent) {
    // A coarse timer may fire up to 5% early or late by design; precise keeps the
    // measurement about the event loop, not the timer.
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(kIntervalMs);
    connect(&timer_, &QTimer::timeout, this, &EventLoopMonitor::tick);
}

void EventLoopMonitor::start() {
    if (timer_.isActive()) return;
    clock_.start();
    lastNs_ = 0;
    timer_.start();
}

void EventLoopMonitor::stop() { timer_.stop(); }

void EventLoopMonitor::reset() { lateness_.clear(); }

void EventLoopMonitor::tick() {
    const qint64 now = clock_.nsecsElapsed();
    const double late = (now - lastNs_) / 1e6 - kIntervalMs;
    lastNs_ = now;
    lateness_.push_back(std::max(0.0, late));
}

double EventLoopMonitor::percentileMs(double p) const {
    if (lateness_.empty()) return 0.0;
    std::vector<double> sorted = lateness_;
    std::sort(sorted.begin(), sorted.end());
    // Nearest-rank percentile.
    const double rank = std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * sorted.size());
    const std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
    return sorted[std::min(index, sorted.size() - 1)];
}

double EventLoopMonitor::maxMs() const {
    return lateness_.empty() ? 0.0 : *std::max_element(lateness_.begin(), lateness_.end());
}

}  // namespace studio
