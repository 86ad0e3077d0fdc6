#pragma once

// Internal to core/runtime: include only from the onnx_*.cpp files, which are compiled with
// ONNX's defines (ONNX_ML=1, ONNX_NAMESPACE=onnx; see onnx.cmake).

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <initializer_list>
#include <set>
#include <utility>
#include <string>
#include <variant>
#include <vector>

namespace studio {

// One attribute of a node: an int, a float, a string or a list of ints.
struct OnnxAttribute {
    // The constructors spell out each kind: an int literal would otherwise be ambiguous
    // between the variant's int64 and float.
    OnnxAttribute(std::string n, std::int64_t v) : name(std::move(n)), value(v) {}
    OnnxAttribute(std::string n, int v) : name(std::move(n)), value(std::int64_t{v}) {}
    OnnxAttribute(std::string n, float v) : name(std::move(n)), value(v) {}
    OnnxAttribute(std::string n, const char* v) : name(std::move(n)), value(std::string(v)) {}
    OnnxAttribute(std::string n, std::vector<std::int64_t> v) : name(std::move(n)), value(std::move(v)) {}

    std::string name;
    std::variant<std::int64_t, float, std::string, std::vector<std::int64_t>> value;
};

// Appends nodes, initializers, inputs and outputs to an ONNX graph and keeps every tensor
// name unique: a requested name that is taken gets a numeric suffix, and the name actually
// used is returned. Graph inputs and outputs are declared first so that their names stay
// exactly as requested ("input", "output"). Dimensions: a size >= 0 is fixed; -1 is free and
// takes its symbolic name from `dimNames` ("batch").
class OnnxGraphBuilder {
public:
    explicit OnnxGraphBuilder(onnx::GraphProto& graph) : graph_(graph) {}

    // elemType: an onnx::TensorProto::DataType (FLOAT, INT64 ...).
    std::string addInput(const std::string& name, const std::vector<std::int64_t>& dims,
                         const std::vector<std::string>& dimNames, const std::string& doc,
                         int elemType = onnx::TensorProto::FLOAT);
    // Declares a graph output; a node must later produce a tensor of exactly this name
    // (pass it as the node's output name: reserved names are not renamed).
    void addOutput(const std::string& name, const std::vector<std::int64_t>& dims,
                   const std::vector<std::string>& dimNames, const std::string& doc,
                   int elemType = onnx::TensorProto::FLOAT);

    // Constant tensors stored as initializers; row-major values.
    std::string addFloats(const std::string& name, const std::vector<std::int64_t>& dims,
                          const std::vector<float>& values);
    std::string addInt64s(const std::string& name, const std::vector<std::int64_t>& dims,
                          const std::vector<std::int64_t>& values);
    std::string addInt8s(const std::string& name, const std::vector<std::int64_t>& dims,
                         const std::vector<std::int8_t>& values);

    // A node with one output; returns the output's name. An empty input name stands for an
    // optional input left out.
    std::string addNode(const std::string& op, const std::vector<std::string>& inputs, const std::string& output,
                        std::initializer_list<OnnxAttribute> attributes = {}, const std::string& domain = "");
    // A node with several outputs; an empty output name leaves that optional output out.
    std::vector<std::string> addNode(const std::string& op, const std::vector<std::string>& inputs,
                                     const std::vector<std::string>& outputs,
                                     std::initializer_list<OnnxAttribute> attributes, const std::string& domain = "");

    // Makes the node that produces `from` produce `to` instead (a declared graph output),
    // so a chain that ends early needs no Identity node.
    void renameOutput(const std::string& from, const std::string& to);

private:
    std::string claim(const std::string& wanted);

    onnx::GraphProto& graph_;
    std::set<std::string> used_;      // every tensor name in the graph
    std::set<std::string> reserved_;  // declared graph outputs, not yet produced
    int nodeCounter_ = 0;
};

}  // namespace studio
