# The desktop application; included from app/CMakeLists.txt when STUDIO_GUI is ON.
add_executable(lstm-studio gui_main.cpp)
target_link_libraries(lstm-studio PRIVATE studio_ui)
install(TARGETS lstm-studio RUNTIME DESTINATION bin)
