#pragma once

#include "base/enum_names.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace studio {

enum class TokenizerKind { Word, Char };

const EnumNames<TokenizerKind>& enumNames(TokenizerKind);

struct TokenizerOptions {
    TokenizerKind kind = TokenizerKind::Word;
    bool lowercase = true;
    // Word: each Chinese or Japanese character is a token of its own. Projects written before
    // this choice was recorded read false: such runs stayed whole, as one word.
    bool splitUnspaced = true;
};

// Splits UTF-8 text into tokens.
// Word: runs of letters and digits (any script; an apostrophe between two letters stays
// inside the word, "won't") are words; every other visible character is a token of its
// own ("!", "[", "€"); whitespace separates and is dropped. Chinese and Japanese, written
// without spaces between words, have no dictionary here: with splitUnspaced each of their
// characters is a token ("机器学习" gives 机 器 学 习), and the data report says so
// (holdsUnspacedScript).
// Char: every code point is a token, whitespace and line breaks included.
// Invalid UTF-8 bytes become U+FFFD. Lowercasing covers ASCII, Latin-1, Latin
// Extended-A, Greek and Cyrillic. Pure function; any thread.
std::vector<std::string> tokenize(const std::string& text, const TokenizerOptions& options);

// Decodes UTF-8 into code points (invalid bytes -> U+FFFD) and back.
std::vector<char32_t> decodeUtf8(const std::string& text);
// The code point at byte `i` of `text` (i < text.size()), moving `i` past it; one step of
// decodeUtf8, for walking a long text without holding its code points.
char32_t nextCodePoint(const std::string& text, std::size_t& i);
// True when `text` holds a character of a script written without spaces between words
// (Chinese ideographs, Japanese kana), which the word tokenizer takes one by one.
bool holdsUnspacedScript(const std::string& text);
// The lowercase form tokenize uses (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic).
char32_t lowerCodePoint(char32_t c);
std::string encodeUtf8(char32_t cp);

}  // namespace studio
