#include "widgets/training_status.h"

#include "widgets/retranslate.h"

#include <QLabel>
#include <QStatusBar>

#include <cmath>

namespace studio {
namespace {

QString duration(double seconds) {
    const long long s = std::llround(seconds);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QChar('0'))
            .arg(s % 60, 2, 10, QChar('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

}  // namespace

TrainingStatus::TrainingStatus(QStatusBar* bar, QObject* parent) : QObject(parent) {
    epoch_ = new QLabel(bar);
    eta_ = new QLabel(bar);
    speed_ = new QLabel(bar);
    device_ = new QLabel(bar);
    for (QLabel* label : {epoch_, eta_, speed_, device_}) {
        label->setMinimumWidth(90);
        bar->addPermanentWidget(label);
    }
    retranslate(this, [this] {
        epoch_->setToolTip(tr("Epochs finished / epochs to train"));
        eta_->setToolTip(tr("Estimated time until the last epoch ends"));
        speed_->setToolTip(tr("Training windows processed per second"));
        device_->setToolTip(tr("Where LibTorch trains the model"));
        showTexts();
    });
}

void TrainingStatus::begin(int epochsTotal, int epochsBefore, const QString& device) {
    epochsTotal_ = epochsTotal;
    epochsBefore_ = epochsBefore;
    epochNow_ = epochsBefore;
    batchesDone_ = 0;
    windowSamples_ = 0;
    samplesPerSecond_ = 0.0;
    secondsLeft_ = -1.0;
    pausedMs_ = 0;
    paused_ = false;
    run_.start();
    window_.start();
    shown_.invalidate();
    deviceName_ = device;
    deviceKnown_ = true;
    show();
}

void TrainingStatus::addBatch(const BatchStats& s) {
    ++batchesDone_;
    windowSamples_ += s.samples;
    const qint64 windowMs = window_.elapsed();
    if (windowMs >= 500) {
        samplesPerSecond_ = windowSamples_ * 1000.0 / windowMs;
        windowSamples_ = 0;
        window_.start();
    }
    // Time per batch so far, times the batches left (pauses do not count).
    const long long total = static_cast<long long>(epochsTotal_ - epochsBefore_) * s.batchesPerEpoch;
    const long long done = static_cast<long long>(s.epoch - 1 - epochsBefore_) * s.batchesPerEpoch + s.batch;
    const double seconds = (run_.elapsed() - pausedMs_) / 1000.0;
    if (done > 0 && total >= done) secondsLeft_ = seconds / done * (total - done);
    // Labels change at most a few times a second; faster is unreadable and costs paints.
    if (!shown_.isValid() || shown_.elapsed() >= 250) show();
}

void TrainingStatus::addEpoch(const EpochStats& s) {
    epochNow_ = s.epoch;
    if (s.samplesPerSecond > 0 && samplesPerSecond_ == 0.0) samplesPerSecond_ = s.samplesPerSecond;
    show();
}

void TrainingStatus::setPaused(bool paused) {
    paused_ = paused;
    if (paused) {
        pausedAt_.start();
    } else if (pausedAt_.isValid()) {
        pausedMs_ += pausedAt_.elapsed();
        pausedAt_.invalidate();
    }
    show();
}

void TrainingStatus::finish(int epochsDone, const QString& device) {
    epochNow_ = epochsDone;
    secondsLeft_ = 0.0;
    if (!device.isEmpty()) {
        deviceName_ = device;
        deviceKnown_ = true;
    }
    shown_.start();
    // The run's length where its ETA was, until the next show().
    doneSeconds_ = run_.isValid() ? run_.elapsed() / 1000.0 : 0.0;
    showTexts();
}

void TrainingStatus::setDevice(const QString& device) {
    deviceName_ = device;
    deviceKnown_ = true;
    showDevice();
}

void TrainingStatus::show() {
    shown_.start();
    doneSeconds_ = -1.0;
    showTexts();
}

void TrainingStatus::showTexts() {
    epoch_->setText(epochText());
    eta_->setText(doneSeconds_ < 0 ? etaText() : tr("Done in %1").arg(duration(doneSeconds_)));
    speed_->setText(speedText());
    showDevice();
}

void TrainingStatus::showDevice() {
    device_->setText(deviceKnown_ ? tr("Device: %1").arg(deviceName_) : tr("Device: —"));
}

QString TrainingStatus::epochText() const {
    if (epochsTotal_ == 0) return tr("Epoch —");
    return tr("Epoch %1/%2").arg(epochNow_).arg(epochsTotal_);
}

QString TrainingStatus::etaText() const {
    if (paused_) return tr("Paused");
    return secondsLeft_ < 0 ? tr("ETA —") : tr("ETA %1").arg(duration(secondsLeft_));
}

QString TrainingStatus::speedText() const {
    return samplesPerSecond_ > 0 ? tr("%L1 samples/s").arg(samplesPerSecond_, 0, 'f', 0) : tr("— samples/s");
}

QString TrainingStatus::deviceText() const { return device_->text(); }

}  // namespace studio
