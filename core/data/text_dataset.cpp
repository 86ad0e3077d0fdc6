#include "data/text_dataset.h"

#include "data/csv_reader.h"
#include "data/data_file.h"
#include "data/series_dataset.h"
#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <unordered_map>

namespace studio {
namespace {

std::string cellText(const CsvColumn& column, std::size_t row) {
    if (row < column.text.size() && !column.text[row].empty()) return column.text[row];
    const double v = column.numbers.empty() ? std::nan("") : column.numbers[row];
    if (std::isnan(v)) return {};
    std::ostringstream s;
    s.imbue(std::locale::classic());
    s << v;
    return s.str();
}

std::size_t columnIndex(const CsvTable& table, const std::string& name, const char* role) {
    const int i = table.find(name);
    if (i < 0) {
        std::string names;
        for (const auto& c : table.columns) names += (names.empty() ? "" : ", ") + c.name;
        throw UsageError(table.path + ": no column named '" + name + "' for the " + role + " (columns: " + names + ")");
    }
    return static_cast<std::size_t>(i);
}

std::vector<int> cut(std::vector<int> ids, int maxLength) {
    if (maxLength > 0 && static_cast<int>(ids.size()) > maxLength) ids.resize(maxLength);
    if (ids.empty()) ids.push_back(Vocabulary::kUnk);
    return ids;
}

} // namespace

void TextSpec::validate() const {
    if (maxLength < 0) throw UsageError("max length must be 0 (no limit) or positive");
    if (vocab.minFreq < 1) throw UsageError("min frequency must be at least 1");
    if (vocab.maxSize < 0 || vocab.maxSize == 1 || vocab.maxSize == 2)
        throw UsageError("max vocabulary must be 0 (no limit) or above 2");
    validateSplit(trainFraction, valFraction, testFraction);
    if (!textColumn.empty() && textColumn == labelColumn)
        throw UsageError("the text column and the label column are both '" + textColumn + "': name two columns");
    if (chunk < 2) throw UsageError("chunk must be at least 2 characters");
    if (stride < 0) throw UsageError("stride must be 0 (= chunk) or positive");
}

std::vector<int> encodeText(const std::string& text, const TextSpec& spec, const Vocabulary& vocab) {
    return cut(vocab.encode(tokenize(text, spec.tokenizer)), spec.maxLength);
}

CsvTable readLabeledCsv(const std::string& path) {
    CsvOptions options;
    options.keepCellText = true;
    return readCsv(path, options);
}

namespace {
// Examples a label needs to become a class: one for each split.
constexpr std::size_t kMinClassExamples = 3;
}  // namespace

TextClassData buildTextClassData(const CsvTable& table, const TextSpec& spec) {
    spec.validate();
    TextClassData d;
    d.spec = spec;
    const CsvColumn& textCol = table.columns[columnIndex(table, spec.textColumn, "text")];
    const CsvColumn& labelCol = table.columns[columnIndex(table, spec.labelColumn, "label")];
    d.report.rowsRead = table.rowCount();

    std::vector<std::size_t> rows;
    std::vector<std::string> labels;
    std::size_t noted = 0;
    for (std::size_t r = 0; r < table.rowCount(); ++r) {
        std::string label = cellText(labelCol, r);
        const bool noText = cellText(textCol, r).find_first_not_of(" \t\r\n") == std::string::npos;
        if (label.empty() || noText) {
            ++d.report.rowsDropped;
            if (noted++ < 5)
                d.report.notes.push_back("line " + std::to_string(table.lineOfRow[r]) + ": " +
                                         (label.empty() ? "no label" : "no text") + ", row dropped");
            continue;
        }
        rows.push_back(r);
        labels.push_back(std::move(label));
    }
    std::map<std::string, std::size_t> counts;
    for (const auto& l : labels) ++counts[l];
    // A class needs an example in each split to be learned and measured: rarer labels (a
    // column of ids, one per row) are dropped with a note, never made into thousands of
    // classes the model cannot learn.
    std::vector<std::string> rare;
    std::size_t rareRows = 0;
    for (const auto& [name, count] : counts)
        if (count < kMinClassExamples) {
            rare.push_back(name);
            rareRows += count;
        }
    if (!rare.empty()) {
        std::vector<std::size_t> keptRows;
        std::vector<std::string> keptLabels;
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (counts[labels[i]] >= kMinClassExamples) {
                keptRows.push_back(rows[i]);
                keptLabels.push_back(std::move(labels[i]));
            }
        rows = std::move(keptRows);
        labels = std::move(keptLabels);
        d.report.rowsDropped += rareRows;
        std::string examples;
        for (std::size_t i = 0; i < rare.size() && i < 3; ++i) examples += (i ? ", '" : "'") + rare[i] + "'";
        d.report.notes.push_back(std::to_string(rareRows) + " row(s) of " + std::to_string(rare.size()) +
                                 " label(s) with fewer than " + std::to_string(kMinClassExamples) +
                                 " examples dropped (" + examples + (rare.size() > 3 ? ", ..." : "") + ")");
        for (const auto& name : rare) counts.erase(name);
    }
    d.report.rowsUsed = rows.size();
    for (const auto& [name, count] : counts) {
        d.classes.push_back(name);
        d.report.classCounts.push_back(count);
    }
    if (d.classes.size() < 2) {
        const std::string rareNote =
            rare.empty() ? std::string()
                         : " (" + std::to_string(rare.size()) + " other label(s) have fewer than " +
                               std::to_string(kMinClassExamples) + " examples each: is it a label column?)";
        throw DataError(table.path + ": the label column '" + labelCol.name + "' holds " +
                        (d.classes.empty() ? std::string("no label with ") + std::to_string(kMinClassExamples) +
                                                 " or more examples"
                                           : "only the class '" + d.classes[0] + "'") +
                        rareNote + "; classification needs at least two classes");
    }
    const std::size_t n = rows.size();
    const std::size_t nTrain = static_cast<std::size_t>(std::floor(n * spec.trainFraction));
    const std::size_t nVal = static_cast<std::size_t>(std::floor(n * spec.valFraction));
    if (nTrain == 0 || nVal == 0 || n - nTrain - nVal == 0)
        throw UsageError(table.path + ": " + std::to_string(n) + " labeled rows are too few for three splits");

    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(spec.seed);
    std::shuffle(order.begin(), order.end(), rng);

    std::vector<std::vector<std::string>> tokens(n);
    std::size_t unspaced = 0;  // texts in Chinese or Japanese, split by character
    for (std::size_t i = 0; i < n; ++i) {
        const std::string text = cellText(textCol, rows[i]);
        tokens[i] = tokenize(text, spec.tokenizer);
        if (spec.tokenizer.kind == TokenizerKind::Word && spec.tokenizer.splitUnspaced && holdsUnspacedScript(text))
            ++unspaced;
    }
    if (unspaced > 0)
        d.report.notes.push_back(std::to_string(unspaced) + " of " + std::to_string(n) +
                                 " texts hold Chinese or Japanese, written without spaces between words: the word "
                                 "tokenizer has no dictionary for them and takes each of their characters as a token "
                                 "(--tokenizer char reads every text so)");
    std::vector<std::vector<std::string>> trainDocs, testDocs;
    for (std::size_t k = 0; k < nTrain; ++k) trainDocs.push_back(tokens[order[k]]);
    for (std::size_t k = nTrain + nVal; k < n; ++k) testDocs.push_back(tokens[order[k]]);
    d.vocab = Vocabulary::build(trainDocs, spec.vocab);
    d.report.trainCoverage = d.vocab.coverage(trainDocs);
    d.report.testCoverage = d.vocab.coverage(testDocs);

    std::size_t cutTexts = 0, longest = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = order[k];
        TextExamples& split = k < nTrain ? d.train : k < nTrain + nVal ? d.val : d.test;
        longest = std::max(longest, tokens[i].size());
        if (spec.maxLength > 0 && tokens[i].size() > static_cast<std::size_t>(spec.maxLength)) ++cutTexts;
        split.ids.push_back(cut(d.vocab.encode(tokens[i]), spec.maxLength));
        split.labels.push_back(static_cast<int>(
            std::lower_bound(d.classes.begin(), d.classes.end(), labels[i]) - d.classes.begin()));
        split.rows.push_back(rows[i]);
    }
    if (cutTexts > 0)
        d.report.notes.push_back(std::to_string(cutTexts) + " of " + std::to_string(n) + " texts were cut to their first " +
                                 std::to_string(spec.maxLength) + " tokens (the longest has " +
                                 std::to_string(longest) + "); --max-length sets the limit, 0 keeps texts whole");
    return d;
}

CharLmData buildCharLmData(const std::string& text, const std::string& name, const TextSpec& spec) {
    spec.validate();
    CharLmData d;
    d.spec = spec;
    d.spec.tokenizer.kind = TokenizerKind::Char;
    // The text is walked three times instead of being held as tokens: a long text costs
    // its bytes plus four bytes of id per character, and nothing more.
    const bool lowercase = d.spec.tokenizer.lowercase;
    auto forEachChar = [&](auto&& visit) {
        for (std::size_t i = 0, k = 0; i < text.size(); ++k) {
            const char32_t c = nextCodePoint(text, i);
            visit(k, lowercase ? lowerCodePoint(c) : c);
        }
    };
    std::size_t n = 0;
    forEachChar([&](std::size_t, char32_t) { ++n; });
    const std::size_t nTrain = static_cast<std::size_t>(std::floor(n * spec.trainFraction));
    const std::size_t nVal = static_cast<std::size_t>(std::floor(n * spec.valFraction));
    const std::size_t need = static_cast<std::size_t>(spec.chunk) + 1;
    if (nVal < need || n - nTrain - nVal < need)
        throw DataError(name + ": " + std::to_string(n) + " characters are too few: every split needs at least " +
                        std::to_string(need) + " (chunk " + std::to_string(spec.chunk) + " + 1)");

    // Counts per character in the training split (the vocabulary's) and in the test split.
    std::unordered_map<char32_t, long> trainCounts, testCounts;
    forEachChar([&](std::size_t k, char32_t c) {
        if (k < nTrain)
            ++trainCounts[c];
        else if (k >= nTrain + nVal)
            ++testCounts[c];
    });
    std::unordered_map<std::string, long> counts;
    for (const auto& [c, count] : trainCounts) counts.emplace(encodeUtf8(c), count);
    d.vocab = Vocabulary::fromCounts(counts, spec.vocab);
    std::unordered_map<char32_t, int> ids;
    for (const auto& [c, count] : trainCounts) ids.emplace(c, d.vocab.id(encodeUtf8(c)));
    for (const auto& [c, count] : testCounts) ids.emplace(c, d.vocab.id(encodeUtf8(c)));
    auto coverage = [&ids](const std::unordered_map<char32_t, long>& seen) {
        long known = 0, total = 0;
        for (const auto& [c, count] : seen) {
            total += count;
            if (ids.at(c) != Vocabulary::kUnk) known += count;
        }
        return total ? double(known) / double(total) : 1.0;
    };
    d.report.rowsRead = d.report.rowsUsed = n;
    d.report.trainCoverage = coverage(trainCounts);
    d.report.testCoverage = coverage(testCounts);

    d.train.reserve(nTrain), d.val.reserve(nVal), d.test.reserve(n - nTrain - nVal);
    forEachChar([&](std::size_t k, char32_t c) {
        const auto it = ids.find(c);  // a character seen only in validation is unknown
        const int id = it == ids.end() ? Vocabulary::kUnk : it->second;
        (k < nTrain ? d.train : k < nTrain + nVal ? d.val : d.test).push_back(id);
    });
    d.unigram.assign(d.vocab.size(), 1.0);
    for (const auto& [c, count] : trainCounts) d.unigram[static_cast<std::size_t>(ids.at(c))] += double(count);
    const double total = std::accumulate(d.unigram.begin(), d.unigram.end(), 0.0);
    for (double& p : d.unigram) p /= total;
    return d;
}

std::string readTextFile(const std::string& path) {
    std::string text = readDataFile(path);
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    requireUtf8Text(text, path);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw DataError(path + ": holds no text" +
                        (text.empty() ? std::string(" (the file is empty)") : " (only white space)") +
                        "; expected the text to learn from");
    return text;
}

} // namespace studio
