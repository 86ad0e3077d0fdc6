#pragma once

#include <string>
#include <utility>
#include <vector>

namespace studio {

// Name and version of everything this build runs on, for the About box: libraryVersions()
// (lstm-studio, libtorch, blas, compiler, cuda) followed by the optional parts built in
// (onednn, onnx, protobuf) and sqlite. Parts a build leaves out are not listed. Any thread.
std::vector<std::pair<std::string, std::string>> componentVersions();

}  // namespace studio
