#include "tasks/text/text_project.h"

#include "base/error.h"
#include "project/project_folder.h"
#include "project/project_json.h"
#include "tasks/project_record_json.h"
#include "training/train_json.h"

namespace studio {

TextHead textHeadOf(TaskKind task) {
    switch (task) {
        case TaskKind::Classify: return TextHead::Classes;
        case TaskKind::CharLm: return TextHead::NextToken;
        case TaskKind::Forecast: break;
    }
    throw Error(toString(task) + " is no text task");
}

TaskKind taskOfHead(TextHead head) { return head == TextHead::Classes ? TaskKind::Classify : TaskKind::CharLm; }

void saveTextProjectFile(const std::string& dir, const TextProjectFile& p) {
    const TextSpec& t = p.text;
    const TextModelSpec& m = p.model;
    Json j = projectRecordJson(p, p.task);
    j.update({
        {"text",
         {{"text_column", t.textColumn},
          {"label_column", t.labelColumn},
          {"tokenizer", toString(t.tokenizer.kind)},
          {"lowercase", t.tokenizer.lowercase},
          {"split_cjk", t.tokenizer.splitUnspaced},
          {"min_freq", t.vocab.minFreq},
          {"max_vocab", t.vocab.maxSize},
          {"max_length", t.maxLength},
          {"split", {t.trainFraction, t.valFraction, t.testFraction}},
          {"split_seed", t.seed},
          {"chunk", t.chunk},
          {"stride", t.stride}}},
        {"model",
         {{"embedding_dim", m.embeddingDim},
          {"hidden", m.hidden},
          {"layers", m.layers},
          {"dropout", m.dropout},
          {"bidirectional", m.bidirectional},
          {"pooling", toString(m.pooling)},
          {"freeze_embedding", m.freezeEmbedding},
          {"vocab_size", m.vocabSize},
          {"classes", m.classes}}},
        {"vocab", p.vocab},
        {"labels", p.classes},
        {"vectors", {{"path", p.vectorsPath}, {"coverage", jsonNumber(p.vectorsCoverage)}}},
    });
    ProjectFolder(dir).commit(j.dump(2) + "\n");
}

TextProjectFile loadTextProjectFile(const std::string& dir) {
    return loadProjectJson<TextProjectFile>(dir, [](const Json& j, const std::string& path, TextProjectFile& p) {
        readProjectRecord(j, path, p);
        p.task = parseEnum<TaskKind>(j.at("task").get<std::string>());
        if (!isTextTask(p.task)) throw DataError(path + ": task '" + toString(p.task) + "' is not a text task");
        const Json& t = j.at("text");
        p.text.textColumn = t.value("text_column", "");
        p.text.labelColumn = t.value("label_column", "");
        p.text.tokenizer.kind = parseEnum<TokenizerKind>(t.at("tokenizer").get<std::string>());
        p.text.tokenizer.lowercase = t.at("lowercase").get<bool>();
        // Absent from projects written before Chinese and Japanese were split by character.
        p.text.tokenizer.splitUnspaced = t.value("split_cjk", false);
        p.text.vocab.minFreq = t.at("min_freq").get<int>();
        p.text.vocab.maxSize = t.at("max_vocab").get<int>();
        p.text.maxLength = t.at("max_length").get<int>();
        const auto split = t.at("split").get<std::vector<double>>();
        if (split.size() != 3) throw DataError(path + ": text.split must hold three fractions");
        p.text.trainFraction = split[0], p.text.valFraction = split[1], p.text.testFraction = split[2];
        p.text.seed = t.at("split_seed").get<std::uint64_t>();
        p.text.chunk = t.at("chunk").get<int>();
        p.text.stride = t.at("stride").get<int>();
        const Json& m = j.at("model");
        p.model.head = textHeadOf(p.task);
        p.model.embeddingDim = m.at("embedding_dim").get<int>();
        p.model.hidden = m.at("hidden").get<int>();
        p.model.layers = m.at("layers").get<int>();
        p.model.dropout = m.at("dropout").get<double>();
        p.model.bidirectional = m.at("bidirectional").get<bool>();
        p.model.pooling = parseEnum<Pooling>(m.at("pooling").get<std::string>());
        p.model.freezeEmbedding = m.value("freeze_embedding", false);
        p.model.vocabSize = m.at("vocab_size").get<int>();
        p.model.classes = m.at("classes").get<int>();
        p.vocab = j.at("vocab").get<std::vector<std::string>>();
        p.classes = j.at("labels").get<std::vector<std::string>>();
        if (static_cast<int>(p.vocab.size()) != p.model.vocabSize)
            throw DataError(path + ": the vocabulary lists " + std::to_string(p.vocab.size()) + " tokens, the model " +
                            std::to_string(p.model.vocabSize));
        if (p.task == TaskKind::Classify && static_cast<int>(p.classes.size()) != p.model.classes)
            throw DataError(path + ": labels and model disagree on the number of classes");
        p.vectorsPath = j.value("vectors", Json::object()).value("path", "");
        p.vectorsCoverage = jsonNumberOr(j.value("vectors", Json::object()), "coverage", 0.0);
        p.text.validate();
        p.model.validate();
        p.train.validate();
    });
}

void saveClassifyMetrics(const std::string& dir, const ClassificationMetrics& m,
                         const std::vector<std::string>& classes) {
    Json perClass = Json::object();
    for (std::size_t k = 0; k < classes.size(); ++k)
        perClass[classes[k]] = {
            {"precision", m.precision[k]}, {"recall", m.recall[k]}, {"f1", m.f1[k]}, {"support", m.support[k]}};
    const Json j = {{"task", toString(TaskKind::Classify)},
                    {"split", "test"},
                    {"n", m.n},
                    {"model",
                     {{"accuracy", m.accuracy},
                      {"macro_f1", m.macroF1},
                      {"per_class", perClass},
                      {"confusion", m.confusion},
                      {"labels", classes}}},
                    {"majority", {{"accuracy", m.majorityAccuracy}}}};
    ProjectFolder(dir).stage(ProjectFolder::kMetrics, j.dump(2) + "\n");
}

void saveCharLmMetrics(const std::string& dir, double bitsPerChar, double unigramBitsPerChar) {
    const Json j = {{"task", toString(TaskKind::CharLm)},
                    {"split", "test"},
                    {"model", {{"bits_per_char", jsonNumber(bitsPerChar)}}},
                    {"unigram", {{"bits_per_char", jsonNumber(unigramBitsPerChar)}}}};
    ProjectFolder(dir).stage(ProjectFolder::kMetrics, j.dump(2) + "\n");
}

}  // namespace studio
