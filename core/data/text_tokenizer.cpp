#include "data/text_tokenizer.h"

#include "base/error.h"

namespace studio {
namespace {

bool isSpace(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000 || c == 0xFEFF;
}

// Punctuation and symbols outside ASCII that must not glue onto words.
bool isNonAsciiPunct(char32_t c) {
    return (c >= 0xA1 && c <= 0xBF && c != 0xAA && c != 0xB5 && c != 0xBA) || c == 0xD7 || c == 0xF7 ||
           (c >= 0x2010 && c <= 0x205E) || (c >= 0x20A0 && c <= 0x20CF) || (c >= 0x2190 && c <= 0x2BFF) ||
           (c >= 0x3001 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
           (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) || c == 0xFFFD ||
           (c >= 0x1F000 && c <= 0x1FAFF);
}

// Scripts written without spaces between words: Chinese ideographs (the unified block, its
// extensions and compatibility forms) and Japanese kana.
bool isUnspaced(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x323AF) || (c >= 0x3040 && c <= 0x30FF);
}

bool isWordChar(char32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return !isSpace(c) && !isNonAsciiPunct(c);
}

char32_t toLower(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;  // Latin-1
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
        // Latin Extended-A pairs upper/lower as even/odd, shifted by one after U+0138.
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 1) ? c + 1 : c;
        return (c % 2 == 0) ? c + 1 : c;
    }
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;  // Greek
    if (c >= 0x410 && c <= 0x42F) return c + 32;                // Cyrillic
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}

}  // namespace

const EnumNames<TokenizerKind>& enumNames(TokenizerKind) {
    static const EnumNames<TokenizerKind> names{"tokenizer",
                                                {{TokenizerKind::Word, "word"}, {TokenizerKind::Char, "char"}}};
    return names;
}

char32_t nextCodePoint(const std::string& text, std::size_t& i) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    const unsigned char b = s[i];
    const int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    bool ok = len > 0 && i + len <= n;
    for (int k = 1; ok && k < len; ++k) {
        if ((s[i + k] & 0xC0) != 0x80)
            ok = false;
        else
            cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are as invalid as stray bytes.
    if (ok && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
               (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF))
        ok = false;
    if (!ok) {
        ++i;
        return 0xFFFD;
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

std::vector<char32_t> decodeUtf8(const std::string& text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) out.push_back(nextCodePoint(text, i));
    return out;
}

char32_t lowerCodePoint(char32_t c) { return toLower(c); }

bool holdsUnspacedScript(const std::string& text) {
    for (std::size_t i = 0; i < text.size();)
        if (isUnspaced(nextCodePoint(text, i))) return true;
    return false;
}

std::string encodeUtf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

std::vector<std::string> tokenize(const std::string& text, const TokenizerOptions& options) {
    std::vector<char32_t> cps = decodeUtf8(text);
    if (options.lowercase)
        for (char32_t& c : cps) c = toLower(c);
    std::vector<std::string> tokens;
    if (options.kind == TokenizerKind::Char) {
        tokens.reserve(cps.size());
        for (char32_t c : cps) tokens.push_back(encodeUtf8(c));
        return tokens;
    }
    std::string word;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i];
        const bool apostrophe =
            (c == '\'' || c == 0x2019) && !word.empty() && i + 1 < cps.size() && isWordChar(cps[i + 1]);
        if ((isWordChar(c) && !(options.splitUnspaced && isUnspaced(c))) || apostrophe) {
            word += encodeUtf8(c);
            continue;
        }
        if (!word.empty()) tokens.push_back(std::move(word)), word.clear();
        if (!isSpace(c) && c >= 0x20) tokens.push_back(encodeUtf8(c));
    }
    if (!word.empty()) tokens.push_back(std::move(word));
    return tokens;
}

}  // namespace studio
