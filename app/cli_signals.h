#pragma once

// Ctrl+C and SIGTERM for the CLI: the first asks the running job to stop (the `cancel`
// flag every job polls, so a training keeps its best model); a second one ends the process
// at once (exit 130).
//
// The signals are blocked in every thread the process starts after this call (threads
// inherit the mask) and taken by one thread of their own with sigwait(), so a signal never
// interrupts a computing thread. A handler that ran on the training thread itself, on its
// stack, corrupted the heap during oneDNN training: 10 of 24 SIGINTs aborted with
// "corrupted size vs. prev_size", 0 of 24 with the same handler on an alternate stack, so
// the signal frame pushed onto the interrupted stack damaged state oneDNN's kernels kept
// there; LibTorch's engine never crashed.

#include <atomic>

namespace studio {

// SIGXFSZ is ignored, so that a write past the file size limit fails with a message.
// Call first thing in main(), before anything starts a thread.
void handleCancelSignals(std::atomic<bool>& cancel);

}  // namespace studio
