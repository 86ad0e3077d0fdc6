#include "tasks/text/text_job.h"

#include "data/csv_reader.h"
#include "data/word_vectors.h"
#include "base/error.h"
#include "nn/text_model.h"
#include "project/project_folder.h"
#include "project/project_lock.h"
#include "tasks/task_files.h"
#include "base/file_io.h"
#include "training/trainer.h"
#include "base/sha256.h"
#include "base/versions.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>

namespace studio {
namespace {

namespace fs = std::filesystem;

// The data of either task, built the same way for training, resuming and evaluating.
struct TextData {
    TextClassData classify;
    CharLmData charlm;
    const Vocabulary& vocab(TaskKind task) const { return task == TaskKind::Classify ? classify.vocab : charlm.vocab; }
};

TextData loadData(TaskKind task, const std::string& dataPath, const TextSpec& spec) {
    TextData d;
    if (task == TaskKind::Classify) d.classify = buildTextClassData(readLabeledCsv(dataPath), spec);
    else d.charlm = buildCharLmData(readTextFile(dataPath), dataPath, spec);
    return d;
}

std::string decode(const Vocabulary& vocab, const std::vector<int>& ids) {
    std::string out;
    for (int id : ids) out += vocab.token(id);
    return out;
}

std::string formatNumber(double v) {
    std::ostringstream s;
    s.imbue(std::locale::classic());
    s << std::setprecision(6) << v;
    return s.str();
}

// row,label,p_<class>...[,true_label]
void writeClassPredictions(const std::string& file, const std::vector<std::size_t>& rows,
                           const std::vector<float>& probs, const std::vector<std::string>& classes,
                           const std::vector<int>* truth) {
    const std::size_t c = classes.size();
    std::string text = "row,label";
    for (const auto& name : classes) text += "," + csvField("p_" + name);
    if (truth) text += ",true_label";
    text += "\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const float* p = probs.data() + i * c;
        const std::size_t best = std::max_element(p, p + c) - p;
        text += std::to_string(rows[i]) + "," + csvField(classes[best]);
        for (std::size_t k = 0; k < c; ++k) text += "," + formatNumber(p[k]);
        if (truth) text += "," + csvField(classes[(*truth)[i]]);
        text += "\n";
    }
    writeOutputFile(file, text);
}

std::vector<int> argmax(const std::vector<float>& probs, std::size_t classes) {
    std::vector<int> out;
    for (std::size_t i = 0; i < probs.size() / classes; ++i) {
        const float* p = probs.data() + i * classes;
        out.push_back(static_cast<int>(std::max_element(p, p + classes) - p));
    }
    return out;
}

int majorityClass(const std::vector<int>& labels, std::size_t classes) {
    std::vector<std::size_t> counts(classes, 0);
    for (int l : labels) ++counts[l];
    return static_cast<int>(std::max_element(counts.begin(), counts.end()) - counts.begin());
}

double unigramBits(const CharLmData& d) {
    double bits = 0.0;
    for (std::size_t i = 1; i < d.test.size(); ++i) bits -= std::log2(d.unigram[d.test[i]]);
    return d.test.size() > 1 ? bits / (d.test.size() - 1) : 0.0;
}

// Test-split evaluation into r; writes metrics.json (and predictions.csv for classify).
void evaluate(const TextModel& model, const TextData& data, const std::string& dir, TextJobResult& r, bool write) {
    if (r.task == TaskKind::Classify) {
        const TextClassData& d = data.classify;
        const std::vector<float> probs = model.classify(d.test.ids);
        r.classify = classificationMetrics(argmax(probs, d.classes.size()), d.test.labels,
                                           static_cast<int>(d.classes.size()),
                                           majorityClass(d.train.labels, d.classes.size()));
        r.classes = d.classes;
        if (write) {
            saveClassifyMetrics(dir, r.classify, d.classes);
            writeClassPredictions(ProjectFolder(dir).stagePath(ProjectFolder::kPredictions), d.test.rows, probs, d.classes, &d.test.labels);
        }
    } else {
        const CharLmData& d = data.charlm;
        r.bitsPerChar = model.bitsPerChar(d.test, d.spec.chunk);
        r.unigramBitsPerChar = unigramBits(d);
        const std::vector<int> prompt(d.test.begin(), d.test.begin() + std::min<std::size_t>(40, d.test.size()));
        r.sample = decode(d.vocab, prompt) + decode(d.vocab, model.generate(prompt, 300, 0.8, d.spec.seed));
        if (write) saveCharLmMetrics(dir, r.bitsPerChar, r.unigramBitsPerChar);
    }
    r.vocabSize = data.vocab(r.task).size();
}

void writeOutcome(const std::string& dir, TextProjectFile& project, const TextModel& model, const TextJobResult& r) {
    recordOutcome(project, r.train);
    saveModelFile(dir, [&](const std::string& file) { model.save(file); });
    saveHistory(dir, r.train.history);
    saveTextProjectFile(dir, project);
}

// Passes progress on and, every `every` batches, hands a sample of the model's current
// writing to `onSample`: the prompt is the start of the validation text.
class SamplingObserver : public TrainObserver {
public:
    SamplingObserver(TrainObserver* inner, const TextModel& model, const CharLmData& data, int every,
                     std::function<void(const std::string&)> onSample)
        : inner_(inner), model_(model), data_(data), every_(every), onSample_(std::move(onSample)) {}
    void onBatch(const BatchStats& s) override {
        if (inner_) inner_->onBatch(s);
        if (++batches_ % every_ != 0) return;
        const std::vector<int> prompt(data_.val.begin(), data_.val.begin() + std::min<std::size_t>(30, data_.val.size()));
        onSample_(decode(data_.vocab, prompt) + decode(data_.vocab, model_.generate(prompt, 150, 0.8, batches_)));
    }
    bool onEpoch(const EpochStats& s) override { return inner_ ? inner_->onEpoch(s) : true; }

private:
    TrainObserver* inner_;
    const TextModel& model_;
    const CharLmData& data_;
    int every_;
    std::function<void(const std::string&)> onSample_;
    std::uint64_t batches_ = 0;
};

TextJobResult runTraining(TextProjectFile& project, TextModel& model, const TextData& data, const std::string& dir,
                          bool resume, TrainObserver* observer, const std::atomic<bool>* cancel) {
    TextJobResult r;
    r.task = project.task;
    r.report = project.task == TaskKind::Classify ? data.classify.report : data.charlm.report;
    r.device = model.device();
    r.parameters = model.parameterCount();
    r.vectorsCoverage = project.vectorsPath.empty() ? -1.0 : project.vectorsCoverage;
    std::unique_ptr<Trainer> trainer =
        project.task == TaskKind::Classify ? std::make_unique<Trainer>(model, project.train, data.classify)
                                           : std::make_unique<Trainer>(model, project.train, data.charlm);
    if (resume) trainer->loadCheckpoint(ProjectFolder(dir).path(ProjectFolder::kCheckpoint));
    trainer->setCheckpointPath(ProjectFolder(dir).path(ProjectFolder::kCheckpoint));
    resetDeviceMemoryPeak(r.device);
    r.train = trainer->run(observer, cancel);
    r.deviceMemory = deviceMemory(r.device);
    if (r.train.epochsDone == 0) return r;
    evaluate(model, data, dir, r, true);
    writeOutcome(dir, project, model, r);
    return r;
}

} // namespace

TextModel loadTextModel(const std::string& dir, const TextProjectFile& p, const std::string& device) {
    TextModel model(p.model);
    model.to(device);
    model.load(ProjectFolder(dir).path(ProjectFolder::kModel));
    return model;
}

TextJobResult trainText(const TextJobConfig& config, TrainObserver* observer, const std::atomic<bool>* cancel) {
    config.text.validate();
    config.train.validate();
    const ProjectLock lock(config.outDir, /*create=*/true);
    const ThreadSettings threads = applyThreads(config.train.threads);
    const TextData data = loadData(config.task, config.dataPath, config.text);
    const Vocabulary& vocab = data.vocab(config.task);

    TextProjectFile project;
    project.task = config.task;
    project.dataPath = fs::absolute(config.dataPath).lexically_normal().string();
    project.dataSha256 = sha256File(config.dataPath);
    project.text = config.task == TaskKind::Classify ? data.classify.spec : data.charlm.spec;
    project.model = config.model;
    project.model.head = textHeadOf(config.task);
    project.model.vocabSize = static_cast<int>(vocab.size());
    project.model.classes = static_cast<int>(data.classify.classes.size());
    if (config.task == TaskKind::CharLm) project.model.bidirectional = false;
    project.model.validate();
    project.train = config.train;
    std::string batchNote;
    if (config.task == TaskKind::Classify) batchNote = fitBatchToData(project.train, data.classify.train.labels.size());
    project.train.adaptBatch = false;
    project.vocab = vocab.tokens();
    project.classes = data.classify.classes;
    project.versions = libraryVersions();

    Trainer::seed(config.train.seed);
    TextModel model(project.model);
    if (!config.vectorsPath.empty()) {
        const WordVectors vectors =
            loadWordVectors(config.vectorsPath, vocab, project.model.embeddingDim, model.embedding());
        model.setEmbedding(vectors.matrix, config.freezeVectors);
        project.model.freezeEmbedding = config.freezeVectors;
        project.vectorsPath = fs::absolute(config.vectorsPath).lexically_normal().string();
        project.vectorsCoverage = vectors.coverage;
    }
    model.to(config.train.device);
    std::unique_ptr<SamplingObserver> sampling;
    if (config.task == TaskKind::CharLm && config.sampleEvery > 0 && config.onSample)
        observer = (sampling = std::make_unique<SamplingObserver>(observer, model, data.charlm, config.sampleEvery,
                                                                   config.onSample))
                        .get();
    TextJobResult r = runTraining(project, model, data, config.outDir, false, observer, cancel);
    r.threads = threads;
    if (!batchNote.empty()) r.warnings.insert(r.warnings.begin(), batchNote);
    return r;
}

TextJobResult resumeText(const std::string& dir, int epochs, TrainObserver* observer, const std::atomic<bool>* cancel) {
    TextProjectFile project = loadTextProjectFile(dir);
    if (epochs > 0) project.train.epochs = epochs;
    const ThreadSettings threads = applyThreads(project.train.threads);
    const TextData data = loadData(project.task, project.dataPath, project.text);
    if (data.vocab(project.task).tokens() != project.vocab)
        throw DataError(project.dataPath + " no longer gives the project's vocabulary; the data changed since training");
    TextModel model(project.model);
    model.to(project.train.device);
    TextJobResult r = runTraining(project, model, data, dir, true, observer, cancel);
    r.threads = threads;
    return r;
}

TextJobResult evaluateTextProject(const std::string& dir) {
    const TextProjectFile project = loadTextProjectFile(dir);
    const TextData data = loadData(project.task, project.dataPath, project.text);
    TextJobResult r;
    r.task = project.task;
    if (!project.dataSha256.empty() && sha256File(project.dataPath) != project.dataSha256)
        r.warnings.push_back(project.dataPath + " changed since the project was trained (SHA-256 differs)");
    const TextModel model = loadTextModel(dir, project, "cpu");
    evaluate(model, data, dir, r, false);
    return r;
}

std::size_t predictTextProject(const std::string& dir, const std::string& dataPath, const std::string& outCsv) {
    const TextProjectFile project = loadTextProjectFile(dir);
    if (project.task != TaskKind::Classify) throw UsageError("predict works on classification projects; use generate");
    const CsvTable table = readLabeledCsv(dataPath.empty() ? project.dataPath : dataPath);
    const int textCol = table.find(project.text.textColumn);
    if (textCol < 0) throw DataError(table.path + ": no column named '" + project.text.textColumn + "'");
    const int labelCol = table.find(project.text.labelColumn);
    const Vocabulary vocab = Vocabulary::fromTokens(project.vocab);
    std::vector<std::vector<int>> docs;
    std::vector<std::size_t> rows;
    std::vector<int> truth;
    bool allKnown = labelCol >= 0;
    for (std::size_t r = 0; r < table.rowCount(); ++r) {
        const auto& column = table.columns[textCol];
        docs.push_back(encodeText(r < column.text.size() ? column.text[r] : std::string(), project.text, vocab));
        rows.push_back(r);
        if (labelCol >= 0) {
            const std::string& label = table.columns[labelCol].text[r];
            const auto it = std::find(project.classes.begin(), project.classes.end(), label);
            if (it == project.classes.end()) allKnown = false;
            else truth.push_back(static_cast<int>(it - project.classes.begin()));
        }
    }
    const TextModel model = loadTextModel(dir, project, "cpu");
    writeClassPredictions(outCsv, rows, model.classify(docs), project.classes, allKnown ? &truth : nullptr);
    return rows.size();
}

std::string generateText(const std::string& dir, const std::string& prompt, int length, double temperature,
                         std::uint64_t seed, const std::atomic<bool>* cancel) {
    const TextProjectFile project = loadTextProjectFile(dir);
    if (project.task != TaskKind::CharLm) throw UsageError("generate works on character language models");
    if (length < 1 || length > 100000) throw UsageError("length must be between 1 and 100000");
    const Vocabulary vocab = Vocabulary::fromTokens(project.vocab);
    const std::vector<int> ids = vocab.encode(tokenize(prompt, project.text.tokenizer));
    const TextModel model = loadTextModel(dir, project, "cpu");
    return prompt + decode(vocab, model.generate(ids, length, temperature, seed, cancel));
}

std::vector<float> explainText(const std::string& dir, const std::string& text, std::vector<std::string>* tokens,
                               std::vector<float>* attention) {
    const TextProjectFile project = loadTextProjectFile(dir);
    if (project.task != TaskKind::Classify) throw UsageError("explain works on classification projects");
    const Vocabulary vocab = Vocabulary::fromTokens(project.vocab);
    const std::vector<int> ids = encodeText(text, project.text, vocab);
    if (tokens) {
        tokens->clear();
        for (int id : ids) tokens->push_back(vocab.token(id));
    }
    const TextModel model = loadTextModel(dir, project, "cpu");
    return model.classify({ids}, project.model.pooling == Pooling::Attention ? attention : nullptr);
}

} // namespace studio
