#pragma once

#include <cstdint>
#include <string>

namespace studio {

// Memory held by LibTorch's CUDA allocator on one device: what PyTorch reports as
// torch.cuda.memory_allocated() and max_memory_allocated(). `available` is false in a
// build without CUDA or for a CPU device.
struct DeviceMemory {
    bool available = false;
    std::int64_t allocatedBytes = 0;
    std::int64_t peakAllocatedBytes = 0;
};

// `device` as in TrainConfig ("cuda", "cuda:1"); anything else gives an empty answer.
DeviceMemory deviceMemory(const std::string& device);
void resetDeviceMemoryPeak(const std::string& device);

} // namespace studio
