#pragma once

// The tasks LSTM Studio has, by kind and by project folder.

#include "tasks/task.h"
#include "tasks/task_kind.h"

#include <string>

namespace studio {

// The Task of a kind; lives as long as the program.
const Task& taskFor(TaskKind kind);

// The kind a project folder's project.json names; throws DataError for a folder that is
// not a project, a format this version does not read or a task it does not know.
TaskKind taskOf(const std::string& projectDir);

// taskFor(taskOf(projectDir)).
const Task& taskForProject(const std::string& projectDir);

}  // namespace studio
