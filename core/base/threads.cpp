#include "base/threads.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <malloc.h>
#include <thread>

#include <ATen/Parallel.h>

namespace studio {

bool tuneAllocator() {
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    const char* choice = std::getenv("STUDIO_MALLOC");
    if ((choice && std::strcmp(choice, "default") == 0) || std::getenv("MALLOC_MMAP_THRESHOLD_") ||
        std::getenv("MALLOC_TRIM_THRESHOLD_"))
        return false;
    return mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 && mallopt(M_TRIM_THRESHOLD, 128 << 20) == 1;
#else
    return false;
#endif
}

ThreadSettings applyThreads(int requested) {
    // Process-wide: once, however many jobs the process runs.
    static const bool tuned = tuneAllocator();
    (void)tuned;
    ThreadSettings s;
    s.cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    s.torchThreads = requested > 0 ? requested : std::max(1, s.cores / 2);
    at::set_num_threads(s.torchThreads);
    // LibTorch links the system BLAS by its generic name; whichever library provides it,
    // OpenBLAS's thread control is looked up at run time rather than linked, so a build
    // against another BLAS still starts.
    using SetThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
        set(1);
        s.blasControlled = true;
    }
    s.blasThreads = 1;
    return s;
}

} // namespace studio
