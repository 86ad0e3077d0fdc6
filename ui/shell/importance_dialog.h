#pragma once

// Model > Feature Importance…: permutation importance of a forecast project's input columns
// on its test split (core's projectImportance, on a worker thread), drawn as horizontal bars
// of the MAE rise with their standard deviation, largest first. The figures are also written
// to the project's metrics.json, as `evaluate --importance` writes them. GUI thread only.

#include <QDialog>
#include <QString>
#include <QStringList>
#include <QVector>

class QLabel;
class QPushButton;
class QSpinBox;
class QCustomPlot;

namespace studio {

class JobRunner;

class ImportanceDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportanceDialog(const QString& projectDir, QWidget* parent = nullptr);

    // Starts the permutations; false while they run.
    bool start();
    bool isRunning() const;
    void setRepeats(int repeats);

    // What the chart shows, largest first.
    QStringList features() const { return features_; }
    QVector<double> deltas() const { return deltas_; }
    QVector<double> deviations() const { return deviations_; }
    QCustomPlot* chart() const { return chart_; }

Q_SIGNALS:
    void importanceFinished(bool ok);

private:
    void onFinished(bool ok);
    void draw();

    QString dir_;
    QSpinBox* repeats_ = nullptr;
    QPushButton* startButton_ = nullptr;
    QLabel* status_ = nullptr;
    QCustomPlot* chart_ = nullptr;
    JobRunner* runner_ = nullptr;
    QStringList features_;
    QVector<double> deltas_, deviations_;
};

}  // namespace studio
