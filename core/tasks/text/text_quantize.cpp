// TextTaskBase::quantize: a text model in int8 (quantized_text_model.h) against fp32 on the
// test split: accuracy and macro F1 for classifiers, bits per character for language models.

#include "tasks/text/text_task.h"

#include "data/csv_reader.h"
#include "data/text_dataset.h"
#include "base/error.h"
#include "nn/text_model.h"
#include "project/project_folder.h"
#include "tasks/text/quantized_text_model.h"
#include "tasks/text/text_inference_engine.h"
#include "tasks/text/text_project.h"
#include "base/file_io.h"
#include "base/sha256.h"

#include <algorithm>
#include <cmath>

namespace studio {
namespace {

int majority(const std::vector<int>& labels, std::size_t classes) {
    std::vector<std::size_t> counts(classes, 0);
    for (int l : labels) ++counts[l];
    return static_cast<int>(std::max_element(counts.begin(), counts.end()) - counts.begin());
}

void classifyTest(const TextProjectFile& project, const TextModel& model, const QuantizedTextModel& q,
                  QuantizeReport& r, const QuantizeProgress& progress, const std::function<bool()>& cancelled) {
    const TextClassData data = buildTextClassData(readLabeledCsv(project.dataPath), project.text);
    if (data.vocab.tokens() != project.vocab)
        throw DataError(project.dataPath +
                        " no longer gives the project's vocabulary; the data changed since training");
    const std::size_t classes = data.classes.size(), n = data.test.ids.size();
    r.classes = data.classes;
    const std::vector<float> fp32 = model.classify(data.test.ids);
    auto engine = createInt8Engine(q);
    std::vector<float> int8;
    // One text per call, as a single prediction runs.
    for (std::size_t i = 0; i < n; ++i) {
        if (cancelled()) throw Error("quantize was cancelled; nothing was written");
        const std::vector<float> p = engine->predictSequences({data.test.ids[i]});
        int8.insert(int8.end(), p.begin(), p.end());
        if (progress && i % 64 == 0) progress("running the test split", 0.2 + 0.7 * double(i) / n);
    }
    for (std::size_t i = 0; i < fp32.size(); ++i)
        r.maxAbsDifference = std::max(r.maxAbsDifference, double(std::abs(int8[i] - fp32[i])));
    r.fp32Labels = classesOf(fp32, classes);
    r.int8Labels = classesOf(int8, classes);
    r.trueLabels = data.test.labels;
    const int common = majority(data.train.labels, classes);
    r.classifyFp32 = classificationMetrics(r.fp32Labels, r.trueLabels, static_cast<int>(classes), common);
    r.classifyInt8 = classificationMetrics(r.int8Labels, r.trueLabels, static_cast<int>(classes), common);
    std::size_t same = 0;
    for (std::size_t i = 0; i < n; ++i) same += r.fp32Labels[i] == r.int8Labels[i];
    r.agreement = n ? double(same) / n : 1.0;
    r.rows = data.test.rows;
    r.wideWindows = engine->wideWindows();
}

void charLmTest(const TextProjectFile& project, const TextModel& model, const QuantizedTextModel& q,
                QuantizeReport& r) {
    const CharLmData data = buildCharLmData(readTextFile(project.dataPath), project.dataPath, project.text);
    if (data.vocab.tokens() != project.vocab)
        throw DataError(project.dataPath +
                        " no longer gives the project's vocabulary; the data changed since training");
    auto reference = createEngine(Backend::LibTorchFp32, model);
    auto engine = createInt8Engine(q);
    const int chunk = project.text.chunk;
    r.characters = data.test.size();
    r.bitsFp32 = bitsPerChar(*reference, data.test, chunk);
    r.bitsInt8 = bitsPerChar(*engine, data.test, chunk);
    // The largest logit difference over the first few chunks.
    const int batch = static_cast<int>(std::min<std::size_t>(8, data.test.size() / chunk));
    if (batch > 0) {
        const std::vector<int> ids(data.test.begin(), data.test.begin() + std::size_t(batch) * chunk);
        const std::vector<float> a = reference->predictSteps(ids, batch, chunk),
                                 b = engine->predictSteps(ids, batch, chunk);
        for (std::size_t i = 0; i < a.size(); ++i)
            r.maxAbsDifference = std::max(r.maxAbsDifference, double(std::abs(a[i] - b[i])));
    }
    r.wideWindows = engine->wideWindows();
}

std::string predictionsCsv(const QuantizeReport& r) {
    std::string out = "row,fp32,int8,true\n";
    for (std::size_t i = 0; i < r.rows.size(); ++i)
        out += std::to_string(r.rows[i]) + "," + csvField(r.classes[r.fp32Labels[i]]) + "," +
               csvField(r.classes[r.int8Labels[i]]) + "," + csvField(r.classes[r.trueLabels[i]]) + "\n";
    return out;
}

}  // namespace

void TextTaskBase::quantize(const std::string& dir, const QuantizeConfig& config, QuantizeReport& r,
                            const QuantizeProgress& progress, const std::function<bool()>& cancelled) const {
    auto say = [&](const char* stage, double fraction) {
        if (progress) progress(stage, fraction);
    };
    const ProjectFolder folder(dir);
    say("reading the project", 0.0);
    const TextProjectFile project = loadTextProjectFile(dir);
    if (!project.dataSha256.empty() && sha256File(project.dataPath) != project.dataSha256)
        r.warnings.push_back(project.dataPath + " changed since the project was trained (SHA-256 differs)");
    if (config.int8.firstLayerFp32)
        r.warnings.push_back("text models quantize layer 0 too: its input range is the embedding table's");
    r.options.firstLayerFp32 = false;
    const TextModel model = loadTextModel(dir, project, "cpu");

    say("quantizing", 0.1);
    QuantizedTextModel q = quantizeTextModel(model);
    q.weightsSha256 = sha256File(folder.path(ProjectFolder::kModel));
    r.fp32Bytes = 4 * model.parameterCount();
    r.int8Bytes = q.bytes();

    say("running the test split", 0.2);
    const bool classify = project.task == TaskKind::Classify;
    if (classify)
        classifyTest(project, model, q, r, progress, cancelled);
    else
        charLmTest(project, model, q, r);
    if (cancelled()) throw Error("quantize was cancelled; nothing was written");

    if (config.write) {
        say("writing", 0.95);
        saveQuantizedTextModel(q, folder.path(ProjectFolder::kInt8Model), folder.path(ProjectFolder::kInt8Scales));
        r.written = {folder.path(ProjectFolder::kInt8Model), folder.path(ProjectFolder::kInt8Scales)};
        if (classify) {
            writeFileAtomically(folder.path(ProjectFolder::kQuantizePredictions), predictionsCsv(r));
            r.written.push_back(folder.path(ProjectFolder::kQuantizePredictions));
        }
    }
}

}  // namespace studio
