#pragma once

#include "tasks/task_kind.h"
#include "data/text_dataset.h"
#include "nn/text_model_spec.h"
#include "widgets/spec_form.h"

#include <QVariantMap>
#include <QWidget>

namespace studio {

// The text-only options of `train --task classify|charlm`: tokenizer, lowercase, vocabulary
// limits, maximum length, embedding width, pooling, chunk and an optional vectors file.
// Shown above the text workspace's ModelPanel (network and training) while a text file
// is open. setTask() fills in the CLI's defaults for the task. Field widgets carry object
// names matching the CLI options (tokenizer, minFreq, embeddingDim, pooling, chunk, ...).
// GUI thread only.
class TextOptionsPanel : public QWidget {
    Q_OBJECT
public:
    explicit TextOptionsPanel(QWidget* parent = nullptr);

    void setTask(TaskKind task);
    TaskKind task() const { return task_; }
    // Columns and split are left at their defaults: the caller fills them in.
    TextSpec textSpec() const;
    // Embedding and pooling; the caller adds hidden, layers, dropout and bidirectional.
    TextModelSpec textModelSpec() const;
    QString vectorsPath() const;
    bool freezeVectors() const;
    void setFromProject(const TextSpec& text, const TextModelSpec& model);
    // Every named field's value, for StudioSettings to keep per task (ModelPanel::readFields);
    // setFieldValues shows such a map and is no edit.
    QVariantMap fieldValues() const;
    void setFieldValues(const QVariantMap& values);

Q_SIGNALS:
    void optionsChanged();
    // The user changed a field; setTask, setFromProject and setFieldValues are no edits.
    void edited();

private:
    void onChanged();

    TaskKind task_ = TaskKind::Classify;
    int programmatic_ = 0;  // inside a set…() call
    // Two forms in one group box, their fields interleaved as the CLI lists them; text_ also holds the
    // vectors file and its freeze box, which edit neither spec.
    SpecForm<TextSpec> text_;
    SpecForm<TextModelSpec> model_;
};

}  // namespace studio
