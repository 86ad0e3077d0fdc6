#include "cli_signals.h"

#include <csignal>
#include <pthread.h>
#include <thread>
#include <unistd.h>

namespace studio {
namespace {

std::atomic<bool>* g_flag = nullptr;
std::atomic<int> g_received{0};

// Async-signal-safe: atomics, write() and _exit() only.
void onCancelSignal() {
    if (g_received.fetch_add(1) == 0) {
        g_flag->store(true);
        constexpr char note[] = "stopping (press Ctrl+C again to quit at once)\n";
        const ssize_t written = ::write(STDERR_FILENO, note, sizeof note - 1);
        (void)written;
    } else {
        _exit(130);
    }
}

// For threads that existed before the mask was set (a BLAS pool started while the program
// was loaded): they never run oneDNN.
extern "C" void onSignal(int) { onCancelSignal(); }

}  // namespace

void handleCancelSignals(std::atomic<bool>& cancel) {
    g_flag = &cancel;
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    // A file grown past the size limit (ulimit -f) fails its write with EFBIG, which the
    // writers report ("File too large"), instead of killing the process mid-save.
    std::signal(SIGXFSZ, SIG_IGN);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set] {
        for (;;) {
            int signal = 0;
            if (sigwait(&set, &signal) == 0) onCancelSignal();
        }
    }).detach();
}

}  // namespace studio
