// taskOf (registry.h), apart from the registry's Task objects: it reads a project folder
// only, so the readers' fuzz build (fuzz/) links it without LibTorch.

#include "tasks/registry.h"

#include "base/error.h"
#include "project/project_folder.h"

namespace studio {

TaskKind taskOf(const std::string& projectDir) {
    const ProjectFolder folder(projectDir);
    const std::string name = folder.taskName();
    try {
        return parseEnum<TaskKind>(name);
    } catch (const UsageError&) {
        throw DataError(folder.path(ProjectFolder::kProject) + ": unknown task '" + name + "'");
    }
}

}  // namespace studio
