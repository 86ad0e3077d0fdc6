#pragma once

// Where this process stands in a data-parallel run, as a launcher describes it in the
// environment. Torch-free; read once at start by the CLI.
//
//   torchrun (and torch.distributed.launch): RANK, WORLD_SIZE, LOCAL_RANK
//   Slurm's srun:                            SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID
//   Open MPI's mpirun:                       OMPI_COMM_WORLD_RANK, OMPI_COMM_WORLD_SIZE,
//                                            OMPI_COMM_WORLD_LOCAL_RANK
// and, for all three, MASTER_ADDR and MASTER_PORT: the host and TCP port where rank 0
// serves the group's rendezvous store. The first launcher whose rank and size are both set
// wins, in the order above.

#include <functional>
#include <optional>
#include <string>

namespace studio {

struct LaunchEnv {
    std::string launcher;  // "torchrun", "slurm", "mpirun"
    int rank = 0;          // 0 .. size-1; rank 0 hosts the store and writes the project
    int size = 1;          // processes in the run
    int localRank = 0;     // the process's index on its machine
    std::string masterAddr;
    int masterPort = 0;
};

// Reads the variables through `get` (nullptr for an unset one; std::getenv by default).
// nullopt when no launcher's rank and size are set. Throws UsageError naming the variable
// for a value that is not a whole number in range, a rank outside the size, or a run of
// more than one process without MASTER_ADDR and MASTER_PORT.
std::optional<LaunchEnv> readLaunchEnv(const std::function<const char*(const char*)>& get = {});

} // namespace studio
