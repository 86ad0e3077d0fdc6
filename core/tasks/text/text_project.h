#pragma once

#include "tasks/task_kind.h"
#include "data/text_dataset.h"
#include "tasks/task_files.h"
#include "nn/text_model_spec.h"
#include "training/metrics.h"
#include "training/train_config.h"

#include <string>
#include <utility>
#include <vector>

namespace studio {

// project.json of a text project (task classify or charlm). The folder holds the same
// files as a forecast project: model.pt, checkpoint.pt, history.jsonl, metrics.json, and
// for classify predictions.csv (row,label,p_<class>...,true_label).
// The head of a text task's network: classify predicts classes, charlm the next token.
// Throws Error for a task that is not a text task.
TextHead textHeadOf(TaskKind task);
TaskKind taskOfHead(TextHead head);

struct TextProjectFile : ProjectRecord {
    TaskKind task = TaskKind::Classify;
    TextSpec text;
    TextModelSpec model;
    std::vector<std::string> vocab;    // token of each id
    std::vector<std::string> classes;  // classify: label of each class index
    std::string vectorsPath;           // pretrained vectors, if any
    double vectorsCoverage = 0.0;
};

void saveTextProjectFile(const std::string& dir, const TextProjectFile& project);
TextProjectFile loadTextProjectFile(const std::string& dir);  // throws DataError

void saveClassifyMetrics(const std::string& dir, const ClassificationMetrics& m, const std::vector<std::string>& classes);
void saveCharLmMetrics(const std::string& dir, double bitsPerChar, double unigramBitsPerChar);

} // namespace studio
