// runBenchmark for text projects (benchmark.h): classify and charlm.

#include "deploy/benchmark_common.h"

#include "data/csv_reader.h"
#include "data/text_dataset.h"
#include "deploy/inference_engine_text.h"
#include "deploy/quantized_model_text.h"
#include "error.h"
#include "model/text_model.h"
#include "project/project.h"
#include "project/text_project.h"
#include "train/metrics.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace studio::bench_detail {
namespace {

namespace fs = std::filesystem;

std::string path(const std::string& dir, const char* name) { return (fs::path(dir) / name).string(); }

double accuracy(const std::vector<int>& predicted, const std::vector<int>& truth) {
    std::size_t right = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) right += predicted[i] == truth[i];
    return truth.empty() ? 0.0 : 100.0 * right / truth.size();
}

// The text project's data as the benchmark needs it: test ids and labels or the test
// stream, the raw inputs a call starts from, the training data for the training timing.
struct TextBenchData {
    TextClassData classify;
    CharLmData charlm;
    std::vector<std::string> rawTexts;                // classify: the test split's texts
    std::vector<std::vector<std::string>> rawChunks;  // charlm: chunks of test characters
};

TextBenchData loadBenchData(const TextProjectFile& project) {
    TextBenchData d;
    if (project.task == TextTask::Classify) {
        const CsvTable table = readCsv(project.dataPath);
        d.classify = buildTextClassData(table, project.text);
        if (d.classify.vocab.tokens() != project.vocab)
            throw DataError(project.dataPath + " no longer gives the project's vocabulary; the data changed");
        const int c = table.find(project.text.textColumn);
        if (c < 0) throw DataError(table.path + ": no column '" + project.text.textColumn + "' any more");
        for (std::size_t row : d.classify.test.rows) d.rawTexts.push_back(table.columns[c].text.at(row));
    } else {
        const std::string text = readTextFile(project.dataPath);
        d.charlm = buildCharLmData(text, project.dataPath, project.text);
        if (d.charlm.vocab.tokens() != project.vocab)
            throw DataError(project.dataPath + " no longer gives the project's vocabulary; the data changed");
        // The test split is the end of the text: its characters as the tokenizer gives them.
        std::vector<std::string> chars = tokenize(text, project.text.tokenizer);
        const std::size_t keep = std::min(chars.size(), d.charlm.test.size());
        chars.erase(chars.begin(), chars.end() - keep);
        const std::size_t chunk = project.text.chunk;
        for (std::size_t s = 0; s + chunk <= chars.size() && d.rawChunks.size() < 512; s += chunk)
            d.rawChunks.emplace_back(chars.begin() + s, chars.begin() + s + chunk);
        if (d.rawChunks.empty()) throw DataError(project.dataPath + ": the test split is shorter than one chunk");
    }
    return d;
}

void timeTextTraining(const TextModel& model, const TextProjectFile& project, const TextBenchData& data,
                      const BenchConfig& config, BenchReport& r, const std::atomic<bool>* cancel) {
    TrainConfig train = project.train;
    train.device = config.trainDevice;
    train.epochs = 1000000;  // stopped through the cancel flag once enough batches are timed
    train.patience = 0;
    Trainer::seed(train.seed);
    TextModel copy(model.spec());
    copy.setParameters(model.parameters());
    copy.to(train.device);
    r.trainDevice = copy.device();
    resetDeviceMemoryPeak(r.trainDevice);
    std::unique_ptr<Trainer> trainer = project.task == TextTask::Classify
                                           ? std::make_unique<Trainer>(copy, train, data.classify)
                                           : std::make_unique<Trainer>(copy, train, data.charlm);
    TrainTimer timer(/*skip=*/3, config.trainBatches, cancel);
    trainer->run(&timer, &timer.stop);
    r.deviceMemory = deviceMemory(r.trainDevice);
    r.trainBatchSize = train.batchSize;
    timer.report(r);
}

}  // namespace

BenchReport runTextBenchmark(const std::string& dir, const BenchConfig& config, const BenchProgress& progress,
                             const std::atomic<bool>* cancel) {
    auto say = [&](const std::string& stage, double fraction) {
        if (progress) progress(stage, fraction);
    };
    BenchReport r;
    const std::vector<Backend> backends = startReport(dir, config, r);

    say("reading the project", 0.0);
    const TextProjectFile project = loadTextProjectFile(dir);
    const bool classify = project.task == TextTask::Classify;
    r.task = toString(project.task);
    r.textModel = project.model;
    r.metric = classify ? "test_accuracy" : "test_bits_per_char";
    const TextBenchData data = loadBenchData(project);
    TextModel model(project.model);
    model.to("cpu");
    model.load(path(dir, "model.pt"));
    r.model.hidden = project.model.hidden;
    r.model.layers = project.model.layers;
    r.model.bidirectional = project.model.featureWidth() == 2 * project.model.hidden;
    r.inputSize = project.model.embeddingDim;
    r.parameters = model.parameterCount();
    if (classify)
        for (const auto& t : data.classify.test.ids) r.window = std::max<int>(r.window, static_cast<int>(t.size()));
    else
        r.window = project.text.chunk;

    if (config.trainBatches > 0) {
        say("timing training", 0.02);
        timeTextTraining(model, project, data, config, r, cancel);
    }
    if (cancel && cancel->load()) {
        r.cancelled = true;
        return r;
    }

    say("checking accuracy", 0.3);
    std::vector<std::unique_ptr<TextInferenceEngine>> engines;
    for (Backend b : backends) {
        BenchBackend bb;
        bb.backend = b;
        bb.name = toString(b);
        if (b == Backend::OnednnInt8) {
            const std::string bin = path(dir, "model.int8.bin"), json = path(dir, "model.int8.json");
            if (fs::exists(bin) && fs::exists(json)) {
                engines.push_back(createTextInt8Engine(loadQuantizedTextModel(bin, json)));
                bb.note = "model.int8.bin";
            } else {
                engines.push_back(createTextInt8Engine(quantizeTextModel(model)));
                bb.note = "quantized in memory (run quantize to store it)";
            }
        } else {
            engines.push_back(createTextEngine(b, model));
        }
        bb.bytes = engines.back()->weightBytes();
        r.backends.push_back(bb);
    }
    if (classify) {
        const auto& test = data.classify.test;
        const std::size_t classes = data.classify.classes.size();
        const std::vector<float> ref = model.classify(test.ids);
        const double refAccuracy = accuracy(classesOf(ref, classes), test.labels);
        for (std::size_t k = 0; k < engines.size(); ++k) {
            std::vector<float> probs;
            for (const auto& doc : test.ids) {  // one text per call, as a single prediction runs
                const std::vector<float> p = engines[k]->classify({doc});
                probs.insert(probs.end(), p.begin(), p.end());
            }
            BenchBackend& bb = r.backends[k];
            for (std::size_t i = 0; i < probs.size(); ++i)
                bb.maxAbsDifference = std::max(bb.maxAbsDifference, double(std::abs(probs[i] - ref[i])));
            bb.testMetric = accuracy(classesOf(probs, classes), test.labels);
            bb.metricDelta = bb.testMetric - refAccuracy;
            bb.metricDeltaPercent = refAccuracy > 0 ? 100.0 * bb.metricDelta / refAccuracy : 0.0;
        }
    } else {
        const auto& test = data.charlm.test;
        const double refBits = model.bitsPerChar(test, project.text.chunk);
        for (std::size_t k = 0; k < engines.size(); ++k) {
            BenchBackend& bb = r.backends[k];
            bb.testMetric = bitsPerChar(*engines[k], test, project.text.chunk);
            bb.metricDelta = bb.testMetric - refBits;
            bb.metricDeltaPercent = refBits > 0 ? 100.0 * bb.metricDelta / refBits : 0.0;
        }
    }

    double done = 0, total = double(config.batches.size()) * config.iterations * engines.size();
    auto advanced = [&](double calls) {
        done += calls;
        say("timing batch", 0.35 + 0.65 * done / total);
    };
    const Vocabulary vocab = Vocabulary::fromTokens(project.vocab);
    for (int batch : config.batches) {
        const std::size_t span = classify ? data.rawTexts.size() : data.rawChunks.size();
        if (span < std::size_t(batch)) {
            r.warnings.push_back("batch " + std::to_string(batch) + " needs more test texts than there are; skipped");
            continue;
        }
        std::vector<std::vector<int>> docs(batch);
        std::vector<int> ids;
        std::vector<int> labels;
        // Raw test texts (chunks) first, first+1, ... cycled through.
        auto call = [&](std::size_t k, std::size_t i) {
            const std::size_t first = (i * batch) % (span - batch + 1);
            if (classify) {
                for (int b = 0; b < batch; ++b) docs[b] = encodeText(data.rawTexts[first + b], project.text, vocab);
                labels = classesOf(engines[k]->classify(docs), data.classify.classes.size());
            } else {
                ids.clear();
                for (int b = 0; b < batch; ++b) {
                    const std::vector<int> one = vocab.encode(data.rawChunks[first + b]);
                    ids.insert(ids.end(), one.begin(), one.end());
                }
                engines[k]->nextLogits(ids, batch, project.text.chunk);
            }
        };
        const auto timings = timeInTurns(engines.size(), batch, config, call, r, cancel, advanced);
        for (std::size_t k = 0; k < engines.size(); ++k) r.backends[k].timings.push_back(timings[k]);
        if (r.cancelled) break;
    }
    r.peakRssBytes = peakRssBytes();
    say("done", 1.0);
    return r;
}

}  // namespace studio::bench_detail
