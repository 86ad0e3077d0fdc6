#pragma once

// Whether this CPU runs oneDNN's int8 LSTM the way the tests' int8 oracles simulate it
// (u8·s8 products summed in 32 bits, as the VNNI kernels and the AVX-512 batch-1 loops do).
// On CPUs without VNNI (an AVX2-only AMD EPYC was seen) oneDNN 2.6 takes its reference
// int8 kernels, whose answers differ from the simulation by up to ~6% of an output and
// from the fp32 model by more than the one-u8-step bounds derived for the VNNI arithmetic;
// the tests then check int8 against fp32 with the looser figures they name instead.

namespace studio::test {

inline bool int8MatchesTheOracle() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512vnni") || __builtin_cpu_supports("avxvnni");
#else
    return false;
#endif
}

}  // namespace studio::test
