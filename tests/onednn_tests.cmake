# The inference engine, int8 quantization and benchmark (core/deploy, app/cli_onednn.cpp).
studio_add_test(inference_engine)
studio_add_test(quantize_bench)
add_dependencies(test_quantize_bench lstm-studio-cli)
