#include "nn/text_model_spec.h"

#include "base/error.h"

namespace studio {

const EnumNames<Pooling>& enumNames(Pooling) {
    static const EnumNames<Pooling> names{"pooling", {{Pooling::Last, "last"}, {Pooling::Attention, "attention"}}};
    return names;
}

void TextModelSpec::validate() const {
    if (vocabSize < 3) throw UsageError("vocabulary too small (" + std::to_string(vocabSize) + " tokens)");
    if (head == TextHead::Classes && classes < 2) throw UsageError("classification needs at least two classes");
    if (embeddingDim < 1 || embeddingDim > 4096) throw UsageError("embedding size must be between 1 and 4096");
    if (hidden < 1 || hidden > 8192) throw UsageError("hidden size must be between 1 and 8192");
    if (layers < 1 || layers > 16) throw UsageError("layers must be between 1 and 16");
    if (!(dropout >= 0.0 && dropout < 1.0)) throw UsageError("dropout must be in [0, 1)");
}

}  // namespace studio
