# ONNX export (core/runtime/onnx_*.cpp, each task's graph, jobs/onnx_export.cpp), built only where Debian's libonnx-dev and
# libprotobuf-dev are installed. A machine with only a CUDA LibTorch builds core without it.
# Included by core/CMakeLists.txt; sets STUDIO_WITH_ONNX for app/ and tests/.

# Imported targets created here are visible only in this folder unless promoted below;
# ones found earlier (LibTorch's config finds protobuf at the top level) already are.
set(_studio_new_targets)
foreach(_target protobuf::libprotobuf onnx onnx_proto)
  if(NOT TARGET ${_target})
    list(APPEND _studio_new_targets ${_target})
  endif()
endforeach()

# ONNX's package links protobuf::libprotobuf, which only find_package(Protobuf) defines.
find_package(Protobuf QUIET)
if(Protobuf_FOUND)
  find_package(ONNX QUIET)
endif()

if(NOT Protobuf_FOUND OR NOT ONNX_FOUND OR NOT TARGET onnx)
  message(STATUS "ONNX export: off (needs libonnx-dev and libprotobuf-dev)")
  set(STUDIO_WITH_ONNX OFF PARENT_SCOPE)
  return()
endif()
message(STATUS "ONNX export: on (ONNX ${ONNX_VERSION}, protobuf ${Protobuf_VERSION})")

# studio_core is static, so its consumers link these too, from other directories.
foreach(_target IN LISTS _studio_new_targets)
  if(TARGET ${_target})
    set_target_properties(${_target} PROPERTIES IMPORTED_GLOBAL TRUE)
  endif()
endforeach()

set(STUDIO_ONNX_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/onnx_graph_builder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/onnx_lstm_graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../jobs/onnx_export.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../tasks/forecast/onnx_forecast_graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../tasks/forecast/onnx_indicator_graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../tasks/text/onnx_text_graph.cpp)
target_sources(studio_core PRIVATE ${STUDIO_ONNX_SOURCES})
# These files never include LibTorch (they read weights through Model::parameters()), so
# they skip the torch precompiled header. ONNX's defines (ONNX_ML=1, ONNX_NAMESPACE=onnx:
# Debian ships only onnx-ml.pb.h) go to them alone, so finding ONNX changes neither the
# other core files nor the header. The include path goes on the target, where CMake drops
# implicit folders (a -isystem /usr/include breaks the C++ headers' #include_next).
set_source_files_properties(${STUDIO_ONNX_SOURCES} PROPERTIES
  SKIP_PRECOMPILE_HEADERS ON
  COMPILE_DEFINITIONS "$<TARGET_PROPERTY:onnx,INTERFACE_COMPILE_DEFINITIONS>")
target_include_directories(studio_core SYSTEM PRIVATE
  $<TARGET_PROPERTY:onnx,INTERFACE_INCLUDE_DIRECTORIES> ${Protobuf_INCLUDE_DIRS})
target_link_libraries(studio_core PRIVATE $<LINK_ONLY:onnx> $<LINK_ONLY:onnx_proto>
  $<LINK_ONLY:protobuf::libprotobuf>)
target_compile_definitions(studio_core PUBLIC STUDIO_WITH_ONNX)
# The versions found, for the About box (jobs/component_versions.cpp).
set_property(SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/jobs/component_versions.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  STUDIO_ONNX_VERSION="${ONNX_VERSION}" STUDIO_PROTOBUF_VERSION="${Protobuf_VERSION}")
set(STUDIO_WITH_ONNX ON PARENT_SCOPE)
