#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace studio {

struct VocabOptions {
    int minFreq = 2;  // tokens seen fewer times in the training split map to <unk>
    int maxSize = 0;  // most frequent tokens kept, counting <pad> and <unk>; 0 = no limit
};

// Token <-> id. Id 0 is <pad>, id 1 is <unk>; the rest by falling frequency in the
// documents it was built from (ties alphabetical, so a build is reproducible).
class Vocabulary {
public:
    static constexpr int kPad = 0;
    static constexpr int kUnk = 1;

    Vocabulary();
    static Vocabulary build(const std::vector<std::vector<std::string>>& documents, const VocabOptions& options);
    // The same from counts already taken: token -> times seen in the training documents.
    static Vocabulary fromCounts(const std::unordered_map<std::string, long>& counts, const VocabOptions& options);
    static Vocabulary fromTokens(const std::vector<std::string>& tokens);  // ids in order; [0], [1] = pad, unk

    int id(const std::string& token) const;  // kUnk when unknown
    const std::string& token(int id) const;
    std::size_t size() const { return tokens_.size(); }
    const std::vector<std::string>& tokens() const { return tokens_; }
    std::vector<int> encode(const std::vector<std::string>& tokens) const;
    // Share of the tokens in `documents` that the vocabulary knows (not <unk>), in [0, 1].
    double coverage(const std::vector<std::vector<std::string>>& documents) const;

private:
    std::vector<std::string> tokens_;
    std::unordered_map<std::string, int> ids_;
};

} // namespace studio
