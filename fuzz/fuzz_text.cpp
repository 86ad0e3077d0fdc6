// libFuzzer target: the text loaders. An input is read as a text file (readTextFile), then
// tokenized and split for the character language model; the same bytes are also read as a
// labeled CSV (first column the text, last the label) for the classifier's data. Only
// studio::Error may come out of them.

#include "data/csv_reader.h"
#include "data/text_dataset.h"
#include "base/error.h"
#include "fuzz_input.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

void charLm(const std::string& path, bool lowercase) {
    studio::TextSpec spec;
    spec.chunk = 4;
    spec.tokenizer.lowercase = lowercase;
    const std::string text = studio::readTextFile(path);
    studio::tokenize(text, {studio::TokenizerKind::Word, lowercase});
    studio::buildCharLmData(text, path, spec);
}

void classify(const std::string& text, bool charTokens) {
    const studio::CsvTable table = studio::parseCsv(text, "fuzz.csv");
    if (table.columns.size() < 2) return;
    studio::TextSpec spec;
    spec.textColumn = table.columns.front().name;
    spec.labelColumn = table.columns.back().name;
    spec.tokenizer.kind = charTokens ? studio::TokenizerKind::Char : studio::TokenizerKind::Word;
    spec.vocab.minFreq = 1;
    spec.maxLength = 8;
    const studio::TextClassData data = studio::buildTextClassData(table, spec);
    if (!data.train.ids.empty()) studio::encodeText(text, spec, data.vocab);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = studio::fuzz::writeScratchFile("input.txt", data, size);
    try {
        charLm(path, size % 2 == 0);
    } catch (const studio::Error&) {
    }
    try {
        classify(std::string(reinterpret_cast<const char*>(data), size), size % 3 == 0);
    } catch (const studio::Error&) {
    }
    return 0;
}
