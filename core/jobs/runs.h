#pragma once

// The runs of a project. Every training (train, resume, rerun, a sweep's trial) is a run:
// a folder runs/<id>/ holding a whole project of its own (project.json, model.pt,
// checkpoint.pt, history.jsonl, metrics.json, predictions.csv, later the int8 model and
// its report) plus run.json: its settings (train's option names), data path and SHA-256,
// seed, engine, device, library versions, CPU, start and end, outcome and parent. The
// ledger (project/run_ledger.h, runs.sqlite) indexes them.
//
// The project has a current run; the files at the top of the project folder are the
// current run's (linked, or copied where links cannot be made), so every command that takes
// a project works as before. Nothing is overwritten: training adds a run and makes it
// current; a run's own files are never rewritten. A project written before runs existed
// holds one run, r1, made from its files when it is first written to.
//
// Every call takes the project's lock while it writes, runs synchronously and throws
// studio::Error (UsageError for a request that does not fit the project).

#include "project/run_ledger.h"
#include "tasks/train_params.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace studio {

inline constexpr const char* kRunsFolder = "runs";
inline constexpr const char* kRunFile = "run.json";

std::string runFolder(const std::string& projectDir, const std::string& id);

// A run and how it came to be, for the calls that make one.
struct RunOrigin {
    std::string origin = "train";  // train, resume, rerun, sweep
    std::string parent;
    std::string sweep;
};

// Trains job into the project folder job.outDir as a new run, and makes it current when an
// epoch finished. A folder with no project becomes one; an existing project must be of the
// same task and data (UsageError naming the difference otherwise). A run with no finished
// epoch leaves nothing. `runId` (optional) receives the new run's id.
TaskResult trainRun(const TrainingJobConfig& job, TrainObserver* observer = nullptr,
                    const std::atomic<bool>* cancel = nullptr, const RunOrigin& origin = {},
                    std::string* runId = nullptr);

// Continues the current run from its checkpoint up to `epochs` in total (0 = its own count)
// as a new run whose parent it is, made current when it got further.
TaskResult resumeRun(const std::string& dir, int epochs, TrainObserver* observer = nullptr,
                     const std::atomic<bool>* cancel = nullptr, std::string* runId = nullptr);

// The project's runs in start order. A project of an earlier version lists as its one run
// (r1) without being written to.
std::vector<LedgerRun> listRuns(const std::string& dir);
std::vector<LedgerEpoch> runHistory(const std::string& dir, const std::string& id);
std::string currentRunId(const std::string& dir);  // empty when the folder holds no run
// `runs --json`: the runs in start order as [{"id", "parent", "status", "started",
// "seconds", "params": {...}, "metrics": {"val_loss", "test": {metrics.json's model
// block}}, "current"}, ...].
std::string runsJson(const std::string& dir);
// The settings whose values differ between `runs`, in the order of the first run's.
std::vector<std::string> differingParams(const std::vector<LedgerRun>& runs);

// Keeps the files derived from the current run's weights (quantize's) in its run folder
// too; the job that wrote them at the top calls it while holding the project's lock.
void keepDerivedFiles(const std::string& dir);

// Keeps a copy of what a job made from the current run's model (an exported ONNX file, a
// benchmark report) in the run's folder as `name`: `write` writes it to the path it is
// given. Best effort, as the job's own output is written already: false, with the reason in
// *why, when the project is busy (another writer holds it) or not a project of runs.
bool keepRunArtifact(const std::string& dir, const std::string& name,
                     const std::function<void(const std::string& path)>& write, std::string* why = nullptr);

// Makes run `id` current: its files become the top-level ones.
void selectRun(const std::string& dir, const std::string& id);
// Removes run `id` and its folder. The current run cannot be removed while others exist
// (select another first); removing the last run leaves an empty project folder.
void deleteRun(const std::string& dir, const std::string& id);
void setRunStarred(const std::string& dir, const std::string& id, bool starred);
void setRunNotes(const std::string& dir, const std::string& id, const std::string& notes);

// Trains again from run `id`'s record as a new run (parent: id), made current.
struct RerunOutcome {
    std::string id;          // the new run
    TaskResult result;
    bool identical = false;  // every test metric and the history's losses equal, bit for bit
    std::string difference;  // the first that differs, when not identical
};
RerunOutcome rerun(const std::string& dir, const std::string& id, TrainObserver* observer = nullptr,
                   const std::atomic<bool>* cancel = nullptr);

// Sweeps. A trial is a run prepared by the sweep (prepareTrial: folder, run.json with its
// settings, ledger row, status "queued"; under the project's lock), trained by runTrial,
// perhaps in another process, and recorded by it; trials write only their own folders and
// ledger rows.
std::string prepareTrial(const std::string& dir, const TrainingJobConfig& job, const std::string& sweep);
// Trains trial `id` (or continues it up to `epochs` in total when it has trained before)
// and records its outcome. Returns the run's best validation loss (NaN: no epoch).
double runTrial(const std::string& dir, const std::string& id, int epochs, TrainObserver* observer = nullptr,
                const std::atomic<bool>* cancel = nullptr);
// Marks a trial whose process ended without recording an outcome as failed.
void markTrialFailed(const std::string& dir, const std::string& id, const std::string& why);
// Removes a trial that trained nothing and did not fail (queued, or cancelled before its
// first epoch ended); returns whether it did.
bool discardUntrainedTrial(const std::string& dir, const std::string& id);
// The settings recorded for run `id`.
TrainingJobConfig runJob(const std::string& dir, const std::string& id);
// A new sweep's id (s1, s2, ...).
std::string newSweepId(const std::string& dir);

}  // namespace studio
