# The inference engine, int8 quantization and benchmark (core/runtime, app/cli_onednn.cpp).
studio_add_test(inference_engine)
studio_add_test(quantize_bench)
add_dependencies(test_quantize_bench lstm-studio-cli)
# Training on oneDNN's LSTM primitives against LibTorch's LSTM autograd (needs Torch's
# headers, which core keeps private) and PyTorch; skips itself in builds without oneDNN.
studio_add_test(onednn_training)
target_include_directories(test_onednn_training SYSTEM PRIVATE ${TORCH_INCLUDE_DIRS})
target_link_libraries(test_onednn_training PRIVATE ${TORCH_LIBRARIES})
