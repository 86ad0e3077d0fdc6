#pragma once

#include "tasks/text/text_project.h"
#include "tasks/text/text_job.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QWidget;

namespace studio {

class CharLmResultsView;
class ClassifyResultsView;
class ModelPanel;
class TextDataPanel;
class TextOptionsPanel;

// The text side of MainWindow (classification and character language models): owns the
// text data panel, the text options and the two results views (MainWindow places them),
// turns the panels into a TextJobConfig, shows a finished run, and loads a text project
// folder on a pool thread (projectLoaded/projectFailed). GUI thread only.
class TextWorkspace : public QObject {
    Q_OBJECT
public:
    TextWorkspace(ModelPanel* modelPanel, QWidget* parentWidget);
    ~TextWorkspace() override;

    TextDataPanel* dataPanel() const { return data_; }
    TextOptionsPanel* options() const { return options_; }
    ClassifyResultsView* classifyView() const { return classify_; }
    CharLmResultsView* charLmView() const { return charLm_; }

    // The CLI's defaults for the task in the text options and the shared model fields.
    void applyDefaults(TaskKind task);
    // The job for the open file; an empty config.dataPath with *error set when it cannot run.
    // Remembers the run's pooling for showResult().
    TextJobConfig config(const QString& outDir, QString* error);
    void showResult(const TextJobResult& result, const QString& projectDir);
    void clearResults();
    static QString metricName(TaskKind task);

    void loadProject(const QString& dir);
    bool isLoadingProject() const { return watcher_.isRunning(); }
    const TextProjectFile& loadedProject() const { return loaded_.project; }
    const std::vector<EpochStats>& loadedHistory() const { return loaded_.history; }

Q_SIGNALS:
    void projectLoaded(const QString& dir);  // loadedProject() and loadedHistory() hold it
    void projectFailed(const QString& message);

private:
    struct Loaded {
        QString dir;
        TextProjectFile project;
        std::vector<EpochStats> history;
        std::shared_ptr<const CsvTable> table;
        QString error;
    };
    void onProjectLoaded();

    ModelPanel* modelPanel_;
    TextDataPanel* data_ = nullptr;
    TextOptionsPanel* options_ = nullptr;
    ClassifyResultsView* classify_ = nullptr;
    CharLmResultsView* charLm_ = nullptr;
    QFutureWatcher<Loaded> watcher_;
    Loaded loaded_;
    Pooling runPooling_ = Pooling::Last;
};

}  // namespace studio
