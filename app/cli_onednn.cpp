#include "cli_onednn.h"

#include "cli_commands.h"

#include "jobs/jobs.h"
#include "base/error.h"
#include "base/file_io.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

namespace studio {
namespace {

struct QuantizeArgs {
    std::string projectDir;
    std::string firstLayer = "int8";
    QuantizeConfig config;
};

struct BenchArgs {
    std::string projectDir, jsonPath, markdownPath;
    std::vector<std::string> backends;
    BenchConfig config;
};

// Progress on stderr: one redrawn line on a terminal, a line per stage otherwise.
class StageProgress {
public:
    explicit StageProgress(const char* what) : what_(what), terminal_(isatty(fileno(stderr))) {}
    void operator()(const std::string& stage, double fraction) {
        if (terminal_) {
            std::fprintf(stderr, "\r%s: %-28s %3.0f%%", what_, stage.c_str(), 100.0 * fraction);
            std::fflush(stderr);
        } else if (stage != last_) {
            std::fprintf(stderr, "%s: %s\n", what_, stage.c_str());
        }
        last_ = stage;
    }
    void finish() {
        if (terminal_) std::fprintf(stderr, "\n");
    }

private:
    const char* what_;
    bool terminal_;
    std::string last_;
};

void printWarnings(const std::vector<std::string>& warnings) {
    for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
}

void printBytes(const QuantizeReport& r) {
    std::printf("  bytes: fp32 %lld, int8 %lld (%.3f of fp32)\n", static_cast<long long>(r.fp32Bytes),
                static_cast<long long>(r.int8Bytes), r.fp32Bytes ? double(r.int8Bytes) / r.fp32Bytes : 0.0);
}

void printTextQuantize(const QuantizeReport& r) {
    std::printf("int8 %s model (dynamic quantization: per-channel int8 LSTM and Linear weights, int8 embedding rows)\n",
                r.task == TaskKind::CharLm ? "character language" : "text classification");
    printBytes(r);
    if (r.task == TaskKind::CharLm) {
        std::printf("test split: %zu characters\n", r.characters);
        std::printf("  bits per character: fp32 %.4f, int8 %.4f (%+.4f)\n", r.bitsFp32, r.bitsInt8,
                    r.bitsInt8 - r.bitsFp32);
        std::printf("  largest logit difference %.4f\n", r.maxAbsDifference);
    } else {
        const ClassificationMetrics& a = r.classifyFp32;
        const ClassificationMetrics& b = r.classifyInt8;
        std::printf("test split: %zu texts\n", a.n);
        std::printf("  %-22s %14s %14s %14s\n", "metric", "fp32", "int8", "difference");
        std::printf("  %-22s %14.2f %14.2f %+14.2f\n", "accuracy %", a.accuracy, b.accuracy, b.accuracy - a.accuracy);
        std::printf("  %-22s %14.4f %14.4f %+14.4f\n", "macro F1 %", a.macroF1, b.macroF1, b.macroF1 - a.macroF1);
        std::printf("  same class for %.2f%% of the texts, largest probability difference %.4f\n", 100 * r.agreement,
                    r.maxAbsDifference);
    }
    for (const auto& file : r.written) std::printf("wrote %s\n", file.c_str());
}

void runQuantize(QuantizeArgs& a, const std::atomic<bool>& cancel) {
    if (a.firstLayer != "int8" && a.firstLayer != "fp32")
        throw UsageError("--first-layer: expected int8 or fp32, got '" + a.firstLayer + "'");
    a.config.int8.firstLayerFp32 = a.firstLayer == "fp32";
    StageProgress progress("quantize");
    const QuantizeReport r = quantizeProject(a.projectDir, a.config, std::ref(progress), &cancel);
    progress.finish();
    printWarnings(r.warnings);
    if (r.task != TaskKind::Forecast) {
        printTextQuantize(r);
        return;
    }
    std::printf("int8 model (dynamic quantization, per-channel int8 weights, layer 0 %s)\n",
                r.options.firstLayerFp32 ? "fp32" : "int8 with its input range folded into the weights");
    printBytes(r);
    std::printf("test split: %zu windows, horizon %zu (target units)\n", r.fp32.n, r.horizon);
    std::printf("  %-22s %14s %14s %14s\n", "metric", "fp32", "int8", "difference");
    for (const auto& row : forecastMetricRows(r.fp32, r.int8)) {
        if (std::isnan(row.a) || std::isnan(row.b))  // MASE of a constant series
            std::printf("  %-22s %14s %14s %14s\n", row.name, "n/a", "n/a", "n/a");
        else
            std::printf("  %-22s %14.4f %14.4f %+14.4f\n", row.name, row.a, row.b, row.b - row.a);
    }
    std::printf("  RMSE change %+.3f%%, largest prediction difference %.4f\n", r.rmseChangePercent, r.maxAbsDifference);
    if (!r.options.firstLayerFp32)
        std::printf(
            "  %lld of %zu test windows spread beyond the input range calibrated on the training windows "
            "(layer 0 ran in fp32 for them; a residual stack counts each of its layers)\n",
            static_cast<long long>(r.wideWindows), r.rows.size());
    for (const auto& file : r.written) std::printf("wrote %s\n", file.c_str());
}

void runBench(BenchArgs& a, const std::atomic<bool>& cancel) {
    for (const auto& name : a.backends) a.config.backends.push_back(parseEnum<Backend>(name));
    // --json FILE also writes FILE with .md for .json; --json - makes standard output the
    // JSON report alone.
    std::string markdownPath = a.markdownPath;
    if (markdownPath.empty() && !a.jsonPath.empty() && a.jsonPath != "-") {
        const auto dot = a.jsonPath.rfind('.');
        const auto slash = a.jsonPath.rfind('/');
        markdownPath =
            (dot != std::string::npos && (slash == std::string::npos || dot > slash) ? a.jsonPath.substr(0, dot)
                                                                                     : a.jsonPath) +
            ".md";
    }
    // Refused before minutes of measuring, not after.
    if (!a.jsonPath.empty()) checkOutputPath(a.projectDir, a.jsonPath);
    if (!markdownPath.empty()) checkOutputPath(a.projectDir, markdownPath);
    StageProgress progress("bench");
    const BenchReport r = runBenchmark(a.projectDir, a.config, std::ref(progress), &cancel);
    progress.finish();
    printWarnings(r.warnings);
    const std::string markdown = benchReportMarkdown(r);
    if (a.jsonPath != "-" && markdownPath != "-") std::fputs(markdown.c_str(), stdout);
    if (!a.jsonPath.empty()) {
        writeOutputFile(a.jsonPath, benchReportJson(r));
        if (a.jsonPath != "-") std::fprintf(stderr, "wrote %s\n", a.jsonPath.c_str());
    }
    if (!markdownPath.empty()) {
        writeOutputFile(markdownPath, markdown);
        if (markdownPath != "-") std::fprintf(stderr, "wrote %s\n", markdownPath.c_str());
    }
    if (r.cancelled) throw Error("bench was cancelled; the report holds what was measured");
}

}  // namespace

void addOnednnCommands(CLI::App& app, const std::atomic<bool>& cancel) {
    // CLI11 keeps the callbacks; the callbacks keep their arguments.
    auto q = std::make_shared<QuantizeArgs>();
    auto* quantize =
        app.add_subcommand("quantize", "Quantize a trained project's model to int8 and compare it with fp32");
    quantize->add_option("--project", q->projectDir, "project folder")->required()->check(CLI::ExistingDirectory);
    quantize->add_option("--first-layer", q->firstLayer, "int8 (input range folded into its weights) or fp32")
        ->capture_default_str();
    quantize
        ->add_option("--input-percentile", q->config.int8.inputPercentile,
                     "percentile of the training windows' layer-0 input spread taken as its range")
        ->capture_default_str();
    quantize->add_option("--input-headroom", q->config.int8.inputHeadroom, "factor on that range")
        ->capture_default_str();
    quantize->add_option("--threads", q->config.threads, "threads")->capture_default_str();
    quantize->add_flag("!--no-write", q->config.write, "report only; write no files");
    quantize->callback([q, &cancel] { runQuantize(*q, cancel); });

    auto b = std::make_shared<BenchArgs>();
    auto* bench = app.add_subcommand("bench", "Time training and prediction of a trained project on every backend");
    bench->add_option("--project", b->projectDir, "project folder")->required()->check(CLI::ExistingDirectory);
    bench->add_option("--json", b->jsonPath, "write the report as JSON (and as Markdown next to it)");
    bench->add_option("--markdown", b->markdownPath, "write the report as Markdown");
    bench->add_option("--iterations", b->config.iterations, "timed predictions per backend and batch size")
        ->capture_default_str();
    bench->add_option("--warmup", b->config.warmup, "untimed predictions before them")->capture_default_str();
    bench->add_option("--batches", b->config.batches, "batch sizes, comma separated")
        ->delimiter(',')
        ->capture_default_str();
    bench->add_option("--train-batches", b->config.trainBatches, "timed training batches (0 = skip)")
        ->capture_default_str();
    bench->add_option("--train-device", b->config.trainDevice, "device for the training timing")->capture_default_str();
    bench->add_option("--threads", b->config.threads, "threads for LibTorch and oneDNN")->capture_default_str();
    bench->add_option("--backends", b->backends, "comma separated (default: all this build has)")->delimiter(',');
    bench->callback([b, &cancel] { runBench(*b, cancel); });
}

}  // namespace studio
