#include "nn/model_spec.h"

#include "base/error.h"

namespace studio {

ModelSpec ModelSpec::preset(const std::string& name) {
    ModelSpec spec;
    if (name == "small") {
        spec.hidden = 64, spec.layers = 1, spec.dropout = 0.1;
    } else if (name == "medium") {
        spec.hidden = 128, spec.layers = 2, spec.dropout = 0.2;
    } else if (name == "large") {
        spec.hidden = 256, spec.layers = 3, spec.dropout = 0.3, spec.bidirectional = true;
    } else {
        throw UsageError("unknown preset '" + name + "' (expected small, medium or large)");
    }
    return spec;
}

void ModelSpec::validate() const {
    if (hidden < 1 || hidden > 8192) throw UsageError("hidden size must be between 1 and 8192");
    if (layers < 1 || layers > 16) throw UsageError("layers must be between 1 and 16");
    if (!(dropout >= 0.0 && dropout < 1.0)) throw UsageError("dropout must be in [0, 1)");
}

const EnumNames<HeadKind>& enumNames(HeadKind) {
    static const EnumNames<HeadKind> names{"head", {{HeadKind::Linear, "linear"}, {HeadKind::Mlp, "mlp"}}};
    return names;
}

}  // namespace studio
