// BenchReport as JSON (for scripts and the GUI) and as Markdown (for people).

#include "tasks/bench_report.h"

#include "base/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace studio {
namespace {

using nlohmann::json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

const BenchTiming* timingAt(const BenchBackend& b, int batch) {
    for (const auto& t : b.timings)
        if (t.batch == batch) return &t;
    return nullptr;
}

json modelJson(const BenchReport& r) {
    if (r.task == TaskKind::Forecast)
        return {{"hidden", r.model.hidden},       {"layers", r.model.layers},  {"bidirectional", r.model.bidirectional},
                {"head", toString(r.model.head)}, {"input", r.inputSize},      {"window", r.window},
                {"horizon", r.horizon},           {"parameters", r.parameters}};
    const TextModelSpec& m = r.textModel;
    return {{"task", toString(r.task)},
            {"vocab", m.vocabSize},
            {"classes", m.classes},
            {"embedding", m.embeddingDim},
            {"input", m.embeddingDim},
            {"hidden", m.hidden},
            {"layers", m.layers},
            {"bidirectional", r.model.bidirectional},
            {"pooling", toString(m.pooling)},
            {"window", r.window},
            {"parameters", r.parameters}};
}

std::string modelLine(const BenchReport& r) {
    std::ostringstream md;
    if (r.task == TaskKind::Forecast) {
        md << (r.model.bidirectional ? "BiLSTM" : "LSTM") << " I=" << r.inputSize << ", H=" << r.model.hidden << ", "
           << r.model.layers << " layer(s), T=" << r.window << ", " << toString(r.model.head) << " head, horizon "
           << r.horizon;
    } else {
        const TextModelSpec& m = r.textModel;
        md << (r.task == TaskKind::Classify ? "text classifier: " : "character language model: ") << "vocabulary "
           << m.vocabSize << ", embedding " << m.embeddingDim << ", " << (r.model.bidirectional ? "BiLSTM" : "LSTM")
           << " H=" << m.hidden << ", " << m.layers << " layer(s)";
        if (r.task == TaskKind::Classify)
            md << ", " << toString(m.pooling) << " pooling, " << m.classes << " classes, longest test text " << r.window
               << " tokens";
        else
            md << ", chunks of " << r.window << " characters";
    }
    md << ", " << r.parameters << " parameters";
    return md.str();
}

std::string metricTitle(const BenchReport& r) {
    return r.metric == "test_rmse"       ? "test RMSE"
           : r.metric == "test_accuracy" ? "test accuracy %"
                                         : "test bits per character";
}

}  // namespace

std::string benchReportJson(const BenchReport& r) {
    json backends = json::array();
    for (const auto& b : r.backends) {
        json batches = json::array();
        for (const auto& t : b.timings)
            batches.push_back({{"batch", t.batch},
                               {"iterations", t.iterations},
                               {"mean_us", number(t.meanUs)},
                               {"p50_us", number(t.p50Us)},
                               {"p95_us", number(t.p95Us)},
                               {"p99_us", number(t.p99Us)},
                               {"samples_per_s", number(t.samplesPerSecond)}});
        backends.push_back({{"name", b.name},
                            {"bytes", b.bytes},
                            {"metric", r.metric},
                            {r.metric, number(b.testMetric)},
                            {"metric_delta", number(b.metricDelta)},
                            {"metric_delta_percent", number(b.metricDeltaPercent)},
                            {"max_abs_difference", number(b.maxAbsDifference)},
                            {"note", b.note},
                            {"batches", batches}});
    }
    json versions = json::object();
    for (const auto& [name, version] : r.versions) versions[name] = version;
    json memory = {{"peak_rss_bytes", r.peakRssBytes}};
    if (r.deviceMemory.available) memory["cuda_peak_allocated_bytes"] = r.deviceMemory.peakAllocatedBytes;
    const json j = {
        {"format", "lstm-studio-bench"},
        {"format_version", 1},
        {"project", r.projectDir},
        {"weights_sha256", r.weightsSha256},
        {"cpu", r.cpu},
        {"threads", r.threads.torchThreads},
        {"thread_settings",
         {{"torch", r.threads.torchThreads},
          {"blas", r.threads.blasThreads},
          {"blas_controlled", r.threads.blasControlled},
          {"cores", r.threads.cores}}},
        {"task", toString(r.task)},
        {"model", modelJson(r)},
        {"latency",
         {{"iterations", r.iterations},
          {"warmup", r.warmup},
          {"includes", r.task == TaskKind::Forecast ? "windowing and scaling raw rows, the network, inverse scaling"
                       : r.task == TaskKind::Classify
                           ? "tokenizing raw texts, the vocabulary, the network, the class of each text"
                           : "the vocabulary lookup of raw characters, the network, logits at every step"}}},
        {"train",
         {{"ms_per_batch", number(r.trainMsPerBatch)},
          {"p50_ms", number(r.trainMsP50)},
          {"batches", r.trainBatchesTimed},
          {"batch_size", r.trainBatchSize},
          {"device", r.trainDevice}}},
        {"memory", memory},
        {"backends", backends},
        {"cancelled", r.cancelled},
        {"warnings", r.warnings},
        {"versions", versions},
    };
    return j.dump(2) + "\n";
}

std::string benchReportMarkdown(const BenchReport& r) {
    std::ostringstream md;
    md << "# LSTM Studio benchmark\n\n";
    md << "- project: `" << r.projectDir << "`\n";
    md << "- model: " << modelLine(r) << "\n";
    md << "- CPU: " << r.cpu << "; threads: " << r.threads.torchThreads << " (BLAS " << r.threads.blasThreads << ", "
       << r.threads.cores << " cores)\n";
    for (const auto& [name, version] : r.versions) md << "- " << name << ": " << version << "\n";
    md << "\n## Training\n\n";
    if (r.trainBatchesTimed > 0)
        md << "Mean of " << r.trainBatchesTimed << " batches of " << r.trainBatchSize << " on " << r.trainDevice << ": "
           << fixed(r.trainMsPerBatch, 2) << " ms per batch (median " << fixed(r.trainMsP50, 2) << " ms).\n";
    else
        md << "Not measured.\n";
    md << "\n## Memory\n\nPeak resident memory: " << fixed(r.peakRssBytes / 1048576.0, 1) << " MiB";
    if (r.deviceMemory.available)
        md << "; CUDA allocator peak: " << fixed(r.deviceMemory.peakAllocatedBytes / 1048576.0, 1) << " MiB";
    md << ".\n\n## Prediction\n\n";
    md << (r.task == TaskKind::Forecast ? "Each call windows and scales raw rows, runs the network and scales the answer back; "
           : r.task == TaskKind::Classify ? "Each call tokenizes `batch` raw test texts and classifies them; "
                                  : "Each call looks up `batch` chunks of raw test characters and predicts the next "
                                    "character at every step; ")
       << r.iterations << " timed calls per row after " << r.warmup << " untimed ones, the backends taking turns.\n\n";
    md << "| backend | batch | mean µs | p50 µs | p95 µs | p99 µs | samples/s | speed-up vs libtorch-fp32 |\n";
    md << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
    const BenchBackend* reference = nullptr;
    for (const auto& b : r.backends)
        if (b.backend == Backend::LibTorchFp32) reference = &b;
    for (const auto& b : r.backends)
        for (const auto& t : b.timings) {
            const BenchTiming* ref = reference ? timingAt(*reference, t.batch) : nullptr;
            md << "| " << b.name << " | " << t.batch << " | " << fixed(t.meanUs, 1) << " | " << fixed(t.p50Us, 1)
               << " | " << fixed(t.p95Us, 1) << " | " << fixed(t.p99Us, 1) << " | " << fixed(t.samplesPerSecond, 0)
               << " | " << (ref && t.meanUs > 0 ? fixed(ref->meanUs / t.meanUs, 2) + "x" : "") << " |\n";
        }
    md << "\n## Size and accuracy (test split" << (r.task == TaskKind::Forecast ? ", target units" : "") << ")\n\n";
    md << "| backend | bytes | vs fp32 | " << metricTitle(r) << " | change | max abs difference | note |\n";
    md << "|---|---:|---:|---:|---:|---:|---|\n";
    for (const auto& b : r.backends)
        md << "| " << b.name << " | " << b.bytes << " | "
           << (reference && reference->bytes ? fixed(double(b.bytes) / reference->bytes, 3) : "") << " | "
           << fixed(b.testMetric, 4) << " | " << fixed(b.metricDelta, 4) << " (" << fixed(b.metricDeltaPercent, 2)
           << "%) | " << fixed(b.maxAbsDifference, 4) << " | " << b.note << " |\n";
    if (!r.warnings.empty()) {
        md << "\n## Warnings\n\n";
        for (const auto& w : r.warnings) md << "- " << w << "\n";
    }
    if (r.cancelled) md << "\n**Cancelled**: the figures above are partial.\n";
    return md.str();
}

void BenchConfig::validate() const {
    if (iterations < 1) throw UsageError("iterations must be at least 1, got " + std::to_string(iterations));
    if (warmup < 0) throw UsageError("warmup must be 0 or more, got " + std::to_string(warmup));
    if (batches.empty()) throw UsageError("no batch size given");
    for (int b : batches)
        if (b < 1) throw UsageError("batch sizes must be at least 1, got " + std::to_string(b));
    if (trainBatches < 0) throw UsageError("training batches must be 0 (skip) or more, got " + std::to_string(trainBatches));
    if (threads < 0) throw UsageError("threads must be 0 (automatic) or more, got " + std::to_string(threads));
}

}  // namespace studio
