# ONNX export against ONNX Runtime (npm onnxruntime-node, installed by scripts/setup.sh
# outside the tree); built when core has ONNX export (core/runtime/onnx.cmake).
if(STUDIO_WITH_ONNX)
  set(STUDIO_NODE_MODULES /usr/local/lib/lstm-studio/node_modules)
  find_program(STUDIO_NODE_PROGRAM node)
  if(NOT STUDIO_NODE_PROGRAM)
    set(STUDIO_NODE_PROGRAM node)  # the test then fails and says what is missing
  endif()
  # model_card: the model card and example.py export-onnx writes beside the model.
  foreach(_name onnx_export onnx_text_export model_card)
    studio_add_test(${_name})
    add_dependencies(test_${_name} lstm-studio-cli)
    # The tests read the written files back with ONNX's protobuf types.
    target_link_libraries(test_${_name} PRIVATE onnx_proto)
    target_compile_definitions(test_${_name} PRIVATE
      STUDIO_NODE="${STUDIO_NODE_PROGRAM}" STUDIO_NODE_MODULES="${STUDIO_NODE_MODULES}")
    set_tests_properties(${_name} PROPERTIES
      ENVIRONMENT "OPENBLAS_NUM_THREADS=1;OMP_NUM_THREADS=1;NODE_PATH=${STUDIO_NODE_MODULES}"
      TIMEOUT 900)
  endforeach()
endif()
