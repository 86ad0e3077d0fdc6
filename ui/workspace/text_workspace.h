#pragma once

#include "tasks/text/text_job.h"
#include "tasks/text/text_project.h"
#include "workspace/workspace.h"

#include <QFutureWatcher>

#include <memory>
#include <vector>

class QStackedWidget;

namespace studio {

class CharLmResultsView;
class ClassifyResultsView;
class ModelPanel;
class TextDataPanel;
class TextOptionsPanel;

// The workspace of the text tasks (classification and character language models): the
// text data panel; the text options above a ModelPanel of its own (network and training;
// no windows); a classify or a language-model results view, whichever task is on show.
// Opening a file applies the task's defaults (core's TaskDefaults, the CLI's too).
// GUI thread only.
class TextWorkspace : public Workspace {
    Q_OBJECT
public:
    explicit TextWorkspace(QWidget* parentWidget);
    ~TextWorkspace() override;

    TextDataPanel* dataPanel() const { return data_; }
    TextOptionsPanel* options() const { return options_; }
    ClassifyResultsView* classifyView() const { return classify_; }
    CharLmResultsView* charLmView() const { return charLm_; }

    std::vector<TaskKind> kinds() const override { return {TaskKind::Classify, TaskKind::CharLm}; }
    TaskKind task() const override { return task_; }
    ChartLabels chartLabels() const override;

    // A .csv opens for classification, any other file for a language model.
    void openData(const QString& path) override;
    QString dataPath() const override;
    bool isLoading() const override;
    void reset() override;

    std::optional<TrainingJobConfig> trainingJob(const QString& outDir, QString* error) override;
    void applySettings(const TrainingJobConfig& job) override;
    bool prepareProjectRun(const QString& dir, QString* error) override;
    QString showTraining(const TaskResult& result, const QString& dir) override;
    QString showEvaluation(const TaskResult& result, const QString& dir) override;

    void loadProject(const QString& dir) override;
    OpenedProject showProject() override;
    void showSample(const QString& sample) override;

private:
    void showSettings(TaskKind task, const TextSpec& text, const TextModelSpec& network, const TrainConfig& train);
    struct Loaded {
        QString dir;
        TextProjectFile project;
        std::vector<EpochStats> history;
        std::shared_ptr<const CsvTable> table;
        QString error;
    };
    bool isDataReady() const override;
    QString dataProblem() const override;
    // The task's defaults in the text options and the network and training fields.
    void applyDefaults(TaskKind task);
    // Shows the results view of `task`.
    void showTask(TaskKind task);
    void showResult(const TextJobResult& result, const QString& dir);

    TextDataPanel* data_ = nullptr;
    TextOptionsPanel* options_ = nullptr;
    ModelPanel* model_ = nullptr;
    QStackedWidget* results_ = nullptr;
    ClassifyResultsView* classify_ = nullptr;
    CharLmResultsView* charLm_ = nullptr;
    TaskKind task_ = TaskKind::Classify;
    QFutureWatcher<Loaded> watcher_;
    Loaded loaded_;
    // What the running job's results are drawn with: the misclassified texts' table and
    // column, and whether the model has attention weights to show.
    std::shared_ptr<const CsvTable> runTable_;
    QString runTextColumn_;
    Pooling runPooling_ = Pooling::Last;
};

}  // namespace studio
