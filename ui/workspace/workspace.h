#pragma once

#include "tasks/task.h"
#include "tasks/train_params.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>
#include <vector>

class QWidget;

namespace studio {

class ModelPanel;

// The job a new training run starts: the settings of the task's family.

// What the training charts say about the task on show: the loss the task minimizes (the
// loss axes' label), the validation metric drawn beside it (its legend entry; empty:
// none) and the metric's axis label (short: the charts are small).
struct ChartLabels {
    QString loss;
    QString metric;
    QString metricAxis;
};

// A saved project as a workspace has put it on screen, for MainWindow's charts, message
// bar and title.
struct OpenedProject {
    QString dir;
    TaskKind task = TaskKind::Forecast;
    std::vector<EpochStats> history;
    double clip = 0.0;     // the project's gradient clip threshold (0: none)
    QString summary;       // one line: what was opened
    QStringList warnings;  // parts that could not be shown, and why
};

// Everything of one kind of task that MainWindow shows: its data view, its options and
// its results view (MainWindow places the three in its docks and under the charts), the
// job of a new training run built from them, and a finished run's or a saved project's
// results drawn in them. MainWindow holds one workspace per family of tasks and picks the
// one that serves a TaskKind; it knows nothing of what a workspace's widgets are.
// Reading data and projects is asynchronous (the signals below report it). GUI thread only.
class Workspace : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // The tasks this workspace serves, and the one its data or project is of.
    virtual std::vector<TaskKind> kinds() const = 0;
    bool serves(TaskKind kind) const;
    virtual TaskKind task() const = 0;

    // The widgets MainWindow places, and the network and training options (epochs,
    // device, clip) of the task on show.
    QWidget* dataWidget() const { return dataWidget_; }
    QWidget* optionsWidget() const { return optionsWidget_; }
    QWidget* resultsWidget() const { return resultsWidget_; }
    ModelPanel* modelPanel() const { return modelPanel_; }
    virtual ChartLabels chartLabels() const = 0;

    // Data: a file to read (dataLoaded, dataFailed or dataCancelled follows).
    virtual void openData(const QString& path) = 0;
    virtual QString dataPath() const = 0;  // the data on show; empty when none
    virtual bool isLoading() const = 0;    // data or a project being read
    // Data and options allow a new training run; problem() says why not.
    bool isReady() const;
    QString problem() const;

    // Clears every results view and forgets the last run (its data stays open).
    virtual void reset() = 0;

    // The job of a new training run writing to outDir; nullopt with *error when the data
    // or options do not allow one.
    virtual std::optional<TrainingJobConfig> trainingJob(const QString& outDir, QString* error) = 0;
    // Shows the settings of `job` (a run of the project on show) in the options, for the
    // next run to start from.
    virtual void applySettings(const TrainingJobConfig& job) = 0;
    // Before continuing or evaluating the project in `dir` (whose task this workspace
    // serves): reads what its results will be drawn against. False with *error.
    virtual bool prepareProjectRun(const QString& dir, QString* error) = 0;
    // Draws a finished training (or resume) or evaluation of the project in `dir`, and
    // returns its one-line summary for the message bar.
    virtual QString showTraining(const TaskResult& result, const QString& dir) = 0;
    virtual QString showEvaluation(const TaskResult& result, const QString& dir) = 0;

    // Reads the project folder on a pool thread; projectRead or projectFailed follows.
    // showProject() then puts it on screen (after MainWindow has reset the views).
    virtual void loadProject(const QString& dir) = 0;
    virtual OpenedProject showProject() = 0;

    // A text written by the model during training (language models); others ignore it.
    virtual void showSample(const QString& sample) { Q_UNUSED(sample); }
    // Redraws the workspace's charts now (before the window is grabbed).
    virtual void replotNow() {}

Q_SIGNALS:
    void dataLoaded(const QString& path);
    void dataFailed(const QString& message);
    void dataCancelled(const QString& path);
    void readinessChanged();
    void projectRead(const QString& dir);
    void projectFailed(const QString& message);

protected:
    // Set once by the subclass's constructor; options holds model (or is it).
    void setWidgets(QWidget* data, QWidget* options, QWidget* results, ModelPanel* model);
    virtual bool isDataReady() const = 0;
    virtual QString dataProblem() const = 0;  // why isDataReady() is false
    // True, or false with the data's problem or the options' errors in *error.
    bool checkReady(QString* error) const;
    // Both paths name one existing file or folder (symbolic links followed).
    static bool isSameFile(const QString& a, const QString& b);

private:
    QWidget* dataWidget_ = nullptr;
    QWidget* optionsWidget_ = nullptr;
    QWidget* resultsWidget_ = nullptr;
    ModelPanel* modelPanel_ = nullptr;
};

}  // namespace studio
