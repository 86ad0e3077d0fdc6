# The inference engine and int8 quantization (core/runtime). The LibTorch backend, the
# engine's network description and the quantized-model format build everywhere; the oneDNN backend only where oneDNN (Debian: libdnnl-dev)
# is found, announced by STUDIO_WITH_ONEDNN.
target_sources(studio_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/inference_engine.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inference_engine_head.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inference_engine_libtorch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inference_network.cpp
  ${CMAKE_CURRENT_LIST_DIR}/quantized_model.cpp
)

option(STUDIO_ONEDNN "Build the oneDNN inference backends when oneDNN is found" ON)

# Debian's dnnl-config.cmake runs find_package(OpenCL REQUIRED) for its GPU runtime, which
# stops the configure (QUIET or not) where OpenCL's headers are not installed, although the
# CPU primitives need none. So the package is asked for only when OpenCL can be found, and
# otherwise the library and its header are found directly.
if(STUDIO_ONEDNN)
  find_package(OpenCL QUIET)
  if(OpenCL_FOUND)
    find_package(dnnl CONFIG QUIET)
  endif()
endif()
if(STUDIO_ONEDNN AND NOT TARGET DNNL::dnnl)
  find_path(STUDIO_DNNL_INCLUDE oneapi/dnnl/dnnl.hpp)
  find_library(STUDIO_DNNL_LIBRARY dnnl)
  if(STUDIO_DNNL_INCLUDE AND STUDIO_DNNL_LIBRARY)
    add_library(DNNL::dnnl UNKNOWN IMPORTED)
    set_target_properties(DNNL::dnnl PROPERTIES IMPORTED_LOCATION "${STUDIO_DNNL_LIBRARY}")
    # /usr/include as an -isystem directory reorders the compiler's own search path and
    # breaks libstdc++'s #include_next <stdlib.h>; the default directories need no flag.
    if(NOT STUDIO_DNNL_INCLUDE IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
      set_target_properties(DNNL::dnnl PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${STUDIO_DNNL_INCLUDE}")
    endif()
  endif()
endif()
if(TARGET DNNL::dnnl)
  message(STATUS "oneDNN: onednn-fp32 and onednn-int8 inference backends")
  target_sources(studio_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/onednn_lstm_stack.cpp
    ${CMAKE_CURRENT_LIST_DIR}/onednn_lstm_stack_plan.cpp
    ${CMAKE_CURRENT_LIST_DIR}/onednn_lstm_loops.cpp
    ${CMAKE_CURRENT_LIST_DIR}/onednn_lstm_loops_u8.cpp
    ${CMAKE_CURRENT_LIST_DIR}/onednn_engine.cpp
  )
  target_link_libraries(studio_core PRIVATE DNNL::dnnl)
  target_compile_definitions(studio_core PUBLIC STUDIO_WITH_ONEDNN)
  # With more than one thread, a batch runs as parts on OpenMP threads (the runtime
  # LibTorch and Debian's oneDNN share), each part single-threaded. The stack's two files
  # share its state (onednn_lstm_stack_impl.h), so both take the same flags; they need no
  # LibTorch, so they skip the precompiled header rather than rebuild it with -fopenmp.
  find_package(OpenMP COMPONENTS CXX)
  if(OpenMP_CXX_FOUND)
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/onednn_lstm_stack.cpp
      ${CMAKE_CURRENT_LIST_DIR}/onednn_lstm_stack_plan.cpp PROPERTIES
      COMPILE_OPTIONS "${OpenMP_CXX_FLAGS}" SKIP_PRECOMPILE_HEADERS ON)
    target_link_libraries(studio_core PRIVATE ${OpenMP_CXX_LIBRARIES})
  endif()
else()
  message(STATUS "oneDNN off or not found: inference runs on LibTorch only")
endif()
