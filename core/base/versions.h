#pragma once

#include <string>
#include <utility>
#include <vector>

namespace studio {

// Name and version of the program and the libraries it runs on, for project files,
// benchmark reports and the About box: lstm-studio, libtorch, blas, compiler.
std::vector<std::pair<std::string, std::string>> libraryVersions();

// "cuda" when LibTorch sees a GPU, else "cpu".
std::string defaultDevice();
bool cudaAvailable();

// The processor's model name from /proc/cpuinfo ("unknown" where there is none).
std::string cpuModel();

} // namespace studio
