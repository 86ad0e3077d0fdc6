#include "data/csv_reader.h"

#include "error.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <string_view>
#include <system_error>

namespace studio {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Often enough for a smooth progress bar, rare enough that the callback costs nothing.
constexpr std::size_t kProgressEveryRecords = 4096;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool isSpace(char c) { return c == ' ' || c == '\t'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

bool isBlank(std::string_view s) { return trim(s).empty(); }

// Frees the buffer too: a million cleared long strings would otherwise keep their memory.
void release(std::string& s) { std::string().swap(s); }

bool parseNumberView(std::string_view s, double& out) {
    s = trim(s);
    const bool plus = !s.empty() && s.front() == '+';
    if (plus)  // from_chars rejects a leading '+', people write it anyway
        s.remove_prefix(1);
    const std::size_t first = (!plus && !s.empty() && s.front() == '-') ? 1 : 0;
    // from_chars would take "nan", "inf" and "infinity"; a number starts with a digit or point.
    if (first >= s.size() || !(isDigit(s[first]) || s[first] == '.')) return false;
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) return false;
    out = value;
    return true;
}

bool readDigits(std::string_view s, std::size_t pos, std::size_t count, int& value) {
    if (pos + count > s.size()) return false;
    value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (!isDigit(s[i])) return false;
        value = value * 10 + (s[i] - '0');
    }
    return true;
}

bool isLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m) {
    static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeapYear(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar, no tables.
long long daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool parseDateView(std::string_view s, double& days) {
    s = trim(s);
    int year = 0, month = 0, day = 1;
    if (!readDigits(s, 0, 4, year) || s.size() < 7 || s[4] != '-' || !readDigits(s, 5, 2, month))
        return false;
    if (month < 1 || month > 12) return false;
    if (s.size() == 7) {
        days = static_cast<double>(daysFromCivil(year, month, 1));
        return true;
    }
    if (s[7] != '-' || !readDigits(s, 8, 2, day) || day < 1 || day > daysInMonth(year, month)) return false;
    const double date = static_cast<double>(daysFromCivil(year, month, day));
    if (s.size() == 10) {
        days = date;
        return true;
    }
    const char separator = s[10];
    int hour = 0, minute = 0, second = 0;
    if ((separator != ' ' && separator != 'T') || !readDigits(s, 11, 2, hour) || s.size() < 14 ||
        s[13] != ':' || !readDigits(s, 14, 2, minute))
        return false;
    std::size_t pos = 16;
    double fraction = 0;
    if (pos < s.size() && s[pos] == ':') {
        if (!readDigits(s, 17, 2, second)) return false;
        pos = 19;
        if (pos < s.size() && s[pos] == '.') {
            double scale = 0.1;
            for (++pos; pos < s.size() && isDigit(s[pos]); ++pos, scale /= 10)
                fraction += (s[pos] - '0') * scale;
            if (s[pos - 1] == '.') return false;
        }
    }
    if (separator == 'T' && pos < s.size() && s[pos] == 'Z') ++pos;
    if (pos != s.size() || hour > 23 || minute > 59 || second > 59) return false;
    days = date + (hour * 3600.0 + minute * 60.0 + second + fraction) / 86400.0;
    return true;
}

// Length of the valid UTF-8 sequence at p (Unicode table 3-7: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0.
std::size_t utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
    const unsigned char c = p[0];
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        low = c == 0xE0 ? 0xA0 : 0x80;
        high = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        low = c == 0xF0 ? 0x90 : 0x80;
        high = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (end - p < static_cast<std::ptrdiff_t>(length) || p[1] < low || p[1] > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return length;
}

std::string describeDelimiter(char delimiter) {
    if (delimiter == '\t') return "tabs";
    return std::string("'") + delimiter + "'";
}

// A place in the text; the column is computed only when an error needs it.
struct Position {
    std::size_t line = 1;
    const char* lineStart = nullptr;
    const char* at = nullptr;
};

class Parser {
public:
    Parser(const std::string& text, const std::string& name, const CsvOptions& options)
        : name_(name), options_(options), begin_(text.data()), end_(text.data() + text.size()) {
        p_ = begin_;
        if (std::string_view(text).substr(0, kBom.size()) == kBom) p_ += kBom.size();
        lineStart_ = p_;
    }

    CsvTable run();

private:
    [[noreturn]] void fail(const Position& pos, const std::string& what) const {
        // Columns count characters, not bytes, so they match what an editor shows.
        const std::size_t column =
            1 + static_cast<std::size_t>(std::count_if(pos.lineStart, pos.at, [](char c) {
                return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
            }));
        throw DataError(name_ + ":" + std::to_string(pos.line) + ":" + std::to_string(column) + ": " + what);
    }
    Position here() const { return {line_, lineStart_, p_}; }

    void validateEncoding() const;
    char detectDelimiter() const;
    void skipBlankLines();
    bool readRecord();
    void readQuoted(std::string& out);
    void readUnquoted(std::string& out);
    void reportProgress() const;
    std::vector<std::string> readHeader();

    const std::string& name_;
    const CsvOptions& options_;
    const char* begin_;
    const char* end_;
    const char* p_;
    std::size_t line_ = 1;
    const char* lineStart_;
    char delimiter_ = ',';
    bool droppedTrailingColumn_ = false;

    // Reused from record to record so that steady-state parsing does not allocate.
    std::vector<std::string> fields_;
    std::vector<Position> fieldStarts_;
    std::size_t fieldCount_ = 0;
    std::size_t recordLine_ = 0;
    Position recordEnd_;
};

// A separate pass keeps the field scanner simple; it costs little next to number parsing.
void Parser::validateEncoding() const {
    std::size_t line = 1;
    const char* lineStart = p_;
    for (const char* p = p_; p < end_;) {
        const auto c = static_cast<unsigned char>(*p);
        if (c < 0x80) {
            if (c == '\n') {
                ++line;
                lineStart = p + 1;
            } else if (c == 0) {
                fail({line, lineStart, p}, "NUL byte; expected text (is this a binary or UTF-16 file?)");
            }
            ++p;
            continue;
        }
        const std::size_t length = utf8SequenceLength(reinterpret_cast<const unsigned char*>(p),
                                                      reinterpret_cast<const unsigned char*>(end_));
        if (length == 0) {
            static const char kHex[] = "0123456789ABCDEF";
            fail({line, lineStart, p}, std::string("invalid UTF-8 byte 0x") + kHex[c >> 4] + kHex[c & 15] +
                                           "; expected UTF-8 text (re-save the file as UTF-8)");
        }
        p += length;
    }
}

char Parser::detectDelimiter() const {
    std::size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (const char* p = p_; p < end_; ++p) {
        const char c = *p;
        if (c == '"') {
            quoted = !quoted;  // an escaped "" toggles twice, so it needs no special case
        } else if (!quoted) {
            if (c == '\n') break;
            comma += c == ',';
            semicolon += c == ';';
            tab += c == '\t';
        }
    }
    char best = ',';
    std::size_t bestCount = comma;
    if (semicolon > bestCount) {
        best = ';';
        bestCount = semicolon;
    }
    if (tab > bestCount) best = '\t';
    return best;
}

void Parser::skipBlankLines() {
    for (;;) {
        const char* q = p_;
        while (q < end_ && (*q == ' ' || *q == '\r')) ++q;
        if (q == end_) {
            p_ = q;
            return;
        }
        if (*q != '\n') return;
        p_ = q + 1;
        ++line_;
        lineStart_ = p_;
    }
}

bool Parser::readRecord() {
    skipBlankLines();
    if (p_ == end_) return false;
    recordLine_ = line_;
    fieldCount_ = 0;
    for (;;) {
        if (fieldCount_ == fields_.size()) {
            fields_.emplace_back();
            fieldStarts_.emplace_back();
        }
        std::string& field = fields_[fieldCount_];
        field.clear();
        fieldStarts_[fieldCount_] = here();
        ++fieldCount_;

        // A quote after padding spaces still opens a quoted field (`a, "b,c"`).
        const char* q = p_;
        while (delimiter_ != ' ' && q < end_ && *q == ' ') ++q;
        if (q < end_ && *q == '"') {
            p_ = q;
            readQuoted(field);
        } else {
            readUnquoted(field);
        }

        if (p_ < end_ && *p_ == delimiter_) {
            ++p_;
            continue;
        }
        // Both readers stop only at the delimiter, a line feed or the end of the text.
        const char* contentEnd = p_;
        if (contentEnd > lineStart_ && contentEnd[-1] == '\r') --contentEnd;
        recordEnd_ = {line_, lineStart_, contentEnd};
        if (p_ < end_) {
            ++p_;
            ++line_;
            lineStart_ = p_;
        }
        return true;
    }
}

void Parser::readUnquoted(std::string& out) {
    const char* start = p_;
    while (p_ < end_ && *p_ != delimiter_ && *p_ != '\n') ++p_;
    const char* stop = p_;
    if (stop > start && stop[-1] == '\r' && (p_ == end_ || *p_ == '\n')) --stop;
    out.assign(start, stop);
}

void Parser::readQuoted(std::string& out) {
    const Position opened = here();
    ++p_;
    for (;;) {
        const char* start = p_;
        while (p_ < end_ && *p_ != '"') {
            if (*p_ == '\n') {
                ++line_;
                lineStart_ = p_ + 1;
            }
            ++p_;
        }
        out.append(start, p_);
        if (p_ == end_) fail(opened, "unterminated quoted field (opened here); expected a closing '\"'");
        ++p_;
        if (p_ < end_ && *p_ == '"') {
            out.push_back('"');
            ++p_;
            continue;
        }
        break;
    }
    // Some exporters pad after the closing quote; that is harmless.
    while (delimiter_ != ' ' && p_ < end_ && *p_ == ' ') ++p_;
    if (p_ < end_ && *p_ == '\r' && (p_ + 1 == end_ || p_[1] == '\n')) ++p_;
    if (p_ < end_ && *p_ != delimiter_ && *p_ != '\n')
        fail(here(), "expected " + describeDelimiter(delimiter_) +
                         " or end of line after the closing quote (write a quote inside a quoted "
                         "field as \"\")");
}

void Parser::reportProgress() const {
    if (options_.progress &&
        !options_.progress(static_cast<std::size_t>(p_ - begin_), static_cast<std::size_t>(end_ - begin_)))
        throw DataError(name_ + ": cancelled");
}

std::vector<std::string> Parser::readHeader() {
    readRecord();
    std::size_t count = fieldCount_;
    // A delimiter at the end of every line (header included) yields a nameless last column;
    // it is dropped as long as the data rows leave it empty too.
    if (count > 1 && isBlank(fields_[count - 1])) {
        droppedTrailingColumn_ = true;
        --count;
    }
    std::vector<std::string> names(count);
    for (std::size_t i = 0; i < count; ++i) {
        names[i] = std::string(trim(fields_[i]));
        if (names[i].empty())
            fail(fieldStarts_[i], "empty column name (column " + std::to_string(i + 1) +
                                      "); expected a name for every column in the header row");
        for (std::size_t j = 0; j < i; ++j)
            if (names[j] == names[i])
                fail(fieldStarts_[i], "duplicate column name '" + names[i] + "' (also column " +
                                          std::to_string(j + 1) + "); expected unique names");
    }
    return names;
}

// Kind by majority: a few stray cells ("n/a", "#DIV/0!") should not turn a price column into text.
void finishColumn(CsvColumn& column, std::size_t numericCells) {
    const std::size_t rows = column.numbers.size();
    const std::size_t nonEmpty = rows - column.emptyCells;
    if (nonEmpty == 0 || numericCells * 10 >= nonEmpty * 9) {
        column.kind = CsvColumn::Kind::Numeric;
        column.unparsableCells = nonEmpty - numericCells;
        for (std::size_t r = 0; r < rows; ++r)
            if (!std::isnan(column.numbers[r]) || isBlank(column.text[r])) release(column.text[r]);
        return;
    }
    std::vector<double> dates(rows, kNaN);
    std::size_t dateCells = 0;
    for (std::size_t r = 0; r < rows; ++r)
        if (parseDateView(column.text[r], dates[r])) ++dateCells;
    if (dateCells * 10 >= nonEmpty * 9) {
        column.kind = CsvColumn::Kind::Date;
        column.unparsableCells = nonEmpty - dateCells;
        column.numbers = std::move(dates);
        for (std::size_t r = 0; r < rows; ++r)
            if (!std::isnan(column.numbers[r]) || isBlank(column.text[r])) release(column.text[r]);
        return;
    }
    column.kind = CsvColumn::Kind::Text;
    column.unparsableCells = 0;
    std::vector<double>().swap(column.numbers);
}

CsvTable Parser::run() {
    if (options_.delimiter == '"' || options_.delimiter == '\n' || options_.delimiter == '\r')
        throw UsageError(name_ + ": a quote or line break cannot be the CSV delimiter");
    validateEncoding();
    skipBlankLines();
    if (p_ == end_)
        fail({1, lineStart_, lineStart_}, "is empty; expected a header row followed by data rows");
    delimiter_ = options_.delimiter != 0 ? options_.delimiter : detectDelimiter();

    CsvTable table;
    table.path = name_;
    table.delimiter = delimiter_;
    const std::vector<std::string> names = readHeader();
    const std::size_t columnCount = names.size();
    const std::size_t expectedFields = columnCount + (droppedTrailingColumn_ ? 1 : 0);

    // One reservation up front instead of ~20 regrowths of million-element vectors.
    const auto lineEstimate = static_cast<std::size_t>(std::count(p_, end_, '\n')) + 1;
    std::vector<std::size_t> numericCells(columnCount, 0);
    table.columns.resize(columnCount);
    for (std::size_t c = 0; c < columnCount; ++c) {
        table.columns[c].name = names[c];
        table.columns[c].numbers.reserve(lineEstimate);
        table.columns[c].text.reserve(lineEstimate);
    }
    table.lineOfRow.reserve(lineEstimate);

    while (readRecord()) {
        if (fieldCount_ != expectedFields) {
            const std::string what = "expected " + std::to_string(expectedFields) + " fields separated by " +
                                     describeDelimiter(delimiter_) + ", found " + std::to_string(fieldCount_);
            fail(fieldCount_ < expectedFields ? recordEnd_ : fieldStarts_[expectedFields], what);
        }
        if (droppedTrailingColumn_ && !isBlank(fields_[columnCount]))
            fail(fieldStarts_[columnCount], "expected an empty field: the header has no name for column " +
                                                std::to_string(columnCount + 1));
        table.lineOfRow.push_back(recordLine_);
        for (std::size_t c = 0; c < columnCount; ++c) {
            CsvColumn& column = table.columns[c];
            std::string& field = fields_[c];
            double value = kNaN;
            if (isBlank(field))
                ++column.emptyCells;
            else if (parseNumberView(field, value))
                ++numericCells[c];
            column.numbers.push_back(value);
            // Moving keeps short cells in the small-string buffer: no allocation per cell.
            column.text.push_back(std::move(field));
        }
        if (table.lineOfRow.size() % kProgressEveryRecords == 0) reportProgress();
    }
    if (table.lineOfRow.empty()) fail(here(), "has a header but no data rows");
    reportProgress();

    for (std::size_t c = 0; c < columnCount; ++c) finishColumn(table.columns[c], numericCells[c]);
    return table;
}

bool equalsIgnoreAsciiCase(const std::string& a, const std::string& b) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

int CsvTable::find(const std::string& name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name) return static_cast<int>(i);
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (equalsIgnoreAsciiCase(columns[i].name, name)) return static_cast<int>(i);
    return -1;
}

CsvTable parseCsv(const std::string& text, const std::string& name, const CsvOptions& options) {
    return Parser(text, name, options).run();
}

CsvTable readCsv(const std::string& path, const CsvOptions& options) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw DataError(path + ": is a directory; expected a CSV file");
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw DataError(path + ": cannot be opened (" + std::generic_category().message(errno) + ")");
    std::string text;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec) text.reserve(static_cast<std::size_t>(size));
    char buffer[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, got);
    if (std::ferror(file.get()))
        throw DataError(path + ": cannot be read (" + std::generic_category().message(errno) + ")");
    return parseCsv(text, path, options);
}

bool parseNumber(const std::string& cell, double& out) { return parseNumberView(cell, out); }

bool parseDate(const std::string& cell, double& days) { return parseDateView(cell, days); }

}  // namespace studio
