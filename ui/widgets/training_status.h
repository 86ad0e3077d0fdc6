#pragma once

#include "training/train_config.h"

#include <QElapsedTimer>
#include <QObject>

class QLabel;
class QStatusBar;

namespace studio {

// The training fields of the status bar: epoch, estimated time left, throughput
// (samples per second over the last half second or so) and the device, written again
// in the new language when it changes. GUI thread only.
class TrainingStatus : public QObject {
    Q_OBJECT
public:
    TrainingStatus(QStatusBar* bar, QObject* parent = nullptr);

    // epochsTotal: the run's target; epochsBefore: epochs a resumed project already had.
    void begin(int epochsTotal, int epochsBefore, const QString& device);
    void addBatch(const BatchStats& stats);
    void addEpoch(const EpochStats& stats);
    void setPaused(bool paused);
    void finish(int epochsDone, const QString& device);
    void setDevice(const QString& device);

    QString epochText() const;
    QString etaText() const;
    QString speedText() const;
    QString deviceText() const;
    double samplesPerSecond() const { return samplesPerSecond_; }

private:
    void show();
    void showTexts();  // the labels from the state, in the language shown
    void showDevice();

    QLabel* epoch_ = nullptr;
    QLabel* eta_ = nullptr;
    QLabel* speed_ = nullptr;
    QLabel* device_ = nullptr;
    QElapsedTimer run_;
    QElapsedTimer window_;
    QElapsedTimer shown_;
    qint64 pausedMs_ = 0;
    bool paused_ = false;
    QElapsedTimer pausedAt_;
    int epochsTotal_ = 0;
    int epochsBefore_ = 0;
    int epochNow_ = 0;
    long long batchesDone_ = 0;
    long long windowSamples_ = 0;
    double samplesPerSecond_ = 0.0;
    double secondsLeft_ = -1.0;
    double doneSeconds_ = -1.0;  // from finish(): the run's length, shown instead of the ETA until the next show()
    QString deviceName_;
    bool deviceKnown_ = false;  // "Device: —" until begin(), finish() or setDevice() names one
};

}  // namespace studio
