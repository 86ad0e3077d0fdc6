#pragma once

// The processes of one data-parallel training run, joined over PyTorch's c10d: a TCPStore
// served by rank 0 for the rendezvous and a Gloo process group for the collectives (CPU
// tensors, over TCP). Torch-free; core's .cpp files reach the tensors through
// distributed/process_group_impl.h.
//
// Every rank calls the same collectives in the same order; each call blocks until all
// ranks have made it or the group's timeout passes. A collective that fails (a rank died,
// hung past the timeout or left) throws Error naming the ranks that stopped answering.
// One thread at a time per group.

#include "distributed/launch_env.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace studio {

class ProcessGroup {
public:
    // Joins the run `env` describes: rank 0 serves the store on env.masterPort, every rank
    // connects to env.masterAddr:env.masterPort, and all wait up to `timeout` for each
    // other (and later, for each collective). GLOO_SOCKET_IFNAME names the network
    // interface when the host name does not resolve to the one to use. Throws UsageError
    // in a build without Gloo, Error when the group cannot form in time.
    static std::shared_ptr<ProcessGroup> join(const LaunchEnv& env, std::chrono::milliseconds timeout);
    ~ProcessGroup();
    ProcessGroup(const ProcessGroup&) = delete;
    ProcessGroup& operator=(const ProcessGroup&) = delete;

    int rank() const;
    int size() const;
    const LaunchEnv& env() const;
    std::string backend() const;  // "gloo"

    // Sums `values` element-wise over the ranks, in place; every rank passes as many.
    void allreduceSum(std::vector<double>& values);
    // Returns when every rank has called it.
    void barrier();

    struct Impl;
    Impl& impl() { return *impl_; }

private:
    explicit ProcessGroup(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The group the training of this process belongs to (nullptr: it trains alone). The CLI
// sets it for `train` and `resume` before they start; the Trainer then shards each batch
// over the ranks and reduces its gradients and validation across them. Like
// torch.distributed's default group, one per process.
ProcessGroup* trainingGroup();
void setTrainingGroup(std::shared_ptr<ProcessGroup> group);

} // namespace studio
