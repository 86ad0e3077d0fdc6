#include "cli_distributed.h"

#include "base/error.h"
#include "base/file_io.h"
#include "distributed/process_group.h"
#include "jobs/runs.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <filesystem>
#include <system_error>

namespace studio {
namespace fs = std::filesystem;

void addDistributedOptions(CLI::App& command, DistributedOptions& options) {
    command.add_flag("--distributed", options.on,
                     "train as one process of a data-parallel run started by torchrun, srun or mpirun (on by itself "
                     "when WORLD_SIZE > 1); --batch-size is each process's share");
    command.add_option("--dist-timeout", options.timeoutSeconds,
                       "seconds to wait for the other processes, at the start and in each step")
        ->capture_default_str()
        ->check(CLI::Range(1, 86400));
    command.add_flag("--verbose", options.verbose, "distributed: every process prints its progress, not only rank 0");
}

std::unique_ptr<DistributedSession> DistributedSession::join(const DistributedOptions& options) {
    // torchrun's WORLD_SIZE above 1 asks for it; Slurm's and Open MPI's variables also
    // describe jobs whose tasks each train alone, so those need --distributed.
    const char* worldSize = std::getenv("WORLD_SIZE");
    const bool automatic = worldSize && std::strtol(worldSize, nullptr, 10) > 1;
    if (!options.on && !automatic) return nullptr;
    const std::optional<LaunchEnv> env = readLaunchEnv();
    if (!env)
        throw UsageError(std::string(options.on ? "--distributed" : "WORLD_SIZE=" + std::string(worldSize)) +
                         " asks for a data-parallel run, which needs the variables a launcher sets: RANK and "
                         "WORLD_SIZE (torchrun), "
                         "SLURM_PROCID and SLURM_NTASKS (srun) or OMPI_COMM_WORLD_RANK and OMPI_COMM_WORLD_SIZE "
                         "(mpirun), with MASTER_ADDR and MASTER_PORT");
    auto group = ProcessGroup::join(*env, std::chrono::seconds(options.timeoutSeconds));
    setTrainingGroup(group);
    return std::unique_ptr<DistributedSession>(new DistributedSession(std::move(group), options.verbose));
}

DistributedSession::DistributedSession(std::shared_ptr<ProcessGroup> group, bool verbose)
    : group_(std::move(group)), verbose_(verbose) {}

DistributedSession::~DistributedSession() {
    setTrainingGroup(nullptr);
    if (!private_.empty()) {
        std::error_code ec;
        fs::remove_all(private_, ec);
    }
}

int DistributedSession::rank() const { return group_->rank(); }
int DistributedSession::size() const { return group_->size(); }

namespace {

std::string makePrivateFolder(int rank) {
    std::string pattern = (fs::temp_directory_path() / ("lstm-studio-rank" + std::to_string(rank) + "-XXXXXX")).string();
    if (!mkdtemp(pattern.data())) throw Error("rank " + std::to_string(rank) + ": cannot make a private folder in " +
                                              fs::temp_directory_path().string());
    return pattern;
}

} // namespace

std::string DistributedSession::trainFolder(const std::string& out) {
    if (leader()) return out;
    if (private_.empty()) private_ = makePrivateFolder(rank());
    return (fs::path(private_) / "project").string();
}

std::string DistributedSession::resumeFolder(const std::string& dir) {
    if (leader()) return dir;
    if (private_.empty()) private_ = makePrivateFolder(rank());
    const fs::path copy = fs::path(private_) / "project";
    fs::create_directories(copy);
    // The top-level files are the current run's; the ledger, the other runs and the lock
    // stay behind.
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (!e.is_regular_file() || name.empty() || name[0] == '.' || name.rfind("runs.sqlite", 0) == 0) continue;
        fs::copy_file(e.path(), copy / name, fs::copy_options::overwrite_existing);
    }
    return copy.string();
}

void DistributedSession::announce(std::FILE* out, int batchPerProcess) const {
    if (!leader()) return;
    const LaunchEnv& env = group_->env();
    std::fprintf(out, "distributed: %d process%s (%s, %s, store at %s:%d); global batch %d = %d x %d per process\n",
                 size(), size() == 1 ? "" : "es", env.launcher.c_str(), group_->backend().c_str(), env.masterAddr.c_str(), env.masterPort,
                 batchPerProcess * size(), size(), batchPerProcess);
}

void DistributedSession::record(const std::string& dir, int batchPerProcess) const {
    if (!leader()) return;
    const LaunchEnv& env = group_->env();
    const nlohmann::json j = {{"processes", size()},
                              {"launcher", env.launcher},
                              {"backend", group_->backend()},
                              {"batch_per_process", batchPerProcess},
                              {"global_batch", batchPerProcess * size()}};
    std::string why;
    if (!keepRunArtifact(dir, "distributed.json",
                         [&](const std::string& path) { writeFileAtomically(path, j.dump(2) + "\n"); }, &why) &&
        !why.empty())
        std::fprintf(stderr, "warning: distributed.json was not kept in the run's folder: %s\n", why.c_str());
}

} // namespace studio
