#pragma once

// Internal to core: the trainer's checkpoint file (checkpoint.pt), what `resume` continues
// from. A LibTorch archive of the network ("current"), the optimizer's state, the best
// weights so far, the counters, both random generators and the epoch history. Include only
// from core's .cpp files.
//
// The reader trusts nothing in the file: every tensor is checked against the network and
// the optimizer it is loaded into (names, shapes, types, counts) before it is used, so a
// damaged or foreign checkpoint is a DataError naming the part, never a crash or a
// half-loaded state. fuzz/fuzz_checkpoint.cpp fuzzes it.

#include "training/train_config.h"

#include <torch/torch.h>

#include <random>
#include <string>
#include <vector>

namespace studio {

struct CheckpointState {
    int epoch = 0;  // epochs finished
    int bestEpoch = 0;
    double bestValLoss = 0.0;
    double bestScore = 0.0;
    int epochsWithoutImprovement = 0;
    std::vector<torch::Tensor> best;  // parameters, then buffers, in the module's order
    std::mt19937_64 shuffle;          // the batch order's generator
    torch::Tensor torchRng;           // LibTorch's CPU generator (dropout masks)
    std::vector<EpochStats> history;
    // The processes that trained together (data parallel; each took its share of every
    // batch). A resume must have as many.
    int processes = 1;
};

// Writes `module` (its current weights), `optimizer` and `state` to `path`, replacing the
// file in one rename. Throws Error naming the cause (a full disk, a size limit).
void writeCheckpoint(const std::string& path, torch::nn::Module& module, torch::optim::Optimizer& optimizer,
                     const CheckpointState& state);

// Reads `path`: its network weights into `module`, the optimizer's state into `optimizer`,
// the rest returned. Throws DataError for a file that is not such a checkpoint of this
// network (`module` and `optimizer` may then hold part of it: start over with new ones).
CheckpointState readCheckpoint(const std::string& path, torch::nn::Module& module, torch::optim::Optimizer& optimizer);

}  // namespace studio
