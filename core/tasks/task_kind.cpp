#include "tasks/task_kind.h"

#include "base/error.h"

namespace studio {

const std::vector<TaskKind>& allTaskKinds() {
    static const std::vector<TaskKind> kinds = {TaskKind::Forecast, TaskKind::Classify, TaskKind::CharLm};
    return kinds;
}

const EnumNames<TaskKind>& enumNames(TaskKind) {
    static const EnumNames<TaskKind> names{
        "task", {{TaskKind::Forecast, "forecast"}, {TaskKind::Classify, "classify"}, {TaskKind::CharLm, "charlm"}}};
    return names;
}

bool isTextTask(TaskKind kind) { return kind != TaskKind::Forecast; }

}  // namespace studio
