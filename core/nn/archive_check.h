#pragma once

// Internal to core: a LibTorch archive checked against the module it is about to be loaded
// into. Include only from core's .cpp files.

#include <torch/torch.h>

#include <string>

namespace studio {

// "[4, 8]"
std::string shapeText(c10::IntArrayRef sizes);

// Checks the ZIP container of a LibTorch archive file before LibTorch reads it: every
// entry stored uncompressed within the file, and its bytes matching the CRC-32 the
// central directory records. LibTorch's reader trusts those records (a damaged checkpoint
// crashed it in a fuzz run), so a damaged file must never reach it. Throws DataError
// starting with `what` ("cannot read model weights from PATH").
void checkArchiveIntegrity(const std::string& path, const std::string& what);

// Every tensor of the archive must be one of the module's, in its shape, and the other way
// round: LibTorch's load ignores tensors the module lacks (a file with another layer count
// loads "fine") and fails late, in a matrix product, on another width. Throws DataError
// naming the tensor (`prefix` before its name) and `path`.
void checkArchiveFits(torch::nn::Module& module, torch::serialize::InputArchive& archive, const std::string& prefix,
                      const std::string& path);

}  // namespace studio
