#include "tasks/task_kind.h"

#include "error.h"

namespace studio {

const std::vector<TaskKind>& allTaskKinds() {
    static const std::vector<TaskKind> kinds = {TaskKind::Forecast, TaskKind::Classify, TaskKind::CharLm};
    return kinds;
}

std::string toString(TaskKind kind) {
    switch (kind) {
    case TaskKind::Forecast: return "forecast";
    case TaskKind::Classify: return "classify";
    case TaskKind::CharLm: return "charlm";
    }
    return "forecast";
}

TaskKind taskKindFromString(const std::string& name) {
    for (TaskKind kind : allTaskKinds())
        if (toString(kind) == name) return kind;
    throw UsageError("unknown task '" + name + "' (forecast, classify or charlm)");
}

bool isTextTask(TaskKind kind) { return kind != TaskKind::Forecast; }

}  // namespace studio
