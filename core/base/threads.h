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

} // namespace studio
