#pragma once

// The int8 form of a forecaster, with the semantics of PyTorch's
// quantize_dynamic({nn.LSTM, nn.Linear}, qint8) where oneDNN allows them:
//  - weights int8, symmetric, one scale per output channel (a row of PyTorch's [out, in]
//    matrix): q = round(w * scale), scale = 127 / max|row|;
//  - activations quantized at run time: the head's inputs per sample (u8, affine, from the
//    sample's own min/max), the LSTM's inputs and hidden states as u8 = 127 * x + 128.
// oneDNN's int8 LSTM takes ONE data scale/shift for its input, hidden states and output
// and ONE weight scale per gate-output channel shared by weight_ih, weight_hh and both
// directions. Hidden states lie in [-1, 1] by construction; the layer-0 input does not, so
// it is brought there at run time as x' = (x - centre) / inputScale with `centre` the
// mid-range of each feature over the call's values (folded into layer 0's bias) and
// `inputScale` calibrated on the training windows (folded into layer 0's weight_ih).
// A call whose windows spread wider than that range is split; a single window that does
// runs layer 0 in fp32 on the same dequantized weights (the engine counts these "wide"
// windows), so no input is clipped. Alternatively layer 0 stays fp32 always
// (Int8Options::firstLayerFp32), which needs no input range at all.
//
// Plain data: no LibTorch or oneDNN types. Any thread; no shared state.

#include "nn/model_spec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

class Model;
struct NamedTensor;

struct Int8Options {
    // Keep the first LSTM layer in fp32 (weights and input), quantize the rest.
    bool firstLayerFp32 = false;
    // The layer-0 input range per feature is this percentile of |x - window mid-range| over
    // the calibration windows (100 = the maximum), times `inputHeadroom`.
    double inputPercentile = 100.0;
    double inputHeadroom = 1.0;

    void validate() const;  // throws UsageError naming the option out of range
};

// One direction of one LSTM layer. PyTorch layout: weightIh [4H, input], weightHh [4H, H],
// gate order i, f, g, o.
struct QuantizedLstmDirection {
    std::vector<std::int8_t> weightIh, weightHh;  // int8 layers
    std::vector<float> weightIhF, weightHhF;      // an fp32 layer
    std::vector<float> bias;                      // [4H], b_ih + b_hh
};

struct QuantizedLstmLayer {
    bool int8 = true;
    int inputWidth = 0;
    // [4H], one per gate-output channel, shared by weight_ih, weight_hh and both directions
    // (oneDNN's per-channel mask covers gates and outputs only). Empty for an fp32 layer.
    std::vector<float> scales;
    std::vector<QuantizedLstmDirection> directions;  // 1, or 2 for a BiLSTM (forward, reverse)
    // A residual layer after the first (ModelSpec::residual) reads the sum of the layers
    // below it, which spreads beyond [-1, 1]: its input is brought there at run time as
    // layer 0's is, x' = (x - centre) / inputScale, with inputScale [inputWidth] calibrated
    // on the training windows and folded into weight_ih. Empty for every other layer.
    std::vector<float> inputScale;
};

// y = dequant(W) * x + bias, per-row scales, [out, in] row-major.
struct QuantizedLinear {
    int in = 0, out = 0;
    std::vector<std::int8_t> weight;
    std::vector<float> scales;  // [out]
    std::vector<float> bias;    // [out]
};

struct QuantizedModel {
    ModelSpec spec;
    int inputSize = 0;
    int outputSize = 0;
    // u8 = dataScale * x + dataShift for the LSTM's activations. 127/128 maps [-1, 1] onto
    // [1, 255]; it measured half the error of 63/64.
    float dataScale = 127.0f;
    float dataShift = 128.0f;
    // [inputSize]; empty when layer 0 is fp32. Layer 0's int8 weight_ih holds W * inputScale
    // (column-wise), so W x = W' (x - centre) / inputScale + W centre.
    std::vector<float> inputScale;
    std::vector<QuantizedLstmLayer> layers;
    std::vector<QuantizedLinear> head;  // Linear, or Linear-ReLU-Linear
    // SHA-256 of the model.pt it was quantized from; empty in files of earlier versions.
    std::string weightsSha256;

    // Bytes of what is stored: int8 values, fp32 tensors, scales.
    std::int64_t bytes() const;
    // Dequantized weight_ih of one layer/direction, [4H, inputWidth]; for layer 0 of an int8
    // model the folded W * inputScale.
    std::vector<float> dequantizedIh(int layer, int direction) const;
    std::vector<float> dequantizedHh(int layer, int direction) const;
    void validate() const;  // throws DataError when shapes disagree with the spec
};

// Pieces shared by the forecaster's and the text models' quantization
// (quantized_text_model.h). Parameters are named as PyTorch names them.
//  - per-row symmetric int8 of a [out, in] matrix (an absent bias counts as zeros);
QuantizedLinear quantizeLinear(const std::vector<float>& weight, int out, int in, const std::vector<float>& bias);
//  - the `lstm.*` layers; inputScale as QuantizedModel::inputScale, empty = layer 0 fp32;
//    layerScales[l] (l >= 1, where given and not empty): residual layer l's input scale;
std::vector<QuantizedLstmLayer> quantizeLstmLayers(const std::vector<NamedTensor>& params, int inputSize, int hidden,
                                                   int layers, bool bidirectional,
                                                   const std::vector<float>& inputScale,
                                                   const std::vector<std::vector<float>>& layerScales = {});
//  - dequantized weights of one direction (an fp32 layer's own values);
std::vector<float> dequantizedIh(const QuantizedLstmLayer& layer, int direction);
std::vector<float> dequantizedHh(const QuantizedLstmLayer& layer, int direction, int hidden);
//  - shapes of the layers against (input, hidden, directions); throws DataError.
void validateLstmLayers(const std::vector<QuantizedLstmLayer>& layers, int inputSize, int hidden, int dirs,
                        bool inputScaled, const std::string& what);
bool positiveScales(const std::vector<float>& scales);

// Quantizes `model`. calibration: [windows, time, inputSize], scaled like the model's
// training inputs (used only for the layer-0 input range). Throws UsageError for an empty
// calibration set when layer 0 is int8.
QuantizedModel quantizeModel(const Model& model, const std::vector<float>& calibration, int windows, int time,
                             const Int8Options& options = {});

// binPath holds the values (int8 and fp32, little-endian), jsonPath the spec, scales and
// where each tensor lies in the binary. Both written atomically. load throws DataError.
void saveQuantizedModel(const QuantizedModel& model, const std::string& binPath, const std::string& jsonPath);
QuantizedModel loadQuantizedModel(const std::string& binPath, const std::string& jsonPath);

}  // namespace studio
