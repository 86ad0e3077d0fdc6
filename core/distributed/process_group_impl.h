#pragma once

// Internal to core: the tensor side of ProcessGroup. Include only from core's .cpp files.

#include "distributed/process_group.h"

#include <torch/torch.h>

#include <vector>

namespace studio {

// Sums each tensor (contiguous, on the CPU) element-wise over the ranks, in place: one
// collective per tensor, all started before the first is waited for. Throws Error as
// ProcessGroup's collectives do.
void allreduceSum(ProcessGroup& group, std::vector<torch::Tensor>& tensors);

} // namespace studio
