#include "jobs/onnx_export.h"

#include "jobs/runs.h"

#include "tasks/forecast/onnx_forecast_graph.h"
#include "runtime/onnx_graph_builder.h"
#include "tasks/text/onnx_text_graph.h"
#include "base/error.h"
#include "jobs/jobs.h"
#include "jobs/model_card.h"
#include "project/project_folder.h"
#include "base/file_io.h"
#include "base/sha256.h"
#include "tasks/registry.h"

#include <nlohmann/json.hpp>
#include <onnx/checker.h>
#include <onnx/common/version.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

namespace studio {
namespace {

namespace fs = std::filesystem;

constexpr int kMinOpset = 14;  // LSTM-14 and Reshape-14, the forms this exporter writes

// The newest ai.onnx opset the linked ONNX library can check against.
int newestOpset() {
    const auto& ranges = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
    const auto it = ranges.find(onnx::ONNX_DOMAIN);
    return it == ranges.end() ? kMinOpset : it->second.second;
}

onnx::ModelProto newModel(int opset, const std::string& graphName, const std::string& doc) {
    onnx::ModelProto model;
    model.set_ir_version(onnx::IR_VERSION);
    model.set_producer_name("LSTM Studio");
    model.set_producer_version(STUDIO_VERSION);
    model.set_doc_string(doc);
    auto* op = model.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    model.mutable_graph()->set_name(graphName);
    return model;
}

void addMetadata(onnx::ModelProto& model, const std::vector<std::pair<std::string, std::string>>& entries) {
    for (const auto& [key, value] : entries) {
        auto* prop = model.add_metadata_props();
        prop->set_key(key);
        prop->set_value(value);
    }
}

void addWeightsHash(onnx::ModelProto& model, const OnnxExportOptions& options) {
    if (!options.weightsSha256.empty()) addMetadata(model, {{"weights_sha256", options.weightsSha256}});
}

// Both checks run on the finished model before a byte is written. Strict shape inference
// also proves that the declared output shapes agree with what the nodes compute.
std::string checkModel(onnx::ModelProto& model) {
    try {
        onnx::checker::check_model(model);
    } catch (const std::exception& e) {
        throw Error(std::string("ONNX export: the ONNX checker rejected the graph (a bug in LSTM Studio): ") +
                    e.what());
    }
    try {
        const onnx::ShapeInferenceOptions strict(/*check_type=*/true, /*error_mode=*/1,
                                                 /*enable_data_propagation=*/true);
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), strict);
    } catch (const std::exception& e) {
        throw Error(std::string("ONNX export: shape inference failed on the graph (a bug in LSTM Studio): ") +
                    e.what());
    }
    std::string verdict = std::string("passed: ONNX ") + onnx::LAST_RELEASE_VERSION +
                          " check_model and strict shape inference with type checks";
    // The checker knows no schema for ONNX Runtime's contrib ops and lets them through.
    for (const auto& op : model.opset_import())
        if (op.domain() == "com.microsoft") verdict += " (com.microsoft ops are ONNX Runtime's, not checked by ONNX)";
    return verdict;
}

std::string typeName(int elemType) {
    switch (elemType) {
        case onnx::TensorProto::FLOAT:
            return "float32";
        case onnx::TensorProto::INT64:
            return "int64";
        case onnx::TensorProto::INT32:
            return "int32";
        default:
            return "type " + std::to_string(elemType);
    }
}

OnnxTensorInfo tensorInfo(const onnx::ValueInfoProto& v) {
    OnnxTensorInfo info;
    info.name = v.name();
    info.type = typeName(v.type().tensor_type().elem_type());
    info.description = v.doc_string();
    for (const auto& dim : v.type().tensor_type().shape().dim()) {
        info.shape.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
        info.dimNames.push_back(dim.has_dim_param() ? dim.dim_param() : "");
    }
    return info;
}

// A clear message before any work, instead of the rename's errno afterwards.
void checkDestination(const std::string& outPath) {
    if (outPath.empty()) throw UsageError("ONNX export: no output file given");
    const fs::path out(outPath);
    std::error_code ec;
    if (fs::is_directory(out, ec))
        throw Error("ONNX export: " + outPath + " is a folder; give a file name (model.onnx)");
    const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec))
        throw Error("ONNX export: cannot write " + outPath + ": folder " + parent.string() + " does not exist");
}

OnnxExportResult writeModel(onnx::ModelProto& model, const std::string& outPath) {
    OnnxExportResult r;
    r.checker = checkModel(model);
    std::string bytes;
    if (!model.SerializeToString(&bytes)) throw Error("ONNX export: the model could not be serialized");
    writeFileAtomically(outPath, bytes);

    r.path = outPath;
    r.irVersion = model.ir_version();
    r.opset = static_cast<int>(model.opset_import(0).version());
    for (const auto& v : model.graph().input()) r.inputs.push_back(tensorInfo(v));
    for (const auto& v : model.graph().output()) r.outputs.push_back(tensorInfo(v));
    r.fileBytes = bytes.size();
    r.nodeCount = model.graph().node_size();
    std::map<std::string, std::size_t> index;
    for (const auto& node : model.graph().node()) {
        const auto [it, fresh] = index.emplace(node.op_type(), r.operators.size());
        if (fresh) r.operators.emplace_back(node.op_type(), 0);
        ++r.operators[it->second].second;
    }
    for (const auto& prop : model.metadata_props()) r.metadata.emplace_back(prop.key(), prop.value());
    return r;
}

}  // namespace

int minOnnxOpset() { return kMinOpset; }

int newestOnnxOpset() { return newestOpset(); }

std::string OnnxTensorInfo::shapeText() const {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ", ";
        s += shape[i] >= 0 ? std::to_string(shape[i])
                           : (i < dimNames.size() && !dimNames[i].empty() ? dimNames[i] : "?");
    }
    return s + "]";
}

namespace {

// The options checked, the destination checked, an empty model with its opsets.
onnx::ModelProto startModel(const OnnxExportOptions& options, const std::string& outPath, const std::string& graphName,
                            const std::string& doc) {
    const int newest = newestOpset();
    if (options.opset < kMinOpset || options.opset > newest)
        throw UsageError("ONNX export: opset " + std::to_string(options.opset) + " is not supported (use " +
                         std::to_string(kMinOpset) + " to " + std::to_string(newest) + ")");
    checkDestination(outPath);
    onnx::ModelProto model = newModel(options.opset, graphName, doc);
    if (options.int8) {
        auto* contrib = model.add_opset_import();
        contrib->set_domain("com.microsoft");
        contrib->set_version(1);
    }
    return model;
}

// The options with the SHA-256 of the project's weights file, read once the project and
// its model have loaded.
OnnxExportOptions withWeightsHash(const std::string& dir, OnnxExportOptions options) {
    options.weightsSha256 = sha256File(ProjectFolder(dir).path(ProjectFolder::kModel));
    return options;
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

OnnxExportResult exportTextProject(const std::string& dir, const std::string& outPath,
                                   const OnnxExportOptions& options) {
    const TextProjectFile project = loadTextProjectFile(dir);
    TextModel model(project.model);
    model.load(ProjectFolder(dir).path(ProjectFolder::kModel));
    // metrics.json as written, compacted; a file that does not parse is left out.
    std::string metrics;
    if (ProjectFolder(dir).has(ProjectFolder::kMetrics)) {
        const nlohmann::json j =
            nlohmann::json::parse(readFile(ProjectFolder(dir).path(ProjectFolder::kMetrics)), nullptr, /*allow_exceptions=*/false);
        if (!j.is_discarded()) metrics = j.dump();
    }
    return exportTextOnnx(project, model, metrics, outPath, withWeightsHash(dir, options));
}

}  // namespace

OnnxExportResult exportForecastOnnx(const ProjectFile& project, const Model& model, const ProjectMetrics* metrics,
                                    const std::string& outPath, const OnnxExportOptions& options) {
    onnx::ModelProto onnxModel =
        startModel(options, outPath, "lstm_studio_forecast",
                   "LSTM Studio forecaster: raw feature rows in, forecasts of '" + project.series.target +
                       "' in its own units out; scaling happens inside the graph.");
    OnnxGraphBuilder builder(*onnxModel.mutable_graph());
    buildOnnxForecastGraph(builder, project, model, options.int8);
    addMetadata(onnxModel, {{"producer", "LSTM Studio"}, {"producer_version", STUDIO_VERSION}});
    addMetadata(onnxModel, onnxForecastMetadata(project, model, metrics));
    addMetadata(onnxModel, {{"weights", options.int8 ? "LSTM weights int8 (7-bit symmetric, one scale per gate "
                                                       "unit; com.microsoft.DynamicQuantizeLSTM), float32 elsewhere"
                                                     : "float32"}});
    addWeightsHash(onnxModel, options);
    return writeModel(onnxModel, outPath);
}

OnnxExportResult exportTextOnnx(const TextProjectFile& project, const TextModel& model,
                                const std::string& testMetricsJson, const std::string& outPath,
                                const OnnxExportOptions& options) {
    if (options.int8) throw UsageError("ONNX export: --int8 is for forecast models; text models export in float32");
    const bool classify = project.task == TaskKind::Classify;
    onnx::ModelProto onnxModel =
        startModel(options, outPath, classify ? "lstm_studio_classifier" : "lstm_studio_charlm",
                   classify ? "LSTM Studio text classifier: padded token ids and lengths in, class scores and "
                              "probabilities out; the tokenizer and vocabulary are in the metadata."
                            : "LSTM Studio character language model: character ids and optional states in, "
                              "next-character scores and the states after the last step out.");
    OnnxGraphBuilder builder(*onnxModel.mutable_graph());
    if (classify)
        buildOnnxClassifierGraph(builder, project, model);
    else
        buildOnnxCharLmGraph(builder, project, model);
    addMetadata(onnxModel, {{"producer", "LSTM Studio"}, {"producer_version", STUDIO_VERSION}});
    addMetadata(onnxModel, onnxTextMetadata(project, model, testMetricsJson));
    addMetadata(onnxModel, {{"weights", "float32"}});
    addWeightsHash(onnxModel, options);
    return writeModel(onnxModel, outPath);
}

OnnxExportResult exportProjectOnnx(const std::string& dir, const std::string& outPath,
                                   const OnnxExportOptions& options) {
    if (outPath == "-") throw UsageError("ONNX export: the model is binary; name a file (model.onnx), not -");
    checkOutputPath(dir, outPath);
    const OnnxExportResult result = [&] {
        if (isTextTask(taskOf(dir))) return exportTextProject(dir, outPath, options);
        const ProjectFile project = loadProjectFile(dir);
        Model model(project.model, static_cast<int>(project.featureNames.size()), project.series.horizon);
        model.load(ProjectFolder(dir).path(ProjectFolder::kModel));
        ProjectMetrics metrics;
        const bool haveMetrics = ProjectFolder(dir).has(ProjectFolder::kMetrics);
        if (haveMetrics) metrics = loadMetrics(dir);
        return exportForecastOnnx(project, model, haveMetrics ? &metrics : nullptr, outPath,
                                  withWeightsHash(dir, options));
    }();
    // The current run keeps a copy of its last export of each kind.
    keepRunArtifact(dir, options.int8 ? "model.int8.onnx" : "model.onnx", [&outPath](const std::string& path) {
        std::filesystem::copy_file(outPath, path, std::filesystem::copy_options::overwrite_existing);
    });
    // For whoever receives the file: <name>.md and, for forecasts and classifiers, example.py.
    writeModelCard(dir, result);
    return result;
}

}  // namespace studio
