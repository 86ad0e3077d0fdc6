#pragma once

// The int8 form of a text model (classifier or character language model), with the
// semantics of quantized_model.h for its LSTM and Linear layers (PyTorch's
// quantize_dynamic({nn.LSTM, nn.Linear}, qint8) where oneDNN allows them), plus the
// embedding table stored as int8 rows with one symmetric scale per row (weight-only: a
// looked-up row is dequantized). Layer 0's input is the embedding: its range per column
// is known from the table, so `inputScale` is half of each column's range and no text
// can spread beyond it. Plain data: no LibTorch or oneDNN types.

#include "runtime/quantized_model.h"
#include "nn/text_model_spec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

class TextModel;

struct QuantizedTextModel {
    TextModelSpec spec;
    float dataScale = 127.0f;
    float dataShift = 128.0f;
    std::vector<float> inputScale;       // [embeddingDim]
    std::vector<std::int8_t> embedding;  // [vocab, embeddingDim]
    std::vector<float> embeddingScales;  // [vocab]
    std::vector<QuantizedLstmLayer> layers;
    std::vector<QuantizedLinear> attention;  // attention pooling: attn_proj, attn_score; else empty
    QuantizedLinear head;
    // SHA-256 of the model.pt it was quantized from; empty in files of earlier versions.
    std::string weightsSha256;

    std::int64_t bytes() const;
    std::vector<float> dequantizedEmbedding() const;  // [vocab, embeddingDim]
    void validate() const;                            // throws DataError
};

QuantizedTextModel quantizeTextModel(const TextModel& model);

// As saveQuantizedModel / loadQuantizedModel, format "lstm-studio-int8-text".
void saveQuantizedTextModel(const QuantizedTextModel& model, const std::string& binPath, const std::string& jsonPath);
QuantizedTextModel loadQuantizedTextModel(const std::string& binPath, const std::string& jsonPath);

}  // namespace studio
