#include "jobs/jobs.h"

#include "deploy/inference_engine.h"
#include "error.h"
#include "project/project_folder.h"
#include "tasks/registry.h"
#include "util/file_io.h"
#include "util/threads.h"

namespace studio {

TaskResult resumeProject(const std::string& dir, int epochs, TrainObserver* observer,
                         const std::atomic<bool>* cancel) {
    return taskForProject(dir).resume(dir, epochs, observer, cancel);
}

TaskResult evaluateProject(const std::string& dir) { return taskForProject(dir).evaluate(dir); }

std::size_t predictProject(const std::string& dir, const std::string& dataPath, const std::string& outCsv,
                           std::vector<std::string>& warnings) {
    return taskForProject(dir).predict(dir, dataPath, outCsv, warnings);
}

QuantizeReport quantizeProject(const std::string& dir, const QuantizeConfig& config, const QuantizeProgress& progress,
                               const std::atomic<bool>* cancel) {
    if (!backendAvailable(Backend::OnednnInt8))
        throw UsageError("quantize runs the int8 model on oneDNN, and this build has none (install libdnnl-dev)");
    const Task& task = taskForProject(dir);
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
    }
    if (progress) progress("done", 1.0);
    return r;
}

}  // namespace studio
