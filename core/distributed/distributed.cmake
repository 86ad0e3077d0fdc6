# Data-parallel training over PyTorch's c10d (core/distributed). The launcher's variables
# are read everywhere; the process group needs Gloo's headers (Debian: libgloo-dev), whose
# library Debian's LibTorch is built against. Only process_group.cpp sees STUDIO_WITH_GLOO.
target_sources(studio_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/launch_env.cpp
  ${CMAKE_CURRENT_LIST_DIR}/process_group.cpp
)
find_path(STUDIO_GLOO_INCLUDE gloo/context.h)
find_library(STUDIO_GLOO_LIBRARY gloo)
if(STUDIO_GLOO_INCLUDE AND STUDIO_GLOO_LIBRARY)
  set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/process_group.cpp PROPERTIES
    COMPILE_DEFINITIONS STUDIO_WITH_GLOO)
  target_link_libraries(studio_core PRIVATE ${STUDIO_GLOO_LIBRARY})
  message(STATUS "Distributed training: Gloo (${STUDIO_GLOO_LIBRARY})")
else()
  message(STATUS "Distributed training: off (no Gloo headers; Debian: libgloo-dev)")
endif()
