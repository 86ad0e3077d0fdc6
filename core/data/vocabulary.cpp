#include "data/vocabulary.h"

#include "base/error.h"

#include <algorithm>

namespace studio {

Vocabulary::Vocabulary() : tokens_{"<pad>", "<unk>"}, ids_{{"<pad>", kPad}, {"<unk>", kUnk}} {}

Vocabulary Vocabulary::build(const std::vector<std::vector<std::string>>& documents, const VocabOptions& options) {
    std::unordered_map<std::string, long> counts;
    for (const auto& doc : documents)
        for (const auto& t : doc) ++counts[t];
    return fromCounts(counts, options);
}

Vocabulary Vocabulary::fromCounts(const std::unordered_map<std::string, long>& counts, const VocabOptions& options) {
    std::vector<std::pair<std::string, long>> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    Vocabulary v;
    for (const auto& [token, count] : sorted) {
        if (count < options.minFreq) break;
        if (options.maxSize > 0 && static_cast<int>(v.tokens_.size()) >= options.maxSize) break;
        if (v.ids_.count(token)) continue;  // a literal "<pad>" or "<unk>" in the text
        v.ids_.emplace(token, static_cast<int>(v.tokens_.size()));
        v.tokens_.push_back(token);
    }
    return v;
}

Vocabulary Vocabulary::fromTokens(const std::vector<std::string>& tokens) {
    if (tokens.size() < 2 || tokens[0] != "<pad>" || tokens[1] != "<unk>")
        throw DataError("vocabulary must start with <pad> and <unk>");
    Vocabulary v;
    v.tokens_ = tokens;
    v.ids_.clear();
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (!v.ids_.emplace(tokens[i], static_cast<int>(i)).second)
            throw DataError("vocabulary lists '" + tokens[i] + "' twice");
    return v;
}

int Vocabulary::id(const std::string& token) const {
    const auto it = ids_.find(token);
    return it == ids_.end() ? kUnk : it->second;
}

const std::string& Vocabulary::token(int id) const { return tokens_.at(static_cast<std::size_t>(id)); }

std::vector<int> Vocabulary::encode(const std::vector<std::string>& tokens) const {
    std::vector<int> out;
    out.reserve(tokens.size());
    for (const auto& t : tokens) out.push_back(id(t));
    return out;
}

double Vocabulary::coverage(const std::vector<std::vector<std::string>>& documents) const {
    std::size_t known = 0, total = 0;
    for (const auto& doc : documents)
        for (const auto& t : doc) {
            ++total;
            known += ids_.count(t) > 0;
        }
    return total ? double(known) / total : 1.0;
}

} // namespace studio
