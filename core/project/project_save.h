#pragma once

// Internal to core/project: saving a project folder as one step.
//
// A save writes several files (model.pt, history.jsonl, metrics.json, predictions.csv,
// project.json). Each is first written in full as NAME.saving (flushed and synced), and
// the project file's save, always the last, commits them together:
//   1. save.journal lists the staged names (written to a temporary file, synced, renamed:
//      from here on the save counts as done);
//   2. each NAME.saving is renamed to NAME;
//   3. save.journal is removed.
// A process killed before step 1 leaves the old project (its staged files are ignored and
// removed by the next save); killed after it, the next load finishes the renames. Either
// way the folder holds the old or the new project, never a mix. A save whose writing
// fails before step 1 (a full disk, a size limit) removes what it staged and throws.

#include <functional>
#include <string>

namespace studio {

// Registers `name` as part of the save in progress in `dir` and returns the path to write
// it to (dir/NAME.saving). The first call of a save removes what a killed save left behind.
std::string stageFilePath(const std::string& dir, const std::string& name);

// Stages `text` as `name` (writeFileAtomically to the staged path).
void stageFile(const std::string& dir, const std::string& name, const std::string& text);

// Stages a file written by `write` (given the path to write to), then synced.
void stageFileWith(const std::string& dir, const std::string& name,
                   const std::function<void(const std::string& path)>& write);

// Stages project.json with `text` and commits every file staged in `dir` by this process.
void commitProjectSave(const std::string& dir, const std::string& projectJson);

// Finishes a committed save that was interrupted (save.journal present). Readers call it
// before reading a project. Throws Error when the folder cannot be written.
void recoverProjectSave(const std::string& dir);

// Whether `dir` holds a committed save not yet finished: every save commits project.json,
// so such a folder is a project even before its project.json is in place.
bool hasCommittedSave(const std::string& dir);

}  // namespace studio
