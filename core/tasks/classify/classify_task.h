#pragma once

// TaskKind::Classify: a CSV's text column -> one of its label column's classes
// (embedding, LSTM/BiLSTM over packed sequences, last-state or attention pooling).

#include "tasks/text/text_task.h"

namespace studio {

class ClassifyTask : public TextTaskBase {
public:
    TaskKind kind() const override { return TaskKind::Classify; }
    TaskDefaults defaults() const override;
};

}  // namespace studio
