#pragma once

namespace studio {

// The thread counts in effect for LibTorch (OpenMP intra-op) and the BLAS under it.
struct ThreadSettings {
    int torchThreads = 1;
    int blasThreads = 1;
    bool blasControlled = false;  // false when the BLAS offers no way to set its threads
    int cores = 1;
};

// Applies a thread count: `requested` LibTorch threads (0 = half the cores, at least 1)
// and one BLAS thread, so the two never multiply past the cores (on a 2-core machine two
// of each made a training step ~9x slower). Call from the thread that trains, before it
// trains; affects the whole process.
ThreadSettings applyThreads(int requested);

// Keeps freed memory in the process for reuse (glibc: blocks up to 32 MiB come from the
// heap, and up to 128 MiB of free heap stays mapped) instead of returning it and faulting
// it back in. A training step frees and allocates the same activation and workspace
// buffers every batch; on a virtual machine the page faults of doing so through mmap cost
// more than a third of a W step (26 vs 16 ms, bench/RESULTS.md). applyThreads calls it once;
// STUDIO_MALLOC=default, or glibc's own MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_,
// leave the allocator as it is. Returns whether it changed anything.
bool tuneAllocator();

} // namespace studio
