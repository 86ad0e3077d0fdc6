#pragma once

// The kinds of work LSTM Studio does, as a type. A project folder names its kind in
// project.json ("task"); this header and task_kind.cpp are the only code that turns the
// kind into its name or back. It depends on nothing but base/enum_names.h, so every layer
// may name a kind (a text model's head follows from it; a report says whose it is).

#include "base/enum_names.h"

#include <string>
#include <vector>

namespace studio {

enum class TaskKind {
    Forecast,  // a numeric series: windows of rows -> the next `horizon` values of a target
    Classify,  // a text column -> one of its label column's classes
    CharLm,    // a text file -> the next character, for generation
};

const std::vector<TaskKind>& allTaskKinds();
const EnumNames<TaskKind>& enumNames(TaskKind);
bool isTextTask(TaskKind kind);  // classify and charlm read text

}  // namespace studio
