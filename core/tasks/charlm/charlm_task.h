#pragma once

// TaskKind::CharLm: a UTF-8 text file -> the next character at every step, for sampling
// new text (embedding, LSTM read left to right, a linear layer over the vocabulary).

#include "tasks/text/text_task.h"

namespace studio {

class CharLmTask : public TextTaskBase {
public:
    TaskKind kind() const override { return TaskKind::CharLm; }
    TaskDefaults defaults() const override;
};

}  // namespace studio
