#include "base/threads.h"

#include <dlfcn.h>
#include <thread>

#include <ATen/Parallel.h>

namespace studio {

ThreadSettings applyThreads(int requested) {
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
