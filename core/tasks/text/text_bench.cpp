// TextTaskBase::benchWorkload: a classify call tokenizes `batch` raw test texts and returns
// their classes' probabilities; a charlm call looks up `batch` chunks of test characters
// and returns the next-character logits at every step.

#include "tasks/text/text_task.h"

#include "data/csv_reader.h"
#include "data/text_dataset.h"
#include "base/error.h"
#include "nn/text_model.h"
#include "project/project_folder.h"
#include "tasks/text/quantized_text_model.h"
#include "tasks/text/text_inference_engine.h"
#include "tasks/text/text_project.h"
#include "tasks/task_files.h"
#include "training/metrics.h"
#include "training/trainer.h"

#include <algorithm>
#include <optional>
#include <cmath>

namespace studio {
namespace {

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
    if (project.task == TaskKind::Classify) {
        const CsvTable table = readLabeledCsv(project.dataPath);
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

class TextBenchWorkload : public BenchWorkload {
public:
    explicit TextBenchWorkload(const std::string& dir)
        : folder_(dir),
          project_(loadTextProjectFile(dir)),
          classify_(project_.task == TaskKind::Classify),
          data_(loadBenchData(project_)),
          model_(loadTextModel(dir, project_, "cpu")),
          vocab_(Vocabulary::fromTokens(project_.vocab)) {}

    void describe(BenchReport& r) const override {
        r.textModel = project_.model;
        r.metric = classify_ ? "test_accuracy" : "test_bits_per_char";
        r.model.hidden = project_.model.hidden;
        r.model.layers = project_.model.layers;
        r.model.bidirectional = project_.model.featureWidth() == 2 * project_.model.hidden;
        r.inputSize = project_.model.embeddingDim;
        r.parameters = model_.parameterCount();
        if (classify_)
            for (const auto& t : data_.classify.test.ids) r.window = std::max<int>(r.window, static_cast<int>(t.size()));
        else
            r.window = project_.text.chunk;
    }

    TrainConfig trainConfig() const override { return project_.train; }

    void train(const TrainConfig& train, TrainObserver* observer, const std::atomic<bool>* cancel,
               BenchReport& r) const override {
        Trainer::seed(train.seed);
        TextModel copy(model_.spec());
        copy.setParameters(model_.parameters());
        copy.to(train.device);
        r.trainDevice = copy.device();
        resetDeviceMemoryPeak(r.trainDevice);
        std::unique_ptr<Trainer> trainer = classify_ ? std::make_unique<Trainer>(copy, train, data_.classify)
                                                     : std::make_unique<Trainer>(copy, train, data_.charlm);
        trainer->run(observer, cancel);
        r.deviceMemory = deviceMemory(r.trainDevice);
    }

    void addEngine(BenchBackend& bb) override {
        if (bb.backend == Backend::OnednnInt8) {
            std::optional<QuantizedTextModel> stored;
            if (folder_.has(ProjectFolder::kInt8Model) && folder_.has(ProjectFolder::kInt8Scales))
                stored = loadQuantizedTextModel(folder_.path(ProjectFolder::kInt8Model),
                                                folder_.path(ProjectFolder::kInt8Scales));
            if (stored && madeFromCurrentWeights(folder_.dir(), stored->weightsSha256)) {
                engines_.push_back(createInt8Engine(*stored));
                bb.note = "model.int8.bin";
            } else {
                engines_.push_back(createInt8Engine(quantizeTextModel(model_)));
                bb.note = stored ? kStaleInt8Note : "quantized in memory (run quantize to store it)";
            }
        } else {
            engines_.push_back(createEngine(bb.backend, model_));
        }
        bb.bytes = engines_.back()->weightBytes();
    }

    void checkAccuracy(std::vector<BenchBackend>& backends) override {
        if (classify_) {
            const auto& test = data_.classify.test;
            const std::size_t classes = data_.classify.classes.size();
            const std::vector<float> ref = model_.classify(test.ids);
            const double refAccuracy = accuracy(classesOf(ref, classes), test.labels);
            for (std::size_t k = 0; k < engines_.size(); ++k) {
                std::vector<float> probs;
                for (const auto& doc : test.ids) {  // one text per call, as a single prediction runs
                    const std::vector<float> p = engines_[k]->predictSequences({doc});
                    probs.insert(probs.end(), p.begin(), p.end());
                }
                BenchBackend& bb = backends[k];
                for (std::size_t i = 0; i < probs.size(); ++i)
                    bb.maxAbsDifference = std::max(bb.maxAbsDifference, double(std::abs(probs[i] - ref[i])));
                bb.testMetric = accuracy(classesOf(probs, classes), test.labels);
                bb.metricDelta = bb.testMetric - refAccuracy;
                bb.metricDeltaPercent = refAccuracy > 0 ? 100.0 * bb.metricDelta / refAccuracy : 0.0;
            }
        } else {
            const auto& test = data_.charlm.test;
            const double refBits = model_.bitsPerChar(test, project_.text.chunk);
            for (std::size_t k = 0; k < engines_.size(); ++k) {
                BenchBackend& bb = backends[k];
                bb.testMetric = bitsPerChar(*engines_[k], test, project_.text.chunk);
                bb.metricDelta = bb.testMetric - refBits;
                bb.metricDeltaPercent = refBits > 0 ? 100.0 * bb.metricDelta / refBits : 0.0;
            }
        }
    }

    // Raw test texts (chunks) first, first+1, ... cycled through.
    std::size_t calls(int batch) const override {
        const std::size_t span = inputs();
        return span < std::size_t(batch) ? 0 : span - batch + 1;
    }

    std::string tooFewInputs(int batch) const override {
        return "batch " + std::to_string(batch) + " needs more test texts than there are; skipped";
    }

    void call(std::size_t engine, std::size_t i, int batch) override {
        const std::size_t first = (i * batch) % calls(batch);
        if (classify_) {
            docs_.resize(batch);
            for (int b = 0; b < batch; ++b) docs_[b] = encodeText(data_.rawTexts[first + b], project_.text, vocab_);
            labels_ = classesOf(engines_[engine]->predictSequences(docs_), data_.classify.classes.size());
        } else {
            ids_.clear();
            for (int b = 0; b < batch; ++b) {
                const std::vector<int> one = vocab_.encode(data_.rawChunks[first + b]);
                ids_.insert(ids_.end(), one.begin(), one.end());
            }
            engines_[engine]->predictSteps(ids_, batch, project_.text.chunk);
        }
    }

private:
    std::size_t inputs() const { return classify_ ? data_.rawTexts.size() : data_.rawChunks.size(); }

    ProjectFolder folder_;
    TextProjectFile project_;
    bool classify_;
    TextBenchData data_;
    TextModel model_;
    Vocabulary vocab_;
    std::vector<std::unique_ptr<InferenceEngine>> engines_;
    std::vector<std::vector<int>> docs_;
    std::vector<int> ids_, labels_;
};

}  // namespace

std::unique_ptr<BenchWorkload> TextTaskBase::benchWorkload(const std::string& dir) const {
    return std::make_unique<TextBenchWorkload>(dir);
}

}  // namespace studio
