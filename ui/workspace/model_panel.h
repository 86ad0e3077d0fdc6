#pragma once

#include "data/series_dataset.h"
#include "nn/model_spec.h"
#include "tasks/task_kind.h"
#include "training/train_config.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace studio {

struct ProjectFile;

// Every option of the CLI's `train`, grouped: windows and split, network, training.
// The preset combo fills the network fields; tooltips carry the article's guidance.
// Invalid values are shown inline and make isValid() false (the main window then
// disables Train). Field widgets have object names matching the CLI options (window,
// horizon, hidden, lr, ...) for tests and accessibility. GUI thread only.
class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(QWidget* parent = nullptr);

    // Window, horizon, stride, split, scaler and missing policy (no columns: those are
    // the data panel's roles).
    SeriesSpec seriesSpec() const;
    ModelSpec modelSpec() const;
    TrainConfig trainConfig() const;  // device "auto", "cpu" or "cuda"

    void setSeriesSpec(const SeriesSpec& spec);
    void setScaler(ScalerKind kind);
    void setModelSpec(const ModelSpec& spec);
    void setTrainConfig(const TrainConfig& config);
    void setFromProject(const ProjectFile& project);
    void setPreset(const QString& name);  // small, medium or large
    QString preset() const;               // one of those, or "custom"
    // Text tasks: hides the windows group (TextOptionsPanel takes its place) and disables
    // the forecast head; a language model also reads left to right only (no BiLSTM).
    void setTask(TaskKind kind);
    TaskKind task() const { return task_; }
    void setEpochs(int epochs);
    int epochs() const;

    bool isValid() const { return errors_.isEmpty(); }
    QStringList errors() const { return errors_; }
    QStringList hints() const { return hints_; }

Q_SIGNALS:
    void optionsChanged();  // any field
    void validityChanged(bool valid);

private:
    QWidget* buildSeriesGroup();
    QWidget* buildNetworkGroup();
    QWidget* buildTrainingGroup();
    void onChanged();
    void onPresetChosen(int index);
    void syncPresetCombo();
    void validate();

    // Windows and split.
    QSpinBox* window_ = nullptr;
    QSpinBox* horizon_ = nullptr;
    QSpinBox* stride_ = nullptr;
    QDoubleSpinBox* trainFraction_ = nullptr;
    QDoubleSpinBox* valFraction_ = nullptr;
    QDoubleSpinBox* testFraction_ = nullptr;
    QComboBox* scaler_ = nullptr;
    QComboBox* missing_ = nullptr;
    QComboBox* duplicates_ = nullptr;
    QLabel* seriesErrors_ = nullptr;
    QWidget* seriesGroup_ = nullptr;
    TaskKind task_ = TaskKind::Forecast;
    // Network.
    QComboBox* preset_ = nullptr;
    QSpinBox* hidden_ = nullptr;
    QSpinBox* layers_ = nullptr;
    QDoubleSpinBox* dropout_ = nullptr;
    QCheckBox* bidirectional_ = nullptr;
    QComboBox* head_ = nullptr;
    QLabel* networkHints_ = nullptr;
    // Training.
    QSpinBox* epochs_ = nullptr;
    QSpinBox* batchSize_ = nullptr;
    QComboBox* optimizer_ = nullptr;
    QLineEdit* lr_ = nullptr;
    QComboBox* schedule_ = nullptr;
    QDoubleSpinBox* clip_ = nullptr;
    QSpinBox* patience_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QSpinBox* threads_ = nullptr;
    QComboBox* device_ = nullptr;
    QLabel* trainingErrors_ = nullptr;

    QStringList errors_;
    QStringList hints_;
    bool updating_ = false;
};

}  // namespace studio
