#include "distributed/launch_env.h"

#include "base/error.h"

#include <cstdlib>
#include <limits>

namespace studio {
namespace {

struct LauncherVars {
    const char* name;
    const char* rank;
    const char* size;
    const char* localRank;
};

constexpr LauncherVars kLaunchers[] = {
    {"torchrun", "RANK", "WORLD_SIZE", "LOCAL_RANK"},
    {"slurm", "SLURM_PROCID", "SLURM_NTASKS", "SLURM_LOCALID"},
    {"mpirun", "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_LOCAL_RANK"},
};

int wholeNumber(const char* name, const char* text, long low, long high) {
    const std::string s = text;
    std::size_t used = 0;
    long v = 0;
    try {
        v = std::stol(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (s.empty() || used != s.size() || v < low || v > high)
        throw UsageError(std::string(name) + "=" + s + " is not a whole number from " + std::to_string(low) + " to " +
                         std::to_string(high));
    return static_cast<int>(v);
}

} // namespace

std::optional<LaunchEnv> readLaunchEnv(const std::function<const char*(const char*)>& getter) {
    const auto get = [&](const char* name) -> const char* { return getter ? getter(name) : std::getenv(name); };
    constexpr long kMany = std::numeric_limits<int>::max();
    for (const LauncherVars& l : kLaunchers) {
        const char* rank = get(l.rank);
        const char* size = get(l.size);
        if (!rank || !size) continue;
        LaunchEnv env;
        env.launcher = l.name;
        env.size = wholeNumber(l.size, size, 1, kMany);
        env.rank = wholeNumber(l.rank, rank, 0, kMany);
        if (env.rank >= env.size)
            throw UsageError(std::string(l.rank) + "=" + rank + " is not below " + l.size + "=" + size);
        if (const char* local = get(l.localRank)) env.localRank = wholeNumber(l.localRank, local, 0, kMany);
        const char* addr = get("MASTER_ADDR");
        const char* port = get("MASTER_PORT");
        if (addr) env.masterAddr = addr;
        if (port) env.masterPort = wholeNumber("MASTER_PORT", port, 1, 65535);
        if (env.size > 1 && (env.masterAddr.empty() || env.masterPort == 0))
            throw UsageError(std::string("a run of ") + size + " processes (" + l.size +
                             ") needs MASTER_ADDR and MASTER_PORT: the host and port where rank 0 serves the group");
        return env;
    }
    return std::nullopt;
}

} // namespace studio
