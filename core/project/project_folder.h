#pragma once

// A project folder: the only code that knows the names of a project's files, reads its
// project.json header (format and task) and writes files into it. The GUI and the CLI read
// and write the same folder:
//   project.json              what the task needs to rebuild data and model (the task's
//                             own fields) and what the last training did
//   model.pt                  the best weights
//   checkpoint.pt             weights, optimizer, schedule and generators for resuming
//   history.jsonl             one EpochStats per line
//   metrics.json              the test split's metrics
//   predictions.csv           the test split's predictions
//   model.int8.bin/.json      the int8 model (quantize)
//   quantize.json             int8 against fp32 (quantize)
//   quantize_predictions.csv  the test split through both (quantize)
//   .lstm-studio.lock         the writers' lock (project_lock.h)
// A save is staged file by file and committed with project.json (project_save.h), so a
// process killed at any moment leaves the old project or the new one. Plain strings only:
// callable from any thread; one save of a folder at a time.

#include <functional>
#include <string>
#include <vector>

namespace studio {

class ProjectFolder {
public:
    // The newest project.json format this version reads and writes.
    static constexpr int kFormatVersion = 1;
    static constexpr const char* kProject = "project.json";
    static constexpr const char* kModel = "model.pt";
    static constexpr const char* kCheckpoint = "checkpoint.pt";
    static constexpr const char* kHistory = "history.jsonl";
    static constexpr const char* kMetrics = "metrics.json";
    static constexpr const char* kPredictions = "predictions.csv";
    static constexpr const char* kInt8Model = "model.int8.bin";
    static constexpr const char* kInt8Scales = "model.int8.json";
    static constexpr const char* kQuantizeReport = "quantize.json";
    static constexpr const char* kQuantizePredictions = "quantize_predictions.csv";
    // The files a training run writes, and those quantize derives from model.pt.
    static const std::vector<std::string>& trainedFiles();
    static const std::vector<std::string>& derivedFiles();

    explicit ProjectFolder(std::string dir);

    const std::string& dir() const { return dir_; }
    std::string path(const std::string& name) const;  // dir/name
    bool has(const std::string& name) const;          // a regular file of that name exists
    // A folder that holds a project.json, or a committed save that brings one (a process
    // killed between a save's commit and its renames; readers finish it, see recover()).
    static bool isProject(const std::string& dir);
    // Throws UsageError unless `dir` can take a new project without a word of loss: a
    // folder that does not exist yet or is empty (but for what a killed save of ours left).
    // The message says how to go on: resume an existing project, pick another folder.
    static void checkNewProject(const std::string& dir);

    // project.json's "task" after finishing an interrupted save; throws DataError for a
    // folder without a readable project file of a format this version reads.
    std::string taskName() const;

    // Saving: stage files, then commit them all with project.json (project_save.h).
    std::string stagePath(const std::string& name) const;
    void stage(const std::string& name, const std::string& text) const;
    void stageWith(const std::string& name, const std::function<void(const std::string& path)>& write) const;
    void commit(const std::string& projectJson) const;
    // Finishes a committed save that was interrupted; readers call it first.
    void recover() const;

private:
    std::string dir_;
};

}  // namespace studio
