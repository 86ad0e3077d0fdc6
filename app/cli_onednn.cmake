# `lstm-studio-cli quantize` and `bench` (core/runtime/onednn.cmake builds what they run;
# without oneDNN they still build and bench measures LibTorch alone).
target_sources(lstm-studio-cli PRIVATE cli_onednn.cpp)
