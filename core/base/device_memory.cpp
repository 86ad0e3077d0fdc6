#include "base/device_memory.h"

#include <torch/torch.h>

#ifdef STUDIO_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace studio {
namespace {

#ifdef STUDIO_WITH_CUDA
// -1 unless `device` names a CUDA device LibTorch can see.
int cudaIndex(const std::string& device) {
    if (device.rfind("cuda", 0) != 0 || !torch::cuda::is_available()) return -1;
    return device.size() > 5 && device[4] == ':' ? std::atoi(device.c_str() + 5) : 0;
}
#endif

} // namespace

DeviceMemory deviceMemory(const std::string& device) {
    DeviceMemory m;
#ifdef STUDIO_WITH_CUDA
    const int index = cudaIndex(device);
    if (index < 0) return m;
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(static_cast<c10::DeviceIndex>(index));
    // Entry 0 of every StatArray is the aggregate over the small and large pools.
    m.available = true;
    m.allocatedBytes = stats.allocated_bytes[0].current;
    m.peakAllocatedBytes = stats.allocated_bytes[0].peak;
#else
    (void)device;
#endif
    return m;
}

void resetDeviceMemoryPeak(const std::string& device) {
#ifdef STUDIO_WITH_CUDA
    const int index = cudaIndex(device);
    if (index >= 0) c10::cuda::CUDACachingAllocator::resetPeakStats(static_cast<c10::DeviceIndex>(index));
#else
    (void)device;
#endif
}

} // namespace studio
