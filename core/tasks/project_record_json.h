#pragma once

// Internal to core: the part of project.json every task writes alike (task_files.h).

#include "base/error.h"
#include "tasks/task_files.h"
#include "tasks/task_kind.h"
#include "base/json_io.h"

#include <string>

namespace studio {

// The header (format, version, task), data, train, seed, versions and status of `p`; the
// task's own sections go next to them.
Json projectRecordJson(const ProjectRecord& p, TaskKind task);
// Reads them back, checking the format (throws DataError); a missing or malformed field
// throws the JSON library's exception for the caller to name the file.
void readProjectRecord(const Json& j, const std::string& path, ProjectRecord& p);

// The parsed project.json of `dir`, an interrupted commit finished first; `path` receives
// its path. Throws DataError.
Json openProjectJson(const std::string& dir, std::string& path);

// Reads `dir`'s project.json into a P through fill(json, path, p); a missing or malformed
// field or an invalid setting becomes a DataError naming the file.
template <class P, class Fill>
P loadProjectJson(const std::string& dir, Fill&& fill) {
    std::string path;
    const Json j = openProjectJson(dir, path);
    P p;
    try {
        fill(j, path, p);
    } catch (const Json::exception& e) {
        throw DataError(path + ": missing or malformed field (" + e.what() + ")");
    } catch (const UsageError& e) {
        throw DataError(path + ": " + e.what());
    }
    return p;
}

}  // namespace studio
