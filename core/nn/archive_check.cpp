#include "nn/archive_check.h"

#include "base/error.h"

#include <algorithm>

namespace studio {

std::string shapeText(c10::IntArrayRef sizes) {
    std::string out = "[";
    for (std::size_t i = 0; i < sizes.size(); ++i) out += (i ? ", " : "") + std::to_string(sizes[i]);
    return out + "]";
}

void checkArchiveFits(torch::nn::Module& module, torch::serialize::InputArchive& archive, const std::string& prefix,
                      const std::string& path) {
    const auto params = module.named_parameters(/*recurse=*/false);
    const auto buffers = module.named_buffers(/*recurse=*/false);
    const auto children = module.named_children();
    const std::string another = "; these weights come from another model (other layers, sizes or head), not the "
                                "one project.json describes";
    const std::vector<std::string> keys = archive.keys();
    for (const std::string& key : keys) {
        const torch::Tensor* mine = params.find(key);
        if (!mine) mine = buffers.find(key);
        if (mine) {
            torch::Tensor stored;
            if (archive.try_read(key, stored, buffers.find(key) != nullptr) && stored.sizes() != mine->sizes())
                throw DataError(path + ": '" + prefix + key + "' has shape " + shapeText(stored.sizes()) +
                                ", the project's network needs " + shapeText(mine->sizes()) + another);
        } else if (children.contains(key)) {
            torch::serialize::InputArchive child;
            if (archive.try_read(key, child)) checkArchiveFits(*children[key], child, prefix + key + ".", path);
        } else {
            throw DataError(path + ": holds '" + prefix + key + "', which the project's network does not have" + another);
        }
    }
    for (const auto& p : params)
        if (std::find(keys.begin(), keys.end(), p.key()) == keys.end())
            throw DataError(path + ": lacks '" + prefix + p.key() + "' of the project's network" + another);
}

}  // namespace studio
