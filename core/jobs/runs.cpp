#include "jobs/runs.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/json_io.h"
#include "base/sha256.h"
#include "base/versions.h"
#include "project/project_folder.h"
#include "project/project_lock.h"
#include "tasks/registry.h"
#include "tasks/task_files.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>

namespace studio {
namespace {

namespace fs = std::filesystem;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string isoTime(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string now() { return isoTime(std::time(nullptr)); }

double secondsSince(const std::chrono::steady_clock::time_point& start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// What a run's status reads for how its training ended.
std::string statusOf(const std::string& stopReason) {
    const std::optional<StopReason> reason = findEnum<StopReason>(stopReason);
    if (!reason) return "finished";
    switch (*reason) {
        case StopReason::Completed: return "finished";
        case StopReason::EarlyStopped: return "stopped early";
        case StopReason::Cancelled: return "cancelled";
        case StopReason::Diverged: return "diverged";
    }
    return "finished";
}

// The files a run folder shares with the top of the project when it is current.
std::vector<std::string> runFiles() {
    std::vector<std::string> names = ProjectFolder::trainedFiles();
    names.insert(names.end(), ProjectFolder::derivedFiles().begin(), ProjectFolder::derivedFiles().end());
    names.push_back(kRunFile);
    return names;
}

// A hard link where the file system allows one (the file is never rewritten in place:
// every save writes a new file and renames it), else a copy.
void linkOrCopy(const std::string& from, const std::string& to) {
    std::error_code ec;
    fs::remove(to, ec);
    fs::create_hard_link(from, to, ec);
    if (ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

std::string runPath(const std::string& dir, const std::string& id, const char* name) {
    return (fs::path(runFolder(dir, id)) / name).string();
}

Json readRunJson(const std::string& dir, const std::string& id) {
    const std::string path = runPath(dir, id, kRunFile);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw UsageError("the project in " + dir + " has no run " + id);
    return parseJsonFile(path);
}

void writeRunJson(const std::string& dir, const Json& rj) {
    writeFileAtomically(runPath(dir, rj.at("id").get<std::string>(), kRunFile), rj.dump(2) + "\n");
}

int runNumber(const std::string& id) {
    if (id.size() < 2 || id[0] != 'r' || id.find_first_not_of("0123456789", 1) != std::string::npos) return 0;
    return std::stoi(id.substr(1));
}

std::vector<std::string> runFolderIds(const std::string& dir) {
    std::vector<std::string> ids;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::path(dir) / kRunsFolder, ec))
        if (entry.is_directory() && runNumber(entry.path().filename().string()) > 0 &&
            fs::is_regular_file(entry.path() / kRunFile, ec))
            ids.push_back(entry.path().filename().string());
    std::sort(ids.begin(), ids.end(), [](const auto& a, const auto& b) { return runNumber(a) < runNumber(b); });
    return ids;
}

std::string nextRunId(const std::string& dir) {
    // Folders and the ledger's high-water mark: a deleted run's id is not given again.
    int last = RunLedger::exists(dir) ? RunLedger(dir).lastSeq() : 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::path(dir) / kRunsFolder, ec))
        last = std::max(last, runNumber(entry.path().filename().string()));
    return "r" + std::to_string(last + 1);
}

Json paramsJson(const TrainParams& params) {
    Json j = Json::object();
    for (const auto& [name, value] : params) j[name] = value;
    return j;
}

TrainParams paramsFrom(const Json& j) {
    TrainParams params;
    for (const auto& [name, value] : j.items()) params.emplace_back(name, value.get<std::string>());
    return params;
}

Json newRunJson(const std::string& id, const RunOrigin& origin, const TrainingJobConfig& job,
                const std::string& status) {
    const TrainConfig& train = trainConfigOf(job);
    std::string data = std::visit([](const auto& j) { return j.dataPath; }, job);
    if (!data.empty()) data = fs::absolute(data).lexically_normal().string();
    return {{"id", id},
            {"parent", origin.parent},
            {"origin", origin.origin},
            {"sweep", origin.sweep},
            {"task", toString(taskOfJob(job))},
            {"status", status},
            {"started", now()},
            {"ended", ""},
            {"seconds", 0.0},
            {"data", {{"path", data}, {"sha256", ""}}},
            {"seed", train.seed},
            {"engine", train.engine},
            {"device", train.device},
            {"cpu", cpuModel()},
            {"versions", versionsJson(libraryVersions())},
            {"params", paramsJson(trainParams(job))},
            {"epochs", 0},
            {"best_epoch", 0},
            {"val_loss", nullptr},
            {"test", Json::object()},
            {"starred", false},
            {"notes", ""}};
}

// Fills what the run's trained files say: outcome, settings as saved, metrics.
void recordFromFiles(Json& rj, const std::string& runDir) {
    if (!ProjectFolder::isProject(runDir)) return;
    const ProjectRecord rec = loadProjectRecord(runDir);
    rj["status"] = statusOf(rec.stopReason);
    rj["message"] = rec.message;
    rj["epochs"] = rec.epochsDone;
    rj["best_epoch"] = rec.bestEpoch;
    rj["data"] = {{"path", rec.dataPath}, {"sha256", rec.dataSha256}};
    rj["seed"] = rec.train.seed;
    if (!rec.versions.empty()) rj["versions"] = versionsJson(rec.versions);
    rj["params"] = paramsJson(trainParams(trainingJobOfProject(runDir)));
    double valLoss = kNaN;
    for (const EpochStats& e : loadHistory(runDir))
        if (e.epoch == rec.bestEpoch) valLoss = e.valLoss;
    rj["val_loss"] = jsonNumber(valLoss);
    const ProjectFolder folder(runDir);
    if (folder.has(ProjectFolder::kMetrics)) {
        const Json metrics = parseJsonFile(folder.path(ProjectFolder::kMetrics));
        rj["test"] = metrics.value("model", Json::object());
    }
}

LedgerRun ledgerRunOf(const Json& rj, const std::string& current) {
    LedgerRun r;
    r.id = rj.at("id").get<std::string>();
    r.seq = runNumber(r.id);
    r.parent = rj.value("parent", "");
    r.origin = rj.value("origin", "");
    r.sweep = rj.value("sweep", "");
    r.task = rj.value("task", "");
    r.status = rj.value("status", "");
    r.started = rj.value("started", "");
    r.ended = rj.value("ended", "");
    r.seconds = jsonNumberOr(rj, "seconds", 0.0);
    r.dataPath = rj.at("data").value("path", "");
    r.dataSha256 = rj.at("data").value("sha256", "");
    r.seed = rj.value("seed", std::uint64_t{0});
    r.engine = rj.value("engine", "");
    r.device = rj.value("device", "");
    r.epochs = rj.value("epochs", 0);
    r.bestEpoch = rj.value("best_epoch", 0);
    r.valLoss = jsonNumberOr(rj, "val_loss", kNaN);
    r.current = r.id == current;
    r.starred = rj.value("starred", false);
    r.notes = rj.value("notes", "");
    r.params = paramsFrom(rj.value("params", Json::object()));
    const Json test = rj.value("test", Json::object());
    for (const auto& [name, value] : test.items())
        if (value.is_number()) r.metrics.emplace_back(name, value.get<double>());
    return r;
}

std::vector<LedgerEpoch> ledgerHistory(const std::string& runDir) {
    std::vector<LedgerEpoch> out;
    if (!ProjectFolder(runDir).has(ProjectFolder::kHistory)) return out;
    for (const EpochStats& e : loadHistory(runDir))
        out.push_back({e.epoch, e.trainLoss, e.valLoss, e.lr, e.gradNormMean, e.gradNormMax, e.clippedFraction,
                       e.seconds});
    return out;
}

void indexRun(const std::string& dir, const Json& rj) {
    const std::string id = rj.at("id").get<std::string>();
    RunLedger(dir).put(ledgerRunOf(rj, currentRunId(dir)), ledgerHistory(runFolder(dir, id)));
}

// The ledger, rebuilt from the run folders when it is missing.
void ensureLedger(const std::string& dir) {
    if (RunLedger::exists(dir)) return;
    RunLedger ledger(dir);
    const std::string current = currentRunId(dir);
    for (const std::string& id : runFolderIds(dir))
        ledger.put(ledgerRunOf(readRunJson(dir, id), current), ledgerHistory(runFolder(dir, id)));
}

// Makes run `id`'s files the top-level ones, as one journaled save (project_save.h); the
// top-level files it lacks (an int8 model of the run before) are removed after.
void publish(const std::string& dir, const std::string& id) {
    const ProjectFolder top(dir), run(runFolder(dir, id));
    if (!run.has(ProjectFolder::kProject)) throw UsageError("run " + id + " finished no epoch: it has no model to use");
    for (const std::string& name : runFiles())
        if (name != ProjectFolder::kProject && run.has(name))
            top.stageWith(name, [&](const std::string& path) { linkOrCopy(run.path(name), path); });
    top.commit(readWholeFile(run.path(ProjectFolder::kProject)));
    std::error_code ec;
    for (const std::string& name : runFiles())
        if (!run.has(name)) fs::remove(top.path(name), ec);
    if (RunLedger::exists(dir)) RunLedger(dir).setCurrent(id);
}

// A run's own folder (PROJECT/runs/ID with its run.json): a project to read, not to add
// runs to.
bool isRunFolder(const std::string& dir) {
    const fs::path path = fs::absolute(dir).lexically_normal();
    const fs::path folder = path.has_filename() ? path : path.parent_path();
    std::error_code ec;
    return folder.parent_path().filename() == kRunsFolder && runNumber(folder.filename().string()) > 0 &&
           fs::is_regular_file(folder / kRunFile, ec);
}

// Whether the top-level files are a run with no folder of its own: a project of an
// earlier version (no run.json), or one whose files were copied without runs/.
bool needsAdoption(const std::string& dir) {
    if (!ProjectFolder::isProject(dir)) return false;
    std::error_code ec;
    return !ProjectFolder(dir).has(kRunFile) || !fs::is_directory(runFolder(dir, currentRunId(dir)), ec);
}

// The run record of top-level files that have none, or the copied one.
Json topLevelRunJson(const std::string& dir, const std::string& id) {
    const ProjectFolder top(dir);
    if (top.has(kRunFile)) {
        Json rj = parseJsonFile(top.path(kRunFile));
        rj["id"] = id;
        return rj;
    }
    Json rj = newRunJson(id, {"imported", "", ""}, trainingJobOfProject(dir), "finished");
    std::error_code ec;
    const auto written = fs::last_write_time(top.path(ProjectFolder::kProject), ec);
    if (!ec) {
        const auto system = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
            written - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
        rj["started"] = rj["ended"] = isoTime(std::chrono::system_clock::to_time_t(system));
    }
    rj["cpu"] = "";  // not recorded by earlier versions
    recordFromFiles(rj, dir);
    return rj;
}

// Top-level files with no run folder (needsAdoption) become a run: the id their run.json
// names when that is free, else the next.
void adoptTopLevelRun(const std::string& dir) {
    if (!needsAdoption(dir)) return;
    const ProjectFolder top(dir);
    top.recover();
    std::string id = top.has(kRunFile) ? currentRunId(dir) : "";
    std::error_code ec;
    if (runNumber(id) == 0 || fs::exists(runFolder(dir, id), ec)) id = nextRunId(dir);
    const Json rj = topLevelRunJson(dir, id);
    const std::string runDir = runFolder(dir, id);
    fs::create_directories(runDir);
    for (const std::string& name : runFiles())
        if (name != kRunFile && top.has(name)) linkOrCopy(top.path(name), (fs::path(runDir) / name).string());
    writeRunJson(dir, rj);
    writeFileAtomically(top.path(kRunFile), rj.dump(2) + "\n");
    indexRun(dir, rj);
}

// Removes a run that trained nothing: its folder and ledger row. A folder left with no
// project and no run loses the runs folder and ledger too, so a first training that
// failed leaves the folder as it found it.
void discardRun(const std::string& dir, const std::string& id) {
    std::error_code ec;
    fs::remove_all(runFolder(dir, id), ec);
    if (RunLedger::exists(dir)) RunLedger(dir).remove(id);
    if (ProjectFolder::isProject(dir) || !runFolderIds(dir).empty()) return;
    fs::remove_all(fs::path(dir) / kRunsFolder, ec);
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(fs::path(dir) / (std::string(RunLedger::kFile) + suffix), ec);
}

// Runs still "running" that no process trains: trainRun, resumeRun and rerun write their
// run under the project's lock, which the caller holds now, so their process was killed.
// One that saved a model stays as "interrupted"; one that saved none goes. (A sweep's
// trials are left to their sweep.)
void endInterruptedRuns(const std::string& dir) {
    for (const LedgerRun& r : RunLedger(dir).runs()) {
        if (r.status != "running" || r.origin == "sweep") continue;
        if (!ProjectFolder::isProject(runFolder(dir, r.id))) {
            discardRun(dir, r.id);
            continue;
        }
        Json rj = readRunJson(dir, r.id);
        recordFromFiles(rj, runFolder(dir, r.id));
        rj["status"] = "interrupted";
        rj["message"] = "its process ended before the run was recorded";
        writeRunJson(dir, rj);
        indexRun(dir, rj);
    }
}

// What every call that writes a project does first: the ledger (rebuilt when missing;
// creating it is the first write, so a full disk fails before anything else changed), then
// a run for top-level files that have none.
void prepareProject(const std::string& dir) {
    if (isRunFolder(dir))
        throw UsageError(dir + " is one run of the project in " + fs::path(dir).parent_path().parent_path().string() +
                         ": train or resume the project (select this run first to continue it)");
    ensureLedger(dir);
    adoptTopLevelRun(dir);
    endInterruptedRuns(dir);
}

void checkSameProject(const std::string& dir, const TrainingJobConfig& job) {
    const TaskKind task = taskOf(dir);
    if (task != taskOfJob(job))
        throw UsageError(dir + " holds a " + toString(task) + " project, and this run is a " +
                         toString(taskOfJob(job)) + " run: the runs of a project share its task; train into another folder");
    const ProjectRecord rec = loadProjectRecord(dir);
    const std::string data =
        fs::absolute(std::visit([](const auto& j) { return j.dataPath; }, job)).lexically_normal().string();
    if (data != rec.dataPath)
        throw UsageError(dir + " holds runs on " + rec.dataPath + ", not " + data +
                         ": the runs of a project share its data; train into another folder");
    if (!rec.dataSha256.empty() && sha256File(data) != rec.dataSha256)
        throw UsageError(data + " changed since the project's runs were trained on it (its SHA-256 differs): train "
                         "into another folder, so that runs on different data are not compared");
}

// Ends run `id` after its training: the record from its files, then current when it has a
// model and `makeCurrent`; a run with no epoch is discarded.
void finishRun(const std::string& dir, Json& rj, const std::chrono::steady_clock::time_point& start,
               const std::string& device, bool makeCurrent) {
    const std::string id = rj.at("id").get<std::string>();
    const std::string runDir = runFolder(dir, id);
    recordFromFiles(rj, runDir);
    rj["ended"] = now();
    rj["seconds"] = secondsSince(start);
    if (!device.empty()) rj["device"] = device;
    writeRunJson(dir, rj);
    indexRun(dir, rj);
    if (makeCurrent) publish(dir, id);
}

std::string deviceOf(const TaskResult& r) {
    return std::visit([](const auto& x) { return x.device; }, r);
}

}  // namespace

std::string runFolder(const std::string& projectDir, const std::string& id) {
    return (fs::path(projectDir) / kRunsFolder / id).string();
}

std::string currentRunId(const std::string& dir) {
    const ProjectFolder top(dir);
    if (top.has(kRunFile)) {
        try {
            return parseJsonFile(top.path(kRunFile)).value("id", "");
        } catch (const Error&) {
            return "";
        }
    }
    return ProjectFolder::isProject(dir) ? nextRunId(dir) : "";
}

TaskResult trainRun(const TrainingJobConfig& job, TrainObserver* observer, const std::atomic<bool>* cancel,
                    const RunOrigin& origin, std::string* runId) {
    const std::string dir = outDirOf(job);
    if (ProjectFolder::isProject(dir)) checkSameProject(dir, job);
    else ProjectFolder::checkNewProject(dir);
    const ProjectLock lock(dir, /*create=*/true);
    prepareProject(dir);
    const std::string id = nextRunId(dir);
    if (runId) *runId = id;
    TrainingJobConfig runJob = job;
    setOutDir(runJob, runFolder(dir, id));
    fs::create_directories(runFolder(dir, id));
    Json rj = newRunJson(id, origin, runJob, "running");
    writeRunJson(dir, rj);
    indexRun(dir, rj);
    const auto start = std::chrono::steady_clock::now();
    TaskResult result;
    try {
        result = trainJob(runJob, observer, cancel);
    } catch (const std::exception& e) {
        // A run that saved a model and then failed stays, marked failed; one that saved
        // nothing leaves nothing.
        if (!ProjectFolder::isProject(runFolder(dir, id))) {
            discardRun(dir, id);
        } else {
            rj["status"] = "failed";
            rj["message"] = e.what();
            rj["ended"] = now();
            writeRunJson(dir, rj);
            indexRun(dir, rj);
        }
        throw;
    }
    if (trainResultOf(result).epochsDone == 0) {
        discardRun(dir, id);
        return result;
    }
    finishRun(dir, rj, start, deviceOf(result), true);
    return result;
}

TaskResult resumeRun(const std::string& dir, int epochs, TrainObserver* observer, const std::atomic<bool>* cancel,
                     std::string* runId) {
    const Task& task = taskForProject(dir);  // a folder of no project gets no lock file
    const ProjectLock lock(dir);
    prepareProject(dir);
    const std::string parent = currentRunId(dir);
    const ProjectRecord before = loadProjectRecord(dir);
    const std::string id = nextRunId(dir);
    if (runId) *runId = id;
    const std::string runDir = runFolder(dir, id);
    fs::create_directories(runDir);
    // The parent's trained files, linked: the resume writes new files beside them.
    const ProjectFolder from(runFolder(dir, parent));
    for (const std::string& name : ProjectFolder::trainedFiles())
        if (from.has(name)) linkOrCopy(from.path(name), (fs::path(runDir) / name).string());
    Json rj = newRunJson(id, {"resume", parent, ""}, trainingJobOfProject(runDir), "running");
    writeRunJson(dir, rj);
    indexRun(dir, rj);
    const auto start = std::chrono::steady_clock::now();
    TaskResult result;
    try {
        result = task.resume(runDir, epochs, observer, cancel);
    } catch (...) {
        discardRun(dir, id);
        throw;
    }
    if (trainResultOf(result).epochsDone <= before.epochsDone) {
        // Not one epoch further: the parent stays the current run, and nothing is added.
        discardRun(dir, id);
        return result;
    }
    finishRun(dir, rj, start, deviceOf(result), true);
    return result;
}

std::vector<LedgerRun> listRuns(const std::string& dir) {
    std::vector<LedgerRun> runs;
    std::error_code ec;
    if (RunLedger::exists(dir) || fs::is_directory(fs::path(dir) / kRunsFolder, ec)) {
        ensureLedger(dir);
        runs = RunLedger(dir).runs();
    }
    // Top-level files with no run folder (an earlier version's project, a copy without
    // runs/) list as the current run, without writing anything.
    if (needsAdoption(dir)) {
        const std::string id = ProjectFolder(dir).has(kRunFile) ? currentRunId(dir) : nextRunId(dir);
        for (LedgerRun& r : runs) r.current = false;
        runs.push_back(ledgerRunOf(topLevelRunJson(dir, id), id));
    }
    return runs;
}

std::vector<LedgerEpoch> runHistory(const std::string& dir, const std::string& id) {
    if (needsAdoption(dir) && id == currentRunId(dir)) return ledgerHistory(dir);
    ensureLedger(dir);
    return RunLedger(dir).history(id);
}

void keepDerivedFiles(const std::string& dir) {
    if (!ProjectFolder::isProject(dir) || isRunFolder(dir)) return;
    prepareProject(dir);
    const ProjectFolder top(dir), run(runFolder(dir, currentRunId(dir)));
    for (const std::string& name : ProjectFolder::derivedFiles())
        if (top.has(name)) linkOrCopy(top.path(name), run.path(name));
}

bool keepRunArtifact(const std::string& dir, const std::string& name,
                     const std::function<void(const std::string& path)>& write, std::string* why) {
    if (!ProjectFolder::isProject(dir) || isRunFolder(dir)) return false;
    try {
        const ProjectLock lock(dir);
        prepareProject(dir);
        write((fs::path(runFolder(dir, currentRunId(dir))) / name).string());
        return true;
    } catch (const std::exception& e) {
        if (why) *why = e.what();
        return false;
    }
}

std::string runsJson(const std::string& dir) {
    Json out = Json::array();
    for (const LedgerRun& r : listRuns(dir)) {
        Json params = Json::object();
        for (const auto& [name, value] : r.params) params[name] = value;
        Json test = Json::object();
        if (!(r.current && needsAdoption(dir))) test = readRunJson(dir, r.id).value("test", Json::object());
        else if (ProjectFolder(dir).has(ProjectFolder::kMetrics))
            test = parseJsonFile(ProjectFolder(dir).path(ProjectFolder::kMetrics)).value("model", Json::object());
        out.push_back({{"id", r.id},
                       {"parent", r.parent.empty() ? Json() : Json(r.parent)},
                       {"origin", r.origin},
                       {"sweep", r.sweep.empty() ? Json() : Json(r.sweep)},
                       {"status", r.status},
                       {"started", r.started},
                       {"seconds", r.seconds},
                       {"epochs", r.epochs},
                       {"params", params},
                       {"metrics", {{"val_loss", jsonNumber(r.valLoss)}, {"test", test}}},
                       {"starred", r.starred},
                       {"notes", r.notes},
                       {"current", r.current}});
    }
    return out.dump(2) + "\n";
}

std::vector<std::string> differingParams(const std::vector<LedgerRun>& runs) {
    std::vector<std::string> names;
    if (runs.empty()) return names;
    const auto valueOf = [](const LedgerRun& r, const std::string& name) -> const std::string* {
        for (const auto& [n, v] : r.params)
            if (n == name) return &v;
        return nullptr;
    };
    for (const auto& [name, value] : runs.front().params) {
        if (name == "data" || name == "task") continue;
        for (const LedgerRun& r : runs) {
            const std::string* v = valueOf(r, name);
            if (!v || *v != value) {
                names.push_back(name);
                break;
            }
        }
    }
    return names;
}

void selectRun(const std::string& dir, const std::string& id) {
    const ProjectLock lock(dir);
    prepareProject(dir);
    readRunJson(dir, id);  // throws for an unknown run
    publish(dir, id);
}

void deleteRun(const std::string& dir, const std::string& id) {
    const ProjectLock lock(dir);
    prepareProject(dir);
    readRunJson(dir, id);
    const bool current = currentRunId(dir) == id;
    if (current && runFolderIds(dir).size() > 1)
        throw UsageError(id + " is the current run: select another run first (runs --select ID)");
    discardRun(dir, id);
    if (current) {
        std::error_code ec;
        for (const std::string& name : runFiles()) fs::remove(ProjectFolder(dir).path(name), ec);
    }
}

namespace {

// Sets one field of run `id`'s record and, through `index`, of its ledger row.
template <class Value, class Index>
void annotateRun(const std::string& dir, const std::string& id, const char* field, const Value& value, Index index) {
    const ProjectLock lock(dir);
    prepareProject(dir);
    Json rj = readRunJson(dir, id);
    rj[field] = value;
    writeRunJson(dir, rj);
    RunLedger ledger(dir);
    (ledger.*index)(id, value);
}

}  // namespace

void setRunStarred(const std::string& dir, const std::string& id, bool starred) {
    annotateRun(dir, id, "starred", starred, &RunLedger::setStarred);
}

void setRunNotes(const std::string& dir, const std::string& id, const std::string& notes) {
    annotateRun(dir, id, "notes", notes, &RunLedger::setNotes);
}

TrainingJobConfig runJob(const std::string& dir, const std::string& id) {
    if (needsAdoption(dir) && id == currentRunId(dir)) return trainingJobOfProject(dir);
    return trainingJobFrom(paramsFrom(readRunJson(dir, id).at("params")));
}

RerunOutcome rerun(const std::string& dir, const std::string& id, TrainObserver* observer,
                   const std::atomic<bool>* cancel) {
    TrainingJobConfig job = runJob(dir, id);
    setOutDir(job, dir);
    RerunOutcome out;
    out.result = trainRun(job, observer, cancel, {"rerun", id, ""}, &out.id);
    if (trainResultOf(out.result).epochsDone == 0) {
        out.difference = "the rerun finished no epoch";
        return out;
    }
    const ProjectFolder a(runFolder(dir, id)), b(runFolder(dir, out.id));
    const Json ma = parseJsonFile(a.path(ProjectFolder::kMetrics)).value("model", Json::object());
    const Json mb = parseJsonFile(b.path(ProjectFolder::kMetrics)).value("model", Json::object());
    const std::vector<EpochStats> ha = loadHistory(a.dir()), hb = loadHistory(b.dir());
    if (ha.size() != hb.size()) {
        out.difference = "epochs: " + std::to_string(ha.size()) + " then " + std::to_string(hb.size());
    } else {
        for (std::size_t i = 0; i < ha.size() && out.difference.empty(); ++i)
            if (ha[i].trainLoss != hb[i].trainLoss || ha[i].valLoss != hb[i].valLoss)
                out.difference = "epoch " + std::to_string(i + 1) + "'s losses";
        for (const auto& [name, value] : ma.items())
            if (out.difference.empty() && value != mb.value(name, Json()))
                out.difference = "test metric " + name + ": " + value.dump() + " then " + mb.value(name, Json()).dump();
    }
    out.identical = out.difference.empty();
    return out;
}

std::string prepareTrial(const std::string& dir, const TrainingJobConfig& job, const std::string& sweep) {
    const ProjectLock lock(dir);
    prepareProject(dir);
    const std::string id = nextRunId(dir);
    fs::create_directories(runFolder(dir, id));
    TrainingJobConfig trial = job;
    setOutDir(trial, runFolder(dir, id));
    const Json rj = newRunJson(id, {"sweep", "", sweep}, trial, "queued");
    writeRunJson(dir, rj);
    indexRun(dir, rj);
    return id;
}

double runTrial(const std::string& dir, const std::string& id, int epochs, TrainObserver* observer,
                const std::atomic<bool>* cancel) {
    Json rj = readRunJson(dir, id);
    const std::string runDir = runFolder(dir, id);
    const auto start = std::chrono::steady_clock::now();
    const double before = jsonNumberOr(rj, "seconds", 0.0);
    if (rj.value("status", "") == "queued") rj["started"] = now();
    rj["status"] = "running";
    writeRunJson(dir, rj);
    indexRun(dir, rj);
    std::string device;
    try {
        if (ProjectFolder::isProject(runDir)) {
            const ProjectLock lock(runDir);
            device = deviceOf(taskForProject(runDir).resume(runDir, epochs, observer, cancel));
        } else {
            TrainingJobConfig job = trainingJobFrom(paramsFrom(rj.at("params")));
            if (epochs > 0) setTrainParam(job, "epochs", std::to_string(epochs));
            setOutDir(job, runDir);
            device = deviceOf(trainJob(job, observer, cancel));
        }
    } catch (const std::exception& e) {
        rj["status"] = ProjectFolder::isProject(runDir) ? rj["status"] : Json("failed");
        rj["message"] = e.what();
        writeRunJson(dir, rj);
        indexRun(dir, rj);
        throw;
    }
    if (!ProjectFolder::isProject(runDir)) {
        rj["status"] = cancel && cancel->load() ? "cancelled" : "failed";
        rj["message"] = "no epoch finished";
    }
    finishRun(dir, rj, start, device, false);
    rj["seconds"] = before + rj["seconds"].get<double>();
    writeRunJson(dir, rj);
    indexRun(dir, rj);
    return jsonNumberOr(rj, "val_loss", kNaN);
}

void markTrialFailed(const std::string& dir, const std::string& id, const std::string& why) {
    Json rj = readRunJson(dir, id);
    if (rj.value("status", "") != "running" && rj.value("status", "") != "queued") return;
    rj["status"] = ProjectFolder::isProject(runFolder(dir, id)) ? "cancelled" : "failed";
    rj["message"] = why;
    rj["ended"] = now();
    writeRunJson(dir, rj);
    indexRun(dir, rj);
}

bool discardUntrainedTrial(const std::string& dir, const std::string& id) {
    if (ProjectFolder::isProject(runFolder(dir, id))) return false;
    const std::string status = readRunJson(dir, id).value("status", "");
    if (status == "failed") return false;
    discardRun(dir, id);
    return true;
}

std::string newSweepId(const std::string& dir) {
    int last = 0;
    for (const LedgerRun& r : listRuns(dir))
        if (r.sweep.size() > 1 && r.sweep[0] == 's') last = std::max(last, std::atoi(r.sweep.c_str() + 1));
    return "s" + std::to_string(last + 1);
}

}  // namespace studio
