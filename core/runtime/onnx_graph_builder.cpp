#include "runtime/onnx_graph_builder.h"

#include "base/error.h"

#include <cstring>

namespace studio {
namespace {

void setShape(onnx::ValueInfoProto& info, const std::vector<std::int64_t>& dims,
              const std::vector<std::string>& dimNames, int elemType) {
    auto* tensor = info.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(elemType);
    auto* shape = tensor->mutable_shape();
    for (std::size_t i = 0; i < dims.size(); ++i) {
        auto* dim = shape->add_dim();
        if (dims[i] >= 0)
            dim->set_dim_value(dims[i]);
        else if (i < dimNames.size() && !dimNames[i].empty())
            dim->set_dim_param(dimNames[i]);
    }
}

std::int64_t elementCount(const std::vector<std::int64_t>& dims) {
    std::int64_t n = 1;
    for (std::int64_t d : dims) n *= d;
    return n;
}

void setAttribute(onnx::NodeProto& node, const OnnxAttribute& a) {
    auto* attr = node.add_attribute();
    attr->set_name(a.name);
    if (const auto* i = std::get_if<std::int64_t>(&a.value)) {
        attr->set_type(onnx::AttributeProto::INT);
        attr->set_i(*i);
    } else if (const auto* f = std::get_if<float>(&a.value)) {
        attr->set_type(onnx::AttributeProto::FLOAT);
        attr->set_f(*f);
    } else if (const auto* s = std::get_if<std::string>(&a.value)) {
        attr->set_type(onnx::AttributeProto::STRING);
        attr->set_s(*s);
    } else {
        attr->set_type(onnx::AttributeProto::INTS);
        for (std::int64_t v : std::get<std::vector<std::int64_t>>(a.value)) attr->add_ints(v);
    }
}

}  // namespace

std::string OnnxGraphBuilder::claim(const std::string& wanted) {
    // A declared graph output is handed out once, to the node that produces it.
    if (reserved_.erase(wanted)) return wanted;
    std::string name = wanted;
    for (int i = 2; used_.count(name); ++i) name = wanted + "_" + std::to_string(i);
    used_.insert(name);
    return name;
}

std::string OnnxGraphBuilder::addInput(const std::string& name, const std::vector<std::int64_t>& dims,
                                       const std::vector<std::string>& dimNames, const std::string& doc, int elemType) {
    auto* info = graph_.add_input();
    info->set_name(claim(name));
    info->set_doc_string(doc);
    setShape(*info, dims, dimNames, elemType);
    return info->name();
}

void OnnxGraphBuilder::addOutput(const std::string& name, const std::vector<std::int64_t>& dims,
                                 const std::vector<std::string>& dimNames, const std::string& doc, int elemType) {
    if (used_.count(name)) throw Error("ONNX graph: output name '" + name + "' is already taken");
    used_.insert(name);
    reserved_.insert(name);
    auto* info = graph_.add_output();
    info->set_name(name);
    info->set_doc_string(doc);
    setShape(*info, dims, dimNames, elemType);
}

std::string OnnxGraphBuilder::addFloats(const std::string& name, const std::vector<std::int64_t>& dims,
                                        const std::vector<float>& values) {
    if (elementCount(dims) != static_cast<std::int64_t>(values.size()))
        throw Error("ONNX graph: initializer '" + name + "' has " + std::to_string(values.size()) +
                    " values for its shape");
    auto* t = graph_.add_initializer();
    t->set_name(claim(name));
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : dims) t->add_dims(d);
    // raw_data is little-endian by the format's definition, as is every machine we build on.
    std::string raw(values.size() * sizeof(float), '\0');
    if (!values.empty()) std::memcpy(raw.data(), values.data(), raw.size());
    t->set_raw_data(std::move(raw));
    return t->name();
}

std::string OnnxGraphBuilder::addInt64s(const std::string& name, const std::vector<std::int64_t>& dims,
                                        const std::vector<std::int64_t>& values) {
    if (elementCount(dims) != static_cast<std::int64_t>(values.size()))
        throw Error("ONNX graph: initializer '" + name + "' has " + std::to_string(values.size()) +
                    " values for its shape");
    auto* t = graph_.add_initializer();
    t->set_name(claim(name));
    t->set_data_type(onnx::TensorProto::INT64);
    for (std::int64_t d : dims) t->add_dims(d);
    for (std::int64_t v : values) t->add_int64_data(v);
    return t->name();
}

std::string OnnxGraphBuilder::addInt8s(const std::string& name, const std::vector<std::int64_t>& dims,
                                       const std::vector<std::int8_t>& values) {
    if (elementCount(dims) != static_cast<std::int64_t>(values.size()))
        throw Error("ONNX graph: initializer '" + name + "' has " + std::to_string(values.size()) +
                    " values for its shape");
    auto* t = graph_.add_initializer();
    t->set_name(claim(name));
    t->set_data_type(onnx::TensorProto::INT8);
    for (std::int64_t d : dims) t->add_dims(d);
    // raw_data: one byte per value (int32_data would spend four).
    t->set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size()));
    return t->name();
}

std::string OnnxGraphBuilder::addNode(const std::string& op, const std::vector<std::string>& inputs,
                                      const std::string& output, std::initializer_list<OnnxAttribute> attributes,
                                      const std::string& domain) {
    return addNode(op, inputs, std::vector<std::string>{output}, attributes, domain).front();
}

std::vector<std::string> OnnxGraphBuilder::addNode(const std::string& op, const std::vector<std::string>& inputs,
                                                   const std::vector<std::string>& outputs,
                                                   std::initializer_list<OnnxAttribute> attributes,
                                                   const std::string& domain) {
    auto* node = graph_.add_node();
    node->set_op_type(op);
    node->set_name(op + "_" + std::to_string(nodeCounter_++));
    if (!domain.empty()) node->set_domain(domain);
    for (const auto& in : inputs) node->add_input(in);
    std::vector<std::string> names;
    for (const auto& out : outputs) {
        names.push_back(out.empty() ? std::string() : claim(out));
        node->add_output(names.back());
    }
    // ONNX wants trailing optional outputs dropped rather than named "".
    while (node->output_size() > 0 && node->output(node->output_size() - 1).empty())
        node->mutable_output()->RemoveLast();
    for (const auto& a : attributes) setAttribute(*node, a);
    return names;
}

void OnnxGraphBuilder::renameOutput(const std::string& from, const std::string& to) {
    if (!reserved_.erase(to)) throw Error("ONNX graph: '" + to + "' is not a declared graph output");
    for (auto& node : *graph_.mutable_node())
        for (auto& out : *node.mutable_output())
            if (out == from) {
                out = to;
                return;
            }
    throw Error("ONNX graph: no node produces '" + from + "'");
}

}  // namespace studio
