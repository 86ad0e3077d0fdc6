#include "cli_onnx.h"

#include "jobs/model_card.h"
#include "jobs/onnx_export.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace studio {
namespace {

struct ExportOnnxArgs {
    std::string projectDir;
    std::string outPath;
    OnnxExportOptions options;
};

std::string sizeText(std::uintmax_t bytes) {
    char buf[32];
    if (bytes < 1024)
        std::snprintf(buf, sizeof buf, "%ju B", bytes);
    else if (bytes < 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f KiB", bytes / 1024.0);
    else
        std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / 1048576.0);
    return buf;
}

void printResult(const OnnxExportResult& r) {
    std::printf("wrote %s (%s, ONNX IR %lld, opset %d, %d nodes)\n", r.path.c_str(), sizeText(r.fileBytes).c_str(),
                static_cast<long long>(r.irVersion), r.opset, r.nodeCount);
    for (const auto* list : {&r.inputs, &r.outputs})
        for (const auto& t : *list)
            std::printf("  %-6s %-10s %s %-18s %s\n", list == &r.inputs ? "input" : "output", t.name.c_str(),
                        t.type.c_str(), t.shapeText().c_str(), t.description.c_str());
    std::string ops;
    for (const auto& [op, count] : r.operators) ops += (ops.empty() ? "" : ", ") + op + " x" + std::to_string(count);
    std::printf("  nodes: %s\n", ops.c_str());
    std::printf("  checker: %s\n", r.checker.c_str());
}

}  // namespace

void addOnnxCommands(CLI::App& app) {
    // The callback outlives this function; CLI11 keeps the lambda, the lambda keeps the args.
    auto args = std::make_shared<ExportOnnxArgs>();
    auto* sub = app.add_subcommand("export-onnx", "Export a trained project's model as an ONNX file");
    sub->add_option("--project", args->projectDir, "project folder")->required()->check(CLI::ExistingDirectory);
    sub->add_option("--out", args->outPath, "ONNX file to write")->required();
    sub->add_option("--opset", args->options.opset, "ai.onnx opset of the graph")->capture_default_str();
    sub->add_flag("--int8", args->options.int8,
                  "forecast models: int8 LSTM weights (com.microsoft.DynamicQuantizeLSTM; runs in ONNX Runtime only)");
    sub->callback([args] {
        printResult(exportProjectOnnx(args->projectDir, args->outPath, args->options));
        // exportProjectOnnx wrote them beside the model.
        const ModelCardFiles files = modelCardFiles(args->projectDir, args->outPath);
        std::printf("wrote %s (model card)\n", files.card.c_str());
        if (!files.example.empty())
            std::printf("wrote %s (example: python3 %s DATA.csv)\n", files.example.c_str(), files.example.c_str());
    });
}

}  // namespace studio
