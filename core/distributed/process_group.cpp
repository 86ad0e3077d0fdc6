#include "distributed/process_group_impl.h"

#include "base/error.h"

#include <cstdlib>
#include <mutex>
#include <sstream>
#include <thread>

#ifdef STUDIO_WITH_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace studio {

#ifdef STUDIO_WITH_GLOO

namespace {

std::string causeOf(const std::exception& e) {
    if (const auto* c = dynamic_cast<const c10::Error*>(&e)) return c->what_without_backtrace();
    return e.what();
}

bool isLoopback(const std::string& host) {
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

std::string rankList(const std::vector<int>& ranks) {
    std::ostringstream s;
    s << (ranks.size() == 1 ? "rank " : "ranks ");
    for (std::size_t i = 0; i < ranks.size(); ++i) s << (i ? ", " : "") << ranks[i];
    return s.str();
}

} // namespace

struct ProcessGroup::Impl {
    LaunchEnv env;
    std::chrono::milliseconds timeout{0};
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;

    // Which ranks stopped answering: every rank that sees a collective fail says so in the
    // store and waits a moment for the others to say it too; those that never do are dead
    // or hung. The store lives in rank 0, so an unreachable store means rank 0.
    std::vector<int> silentRanks() {
        std::vector<int> silent;
        try {
            store->setTimeout(std::chrono::seconds(2));
            store->set("failed/" + std::to_string(env.rank), std::vector<std::uint8_t>{1});
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
            do {
                silent.clear();
                for (int r = 0; r < env.size; ++r)
                    if (!store->check({"failed/" + std::to_string(r)})) silent.push_back(r);
                if (silent.empty()) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            } while (std::chrono::steady_clock::now() < deadline);
        } catch (const std::exception&) {
            silent.assign(1, 0);
        }
        return silent;
    }

    [[noreturn]] void fail(const std::string& what, const std::exception& e) {
        const std::string cause = causeOf(e);
        const std::vector<int> silent = silentRanks();
        std::ostringstream msg;
        msg << "rank " << env.rank << " of " << env.size << ": " << what << " failed";
        if (!silent.empty())
            msg << ": " << rankList(silent) << " stopped answering (ended, killed, or busy past the "
                << timeout.count() / 1000 << " s timeout, --dist-timeout)";
        msg << " [" << cause << "]";
        throw Error(msg.str());
    }

    template <class Start>
    void run(const std::string& what, Start start) {
        try {
            std::vector<c10::intrusive_ptr<c10d::Work>> works = start();
            for (auto& w : works) w->wait();
        } catch (const Error&) {
            throw;
        } catch (const std::exception& e) {
            fail(what, e);
        }
    }
};

std::shared_ptr<ProcessGroup> ProcessGroup::join(const LaunchEnv& env, std::chrono::milliseconds timeout) {
    auto impl = std::make_unique<Impl>();
    impl->env = env;
    impl->timeout = timeout;
    const std::string where = env.masterAddr + ":" + std::to_string(env.masterPort);
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(env.masterPort);
        options.isServer = env.rank == 0;
        options.numWorkers = static_cast<std::size_t>(env.size);
        options.waitWorkers = true;
        options.timeout = timeout;
        impl->store = c10::make_intrusive<c10d::TCPStore>(env.masterAddr, options);
    } catch (const std::exception& e) {
        throw Error("rank " + std::to_string(env.rank) + " of " + std::to_string(env.size) +
                    ": the group's store at " + where + " (MASTER_ADDR:MASTER_PORT) " +
                    (env.rank == 0 ? "could not start or not every rank reached it" : "could not be reached") +
                    " within " + std::to_string(timeout.count() / 1000) + " s: " + causeOf(e));
    }
    try {
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"))
            options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
        else if (isLoopback(env.masterAddr))
            options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
        else
            options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        // The trainer waits for each step's collectives before it goes on: one worker
        // thread serves them, and leaves the cores to the ranks' training.
        options->threads = 1;
        impl->gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(impl->store, env.rank, env.size, options);
    } catch (const std::exception& e) {
        throw Error("rank " + std::to_string(env.rank) + " of " + std::to_string(env.size) +
                    ": could not connect to the other ranks (Gloo, rendezvous at " + where + "): " + causeOf(e));
    }
    return std::shared_ptr<ProcessGroup>(new ProcessGroup(std::move(impl)));
}

std::string ProcessGroup::backend() const { return "gloo"; }

void ProcessGroup::allreduceSum(std::vector<double>& values) {
    std::vector<torch::Tensor> t{torch::from_blob(values.data(), {static_cast<std::int64_t>(values.size())},
                                                  torch::kFloat64)};
    studio::allreduceSum(*this, t);
}

void ProcessGroup::barrier() {
    impl_->run("a barrier", [&] { return std::vector<c10::intrusive_ptr<c10d::Work>>{impl_->gloo->barrier()}; });
}

void allreduceSum(ProcessGroup& group, std::vector<torch::Tensor>& tensors) {
    ProcessGroup::Impl& d = group.impl();
    d.run("a sum over the ranks", [&] {
        std::vector<c10::intrusive_ptr<c10d::Work>> works;
        for (torch::Tensor& t : tensors) {
            std::vector<at::Tensor> one{t};
            works.push_back(d.gloo->allreduce(one));
        }
        return works;
    });
}

#else  // no Gloo in this build

struct ProcessGroup::Impl {
    LaunchEnv env;
};

std::shared_ptr<ProcessGroup> ProcessGroup::join(const LaunchEnv&, std::chrono::milliseconds) {
    throw UsageError("this build has no distributed backend: it was built without Gloo's headers (Debian: "
                     "libgloo-dev)");
}

std::string ProcessGroup::backend() const { return "none"; }
void ProcessGroup::allreduceSum(std::vector<double>&) {}
void ProcessGroup::barrier() {}
void allreduceSum(ProcessGroup&, std::vector<torch::Tensor>&) {}

#endif

ProcessGroup::ProcessGroup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ProcessGroup::~ProcessGroup() = default;
int ProcessGroup::rank() const { return impl_->env.rank; }
int ProcessGroup::size() const { return impl_->env.size; }
const LaunchEnv& ProcessGroup::env() const { return impl_->env; }

namespace {
std::mutex groupMutex;
std::shared_ptr<ProcessGroup> group;
} // namespace

ProcessGroup* trainingGroup() {
    const std::lock_guard<std::mutex> lock(groupMutex);
    return group.get();
}

void setTrainingGroup(std::shared_ptr<ProcessGroup> g) {
    const std::lock_guard<std::mutex> lock(groupMutex);
    group = std::move(g);
}

} // namespace studio
