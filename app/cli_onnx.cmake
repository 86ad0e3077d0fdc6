# `lstm-studio-cli export-onnx`, present when core was built with ONNX export
# (core/runtime/onnx.cmake sets STUDIO_WITH_ONNX).
if(STUDIO_WITH_ONNX)
  target_sources(lstm-studio-cli PRIVATE cli_onnx.cpp)
endif()
