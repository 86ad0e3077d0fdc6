#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace studio {

class Vocabulary;

// Pretrained vectors lined up with a vocabulary.
struct WordVectors {
    int dim = 0;
    std::size_t found = 0;   // vocabulary tokens (besides <pad>, <unk>) the file had
    double coverage = 0.0;   // found / (vocabulary size - 2)
    std::vector<float> matrix;  // [vocab, dim] row-major
};

// Reads a GloVe or word2vec text file ("word v1 v2 ...", one per line; a word2vec
// "count dim" first line is skipped) and puts each vocabulary token's vector in its row.
// Rows of tokens the file lacks keep `initial` ([vocab, dim], the model's own values).
// Throws DataError naming file and line for a malformed line or a dimension other than
// `dim`.
WordVectors loadWordVectors(const std::string& path, const Vocabulary& vocab, int dim,
                            const std::vector<float>& initial);

} // namespace studio
