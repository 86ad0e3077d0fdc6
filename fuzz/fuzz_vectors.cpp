// libFuzzer target: the pretrained word-vector reader (GloVe / word2vec text). An input is
// read as a vectors file for a small vocabulary at the dimension its first byte picks;
// only studio::Error may come out, and what is read must be finite.

#include "data/vocabulary.h"
#include "data/word_vectors.h"
#include "base/error.h"
#include "fuzz_input.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const studio::Vocabulary vocab =
        studio::Vocabulary::fromTokens({"<pad>", "<unk>", "the", "a", "of", "cat", "dog", "x"});
    const int dim = size > 0 ? 1 + data[0] % 8 : 2;
    const std::string path = studio::fuzz::writeScratchFile("vectors.txt", data, size);
    const std::vector<float> initial(vocab.size() * static_cast<std::size_t>(dim), 0.5f);
    try {
        const studio::WordVectors v = studio::loadWordVectors(path, vocab, dim, initial);
        if (v.matrix.size() != initial.size() || v.found > vocab.size() - 2) std::abort();
        for (float x : v.matrix)
            if (!std::isfinite(x)) std::abort();
    } catch (const studio::Error&) {
    }
    return 0;
}
