#pragma once

#include "tasks/task_kind.h"
#include "data/text_dataset.h"
#include "nn/text_model_spec.h"
#include "tasks/text/text_project.h"
#include "training/metrics.h"
#include "training/train_config.h"
#include "base/device_memory.h"
#include "base/threads.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace studio {

class TextModel;

// `train --task classify|charlm` end to end: read the data, tokenize, build the
// vocabulary, train, evaluate on the test split, write the project folder. Shared by the
// CLI and the GUI's worker; synchronous.
struct TextJobConfig {
    TaskKind task = TaskKind::Classify;
    std::string dataPath;  // classify: CSV; charlm: UTF-8 text
    TextSpec text;
    TextModelSpec model;   // vocabSize and classes are filled in from the data
    TrainConfig train;
    std::string vectorsPath;  // optional GloVe/word2vec text file
    bool freezeVectors = false;
    std::string outDir;
    // Charlm: every `sampleEvery` training batches (0 = never) a short text generated from
    // the current weights goes to onSample, on the training thread.
    int sampleEvery = 0;
    std::function<void(const std::string& sample)> onSample;
};

struct TextJobResult {
    TaskKind task = TaskKind::Classify;
    TrainResult train;
    TextReport report;
    std::vector<std::string> classes;
    std::size_t vocabSize = 0;
    ClassificationMetrics classify;  // classify: test split
    double bitsPerChar = 0.0;        // charlm: test split
    double unigramBitsPerChar = 0.0;
    double vectorsCoverage = -1.0;   // share of the vocabulary found in the vectors file; -1 = none
    std::string sample;              // charlm: a short generated text
    std::string device;
    std::int64_t parameters = 0;
    ThreadSettings threads;
    DeviceMemory deviceMemory;
    std::vector<std::string> warnings;
};

TextJobResult trainText(const TextJobConfig& config, TrainObserver* observer = nullptr,
                        const std::atomic<bool>* cancel = nullptr);
TextJobResult resumeText(const std::string& dir, int epochs, TrainObserver* observer = nullptr,
                         const std::atomic<bool>* cancel = nullptr);
TextJobResult evaluateTextProject(const std::string& dir);

// Classify: predicts every row of a CSV with the project's text column and writes
// row,label,p_<class>... (plus true_label when the file has the label column).
std::size_t predictTextProject(const std::string& dir, const std::string& dataPath, const std::string& outCsv);

// Charlm: continues `prompt` by `length` characters; once `cancel` is set it stops and
// returns the text so far.
std::string generateText(const std::string& dir, const std::string& prompt, int length, double temperature,
                         std::uint64_t seed, const std::atomic<bool>* cancel = nullptr);

// Classify: class probabilities and attention weights for one text of the project's kind
// (for the GUI's attention view). tokens receives the text's tokens as the model saw them.
std::vector<float> explainText(const std::string& dir, const std::string& text, std::vector<std::string>* tokens,
                               std::vector<float>* attention);

// The project's saved model (model.pt) on `device`.
TextModel loadTextModel(const std::string& dir, const TextProjectFile& project, const std::string& device);

} // namespace studio
