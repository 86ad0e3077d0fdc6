#include "data/word_vectors.h"

#include "data/csv_reader.h"
#include "data/vocabulary.h"
#include "base/error.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace studio {

WordVectors loadWordVectors(const std::string& path, const Vocabulary& vocab, int dim,
                            const std::vector<float>& initial) {
    std::ifstream in(path);
    if (!in) throw DataError(path + ": cannot be opened");
    WordVectors v;
    v.dim = dim;
    v.matrix = initial;
    if (v.matrix.size() != vocab.size() * static_cast<std::size_t>(dim))
        throw Error("initial embedding does not match the vocabulary");
    std::vector<bool> seen(vocab.size(), false);
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::istringstream fields(line);
        std::string word;
        if (!(fields >> word)) continue;
        std::vector<std::string> rest;
        for (std::string f; fields >> f;) rest.push_back(f);
        if (lineNo == 1 && rest.size() == 1) continue;  // word2vec header: "count dim"
        if (static_cast<int>(rest.size()) != dim)
            throw DataError(path + ":" + std::to_string(lineNo) + ": expected " + std::to_string(dim) +
                            " numbers after the word, found " + std::to_string(rest.size()) +
                            " (the embedding size must equal the vectors' size: --embedding-dim)");
        const int id = vocab.id(word);
        if (id <= Vocabulary::kUnk || seen[id]) continue;
        for (int k = 0; k < dim; ++k) {
            double value;
            if (!parseNumber(rest[k], value))
                throw DataError(path + ":" + std::to_string(lineNo) + ": '" + rest[k] + "' is not a number");
            // As in the CSV reader: the model computes in 32-bit floats.
            if (!std::isfinite(value) || std::abs(value) > std::numeric_limits<float>::max())
                throw DataError(path + ":" + std::to_string(lineNo) + ": '" + rest[k] + "' (value " +
                                std::to_string(k + 1) + " of '" + word +
                                "') is not a finite number within the range of the model's 32-bit numbers; "
                                "expected finite values");
            v.matrix[static_cast<std::size_t>(id) * dim + k] = static_cast<float>(value);
        }
        seen[id] = true;
        ++v.found;
    }
    v.coverage = vocab.size() > 2 ? double(v.found) / (vocab.size() - 2) : 0.0;
    return v;
}

} // namespace studio
