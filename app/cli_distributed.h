#pragma once

// `train` and `resume` as one process of a data-parallel run (core/distributed): the
// options, joining the group, and what a rank other than 0 does instead of writing the
// project (it trains into a private folder of its own, removed when it ends).

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace studio {

class ProcessGroup;

struct DistributedOptions {
    bool on = false;          // --distributed
    int timeoutSeconds = 300; // --dist-timeout: joining, and each collective
    bool verbose = false;     // --verbose: ranks above 0 print their progress too
};

// Adds --distributed, --dist-timeout and --verbose to `command`.
void addDistributedOptions(CLI::App& command, DistributedOptions& options);

class DistributedSession {
public:
    // Joins the group the launcher's variables describe (distributed/launch_env.h) when
    // options.on or when WORLD_SIZE > 1 is set, and makes it the training group. nullptr
    // when the process trains alone. Throws UsageError for --distributed without a
    // launcher's variables, Error when the group cannot form.
    static std::unique_ptr<DistributedSession> join(const DistributedOptions& options);
    ~DistributedSession();  // leaves the group; removes the private folder

    int rank() const;
    int size() const;
    bool leader() const { return rank() == 0; }
    // Ranks above 0 print nothing but errors, unless --verbose.
    bool quiet() const { return !leader() && !verbose_; }

    // Where this rank trains: `out` on rank 0, a private empty folder on the others.
    std::string trainFolder(const std::string& out);
    // Where this rank resumes: `dir` on rank 0; on the others a private copy of the
    // project's top-level files (the current run's), so that each reads the same checkpoint.
    std::string resumeFolder(const std::string& dir);

    // Rank 0: one line on the run's processes and batch.
    void announce(std::FILE* out, int batchPerProcess) const;
    // Rank 0: distributed.json in the current run's folder of `dir`: processes, launcher,
    // backend, batch per process and the global batch.
    void record(const std::string& dir, int batchPerProcess) const;

private:
    DistributedSession(std::shared_ptr<ProcessGroup> group, bool verbose);
    std::shared_ptr<ProcessGroup> group_;
    bool verbose_ = false;
    std::string private_;
};

} // namespace studio
