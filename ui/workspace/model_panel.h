#pragma once

#include "data/series_dataset.h"
#include "nn/model_spec.h"
#include "tasks/task_kind.h"
#include "training/train_config.h"
#include "widgets/spec_form.h"

#include <QVariantMap>
#include <QWidget>

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
    // A scaler as the Scaler box names it ("z-score", "relative to each window's last row").
    static QString scalerText(ScalerKind kind);
    static const char* scalerSource(ScalerKind kind);  // scalerText's text, untranslated (QT_TR_NOOP)
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

    // Every named field's value (the CLI's names, and "preset"), for StudioSettings to keep
    // per task; setFieldValues shows such a map (names it does not know and values a field
    // does not offer are skipped) with one optionsChanged, and is no edit.
    QVariantMap fieldValues() const;
    void setFieldValues(const QVariantMap& values);
    // The same for any form of named spin boxes, line edits, check boxes and combo boxes
    // (a combo's value is its current item's data) under `root`.
    static QVariantMap readFields(const QWidget* root);
    static void writeFields(QWidget* root, const QVariantMap& values);

    bool isValid() const { return errors_.isEmpty(); }
    QStringList errors() const { return errors_; }
    QStringList hints() const { return hints_; }

Q_SIGNALS:
    void optionsChanged();  // any field
    // The user changed a field or chose a preset; the set…() calls (a project shown, a
    // task's defaults) are no edits.
    void edited();
    void validityChanged(bool valid);

private:
    void addSeriesFields();
    void addNetworkFields();
    void addTrainingFields();
    // Shows a whole spec with one optionsChanged, not one for each field it changes.
    template <class Spec>
    void showAtOnce(SpecForm<Spec>& form, const Spec& spec);
    void onChanged();
    void onPresetChosen(int index);
    void syncPresetCombo();
    void validate();

    // One group box each, in this order; their fields carry the CLI's option names.
    SpecForm<SeriesSpec> series_;
    SpecForm<ModelSpec> network_;
    SpecForm<TrainConfig> training_;
    QComboBox* preset_ = nullptr;  // fills the network fields; no member of ModelSpec
    TaskKind task_ = TaskKind::Forecast;

    QStringList errors_;
    QStringList hints_;
    bool updating_ = false;
    int programmatic_ = 0;  // inside a set…() call: changes are no edits
};

}  // namespace studio
