#include "jobs/jobs.h"

#include "jobs/runs.h"

#include "runtime/inference_engine.h"
#include "base/error.h"
#include "project/project_folder.h"
#include "project/project_lock.h"
#include "tasks/registry.h"
#include "base/file_io.h"
#include "base/threads.h"

#include <filesystem>

namespace studio {
namespace {

namespace fs = std::filesystem;

// Whether two paths name one file: the same inode where both exist (links included),
// else the same absolute path once links in the existing part are resolved.
bool sameFile(const std::string& a, const std::string& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
    const fs::path ca = fs::weakly_canonical(fs::absolute(a, ec), ec);
    const fs::path cb = fs::weakly_canonical(fs::absolute(b, ec), ec);
    return !ca.empty() && ca == cb;
}

}  // namespace

void checkOutputPath(const std::string& dir, const std::string& out, const std::string& input) {
    if (out == "-") return;
    if (out.empty()) throw UsageError("no output file given");
    const ProjectFolder folder(dir);
    for (const auto* names : {&ProjectFolder::trainedFiles(), &ProjectFolder::derivedFiles()})
        for (const auto& name : *names)
            if (sameFile(out, folder.path(name)))
                throw UsageError("refusing to write " + out + ": it is the project's " + name +
                                 "; choose a file outside the project's own files");
    std::string dataPath;
    try {
        dataPath = loadProjectRecord(dir).dataPath;
    } catch (const Error&) {
        // A project that cannot be read fails in the job itself, with its own message.
    }
    if (!dataPath.empty() && sameFile(out, dataPath))
        throw UsageError("refusing to write " + out + ": it is the data file the project was trained on");
    if (!input.empty() && sameFile(out, input))
        throw UsageError("refusing to write " + out + ": it is the file being read");
}

TaskResult resumeProject(const std::string& dir, int epochs, TrainObserver* observer,
                         const std::atomic<bool>* cancel) {
    // The task first: a folder that holds no project gets no lock file.
    const Task& task = taskForProject(dir);
    const ProjectLock lock(dir);
    return task.resume(dir, epochs, observer, cancel);
}

TaskResult evaluateProject(const std::string& dir) { return taskForProject(dir).evaluate(dir); }

std::size_t predictProject(const std::string& dir, const std::string& dataPath, const std::string& outCsv,
                           std::vector<std::string>& warnings) {
    checkOutputPath(dir, outCsv, dataPath);
    return taskForProject(dir).predict(dir, dataPath, outCsv, warnings);
}

QuantizeReport quantizeProject(const std::string& dir, const QuantizeConfig& config, const QuantizeProgress& progress,
                               const std::atomic<bool>* cancel) {
    if (!backendAvailable(Backend::OnednnInt8))
        throw UsageError("quantize runs the int8 model on oneDNN, and this build has none (install libdnnl-dev)");
    config.int8.validate();
    const Task& task = taskForProject(dir);  // before the lock: a folder of no project gets none
    const ProjectLock lock(dir);
    auto cancelled = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };
    QuantizeReport r;
    r.projectDir = dir;
    r.task = task.kind();
    r.options = config.int8;
    applyThreads(config.threads);
    task.quantize(dir, config, r, progress, cancelled);
    if (cancelled()) throw Error("quantize was cancelled; nothing was written");
    if (config.write) {
        const ProjectFolder folder(dir);
        if (progress) progress("writing", 0.97);
        r.written.push_back(folder.path(ProjectFolder::kQuantizeReport));
        writeFileAtomically(folder.path(ProjectFolder::kQuantizeReport), quantizeReportJson(r));
        keepDerivedFiles(dir);
    }
    if (progress) progress("done", 1.0);
    return r;
}

}  // namespace studio
