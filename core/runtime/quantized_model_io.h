#pragma once

// Internal to core's deploy code: the pieces of the int8 model files shared by the
// forecaster's (quantized_model.cpp) and the text models' (quantized_text_model.cpp)
// formats. A .bin holds the tensors back to back; the .json says where each lies:
// {"offset","bytes","dtype","shape"}.

#include "runtime/quantized_model.h"
#include "base/error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace studio::quantized_io {

class BlobWriter {
public:
    template <typename T>
    nlohmann::json add(const std::vector<T>& v, const char* dtype, std::vector<std::int64_t> shape);
    const std::string& data() const { return data_; }

private:
    std::string data_;
};

std::string readAll(const std::string& path);  // throws DataError

// Reads an int8 model's two files: the description (format `format`, version 1 or less)
// and the binary, whose size must be the one described. Throws DataError naming the file.
nlohmann::json readModelFiles(const std::string& binPath, const std::string& jsonPath, const std::string& format,
                              const std::string& what, std::string& bin);
// Writes the binary, then the description (with its "bin_bytes"), each atomically.
void writeModelFiles(const std::string& binPath, const std::string& jsonPath, const BlobWriter& blob,
                     nlohmann::json description);

nlohmann::json lstmLayersJson(const std::vector<QuantizedLstmLayer>& layers, int hidden, BlobWriter& blob);
std::vector<QuantizedLstmLayer> lstmLayersFromJson(const nlohmann::json& j, const std::string& bin, int hidden,
                                                   const std::string& binPath);
nlohmann::json linearJson(const QuantizedLinear& l, BlobWriter& blob);
QuantizedLinear linearFromJson(const nlohmann::json& j, const std::string& bin, const std::string& binPath);
// The LSTM stack's part of both formats: data.scale/shift, input_scale, the layers and the
// SHA-256 of the weights quantized (weights_sha256) of
// a model (QuantizedModel, QuantizedTextModel) whose spec has `hidden`.
template <typename Quantized>
void addStackJson(nlohmann::json& j, const Quantized& q, BlobWriter& blob) {
    j["data"] = {{"scale", q.dataScale}, {"shift", q.dataShift}};
    j["input_scale"] = q.inputScale;
    j["layers"] = lstmLayersJson(q.layers, q.spec.hidden, blob);
    j["weights_sha256"] = q.weightsSha256;
}
template <typename Quantized>
void readStackJson(const nlohmann::json& j, Quantized& q, const std::string& bin, const std::string& binPath) {
    q.dataScale = j.at("data").at("scale").get<float>();
    q.dataShift = j.at("data").at("shift").get<float>();
    q.inputScale = j.at("input_scale").get<std::vector<float>>();
    q.layers = lstmLayersFromJson(j.at("layers"), bin, q.spec.hidden, binPath);
    q.weightsSha256 = j.value("weights_sha256", "");
}
// Reads a model of format `format` through fill(description, bin, model), every malformed
// field a DataError naming the description; the model is validated before it is returned.
template <typename Quantized, typename Fill>
Quantized readQuantized(const std::string& binPath, const std::string& jsonPath, const std::string& format,
                        const std::string& what, Fill fill) {
    std::string bin;
    const nlohmann::json j = readModelFiles(binPath, jsonPath, format, what, bin);
    Quantized q;
    try {
        fill(j, bin, q);
    } catch (const nlohmann::json::exception& e) {
        throw DataError(jsonPath + ": " + e.what());
    } catch (const UsageError& e) {
        throw DataError(jsonPath + ": " + e.what());
    }
    q.validate();
    return q;
}
// int8 or float32 vector of `count` values described by j.
std::vector<std::int8_t> readInt8(const std::string& bin, const nlohmann::json& j, std::size_t count,
                                  const std::string& path);
std::vector<float> readFloat(const std::string& bin, const nlohmann::json& j, std::size_t count,
                             const std::string& path);

}  // namespace studio::quantized_io
