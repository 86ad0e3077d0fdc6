#pragma once

#include "data/text_tokenizer.h"
#include "data/vocabulary.h"

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

struct CsvTable;

// How text becomes token ids. Every field has a default.
struct TextSpec {
    std::string textColumn;   // classify: the column holding the text
    std::string labelColumn;  // classify: the column holding the class
    TokenizerOptions tokenizer;
    VocabOptions vocab;
    int maxLength = 0;  // tokens kept from the start of each text; 0 = all
    double trainFraction = 0.7, valFraction = 0.15, testFraction = 0.15;
    // Classify: rows are shuffled with `seed` before the split. Char LM: the text is
    // split in reading order.
    std::uint64_t seed = 42;
    int chunk = 100;  // char LM: characters per training sequence
    int stride = 0;   // char LM: characters between chunk starts; 0 = chunk

    void validate() const;  // throws UsageError
};

struct TextReport {
    std::size_t rowsRead = 0, rowsUsed = 0, rowsDropped = 0;
    std::vector<std::string> notes;
    double trainCoverage = 0, testCoverage = 0;  // share of tokens the vocabulary knows
    std::vector<std::size_t> classCounts;         // classify: rows per class, all splits
};

struct TextExamples {
    std::vector<std::vector<int>> ids;  // token ids per text, never empty
    std::vector<int> labels;            // class index per text
    std::vector<std::size_t> rows;      // data row in the file
};

// Labeled texts for classification; the vocabulary comes from the training split only.
struct TextClassData {
    TextSpec spec;
    std::vector<std::string> classes;  // sorted; label index = position
    Vocabulary vocab;
    TextExamples train, val, test;
    TextReport report;
};

// One long text as a stream of character ids, split in reading order.
struct CharLmData {
    TextSpec spec;
    Vocabulary vocab;
    std::vector<int> train, val, test;
    std::vector<double> unigram;  // training frequency of each id (add-one smoothed), sums to 1
    TextReport report;
};

TextClassData buildTextClassData(const CsvTable& table, const TextSpec& spec);

// A labeled CSV for classification: read with every cell's text kept, so that labels are
// the strings the file holds ("1", "01" and "1.0" are three classes).
CsvTable readLabeledCsv(const std::string& path);
CharLmData buildCharLmData(const std::string& text, const std::string& name, const TextSpec& spec);

// Reads a UTF-8 text file (readDataFile, requireUtf8Text); throws DataError naming the
// file for a missing, unreadable, binary, UTF-16, non-UTF-8, empty or blank file.
std::string readTextFile(const std::string& path);

// Token ids of one text as the classifier sees it (cut at maxLength, <unk> when empty).
std::vector<int> encodeText(const std::string& text, const TextSpec& spec, const Vocabulary& vocab);

} // namespace studio
