#include "data/csv_reader.h"

#include "data/data_file.h"

#include "base/error.h"

#include <date/date.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

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

// Days since 1970-01-01 of a calendar date, or false when there is no such day (month 13,
// February 30th): the proleptic Gregorian calendar of Howard Hinnant's date library.
bool civilDays(int y, int m, int d, double& days) {
    const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                   date::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return false;
    days = static_cast<double>(date::sys_days{ymd}.time_since_epoch().count());
    return true;
}

bool parseDateView(std::string_view s, double& days) {
    s = trim(s);
    int year = 0, month = 0, day = 1;
    if (!readDigits(s, 0, 4, year) || s.size() < 7 || s[4] != '-' || !readDigits(s, 5, 2, month))
        return false;
    if (s.size() == 7) return civilDays(year, month, 1, days);
    double date = 0;
    if (s[7] != '-' || !readDigits(s, 8, 2, day) || !civilDays(year, month, day, date)) return false;
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

// A column while it is read. Cells that parse as numbers or dates keep only their value;
// the others keep their text. Keeping a string per cell would take 32 bytes for each of
// a million rows times every column, four times the numbers themselves.
struct ColumnBuilder {
    std::vector<double> numbers;                              // NaN unless the cell parsed as a number
    std::vector<double> dates;                                // empty until the first date cell; NaN unless a date
    std::vector<std::pair<std::size_t, std::string>> others;  // row and raw text of the rest
    std::size_t numberCells = 0, dateCells = 0, emptyCells = 0;

    void add(std::string& field, std::size_t row) {
        double value = kNaN, date = kNaN;
        if (isBlank(field)) {
            ++emptyCells;
            if (!field.empty()) others.emplace_back(row, std::move(field));  // a Text column keeps the spaces
        } else if (parseNumberView(field, value)) {
            ++numberCells;
        } else if (parseDateView(field, date)) {
            ++dateCells;
            if (dates.empty()) {
                dates.reserve(numbers.capacity());
                dates.assign(row, kNaN);
            }
        } else {
            others.emplace_back(row, std::move(field));
        }
        numbers.push_back(value);
        if (!dates.empty() || !std::isnan(date)) dates.push_back(date);
    }
};

class Parser {
public:
    // Progress reports count `text`'s bytes from `progressBase` on, out of `progressTotal`
    // (readCsv counts a file's bytes twice: read, then parsed).
    Parser(std::string_view text, const std::string& name, const CsvOptions& options, std::size_t progressBase,
           std::size_t progressTotal)
        : name_(name),
          options_(options),
          begin_(text.data()),
          end_(text.data() + text.size()),
          progressBase_(progressBase),
          progressTotal_(progressTotal) {
        p_ = begin_;
        if (text.substr(0, kBom.size()) == kBom) p_ += kBom.size();
        lineStart_ = p_;
    }

    CsvTable run();
    // Second pass over the same text: fills text[r] of the recover[c] columns with the raw
    // cells that parsed as numbers or dates (see finishColumn).
    void recoverCells(CsvTable& table, const std::vector<ColumnBuilder>& built, const std::vector<bool>& recover);

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

    void startTable(CsvTable& table, std::vector<std::string>& names);
    void checkFieldCount(std::size_t columnCount) const;

    const std::string& name_;
    const CsvOptions& options_;
    const char* begin_;
    const char* end_;
    std::size_t progressBase_;
    std::size_t progressTotal_;
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
    requireUtf8Text(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), name_);
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
    if (options_.progress && !options_.progress(progressBase_ + static_cast<std::size_t>(p_ - begin_), progressTotal_))
        throw CancelledError(name_ + ": cancelled");
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

// Kind by majority: a few stray cells ("n/a", "#DIV/0!") should not turn a price column
// into text. Returns whether text[] needs cells that were kept only as values: then
// Parser::recoverCells fills them from a second pass.
bool finishColumn(ColumnBuilder& built, CsvColumn& column, std::size_t rows, bool keepCellText) {
    const std::size_t nonEmpty = rows - built.emptyCells;
    column.emptyCells = built.emptyCells;
    bool needValueCells = false;
    if (nonEmpty == 0 || built.numberCells * 10 >= nonEmpty * 9) {
        column.kind = CsvColumn::Kind::Numeric;
        column.numbers = std::move(built.numbers);
        needValueCells = built.dateCells > 0;
    } else if (built.dateCells * 10 >= nonEmpty * 9) {
        column.kind = CsvColumn::Kind::Date;
        column.numbers = std::move(built.dates);
        column.numbers.resize(rows, kNaN);
        needValueCells = built.numberCells > 0;
    } else {
        column.kind = CsvColumn::Kind::Text;
        needValueCells = built.numberCells + built.dateCells > 0;
    }
    const bool text = column.kind == CsvColumn::Kind::Text;
    const std::size_t parsed = column.kind == CsvColumn::Kind::Numeric ? built.numberCells
                               : text                                  ? nonEmpty
                                                                       : built.dateCells;
    column.unparsableCells = nonEmpty - parsed;
    // Numeric and Date columns keep text only for the cells that did not parse (all of it
    // with keepCellText, the parsed cells from the second pass).
    if (text || column.unparsableCells > 0 || keepCellText) {
        column.text.assign(rows, std::string());
        for (auto& [row, cell] : built.others)
            if (text || !isBlank(cell)) column.text[row] = std::move(cell);
    }
    if (keepCellText && !text) needValueCells = built.numberCells + built.dateCells > 0;
    return needValueCells;
}

void Parser::startTable(CsvTable& table, std::vector<std::string>& names) {
    if (options_.delimiter == '"' || options_.delimiter == '\n' || options_.delimiter == '\r')
        throw UsageError(name_ + ": a quote or line break cannot be the CSV delimiter");
    skipBlankLines();
    if (p_ == end_) fail({1, lineStart_, lineStart_}, "is empty; expected a header row followed by data rows");
    delimiter_ = options_.delimiter != 0 ? options_.delimiter : detectDelimiter();
    table.path = name_;
    table.delimiter = delimiter_;
    names = readHeader();
}

void Parser::checkFieldCount(std::size_t columnCount) const {
    const std::size_t expected = columnCount + (droppedTrailingColumn_ ? 1 : 0);
    if (fieldCount_ != expected)
        fail(fieldCount_ < expected ? recordEnd_ : fieldStarts_[expected],
             "expected " + std::to_string(expected) + " fields separated by " + describeDelimiter(delimiter_) +
                 ", found " + std::to_string(fieldCount_) + " (every row needs one field per header column)");
    if (droppedTrailingColumn_ && !isBlank(fields_[columnCount]))
        fail(fieldStarts_[columnCount],
             "expected an empty field: the header has no name for column " + std::to_string(columnCount + 1));
}

CsvTable Parser::run() {
    validateEncoding();
    CsvTable table;
    std::vector<std::string> names;
    startTable(table, names);
    const std::size_t columnCount = names.size();

    // One reservation up front instead of ~20 regrowths of million-element vectors.
    const auto lineEstimate = static_cast<std::size_t>(std::count(p_, end_, '\n')) + 1;
    std::vector<ColumnBuilder> built(columnCount);
    for (auto& column : built) column.numbers.reserve(lineEstimate);
    table.lineOfRow.reserve(lineEstimate);

    while (readRecord()) {
        checkFieldCount(columnCount);
        const std::size_t row = table.lineOfRow.size();
        table.lineOfRow.push_back(recordLine_);
        for (std::size_t c = 0; c < columnCount; ++c) built[c].add(fields_[c], row);
        if (table.lineOfRow.size() % kProgressEveryRecords == 0) reportProgress();
    }
    if (table.lineOfRow.empty())
        fail(here(), "has a header but no data rows; expected at least one row of values under the header");
    reportProgress();

    const std::size_t rows = table.rowCount();
    table.columns.resize(columnCount);
    std::vector<bool> recover(columnCount, false);
    bool anyRecover = false;
    for (std::size_t c = 0; c < columnCount; ++c) {
        table.columns[c].name = names[c];
        recover[c] = finishColumn(built[c], table.columns[c], rows, options_.keepCellText);
        anyRecover = anyRecover || recover[c];
    }
    if (anyRecover) {
        CsvOptions again = options_;
        again.progress = nullptr;
        again.delimiter = delimiter_;
        Parser(std::string_view(begin_, static_cast<std::size_t>(end_ - begin_)), name_, again, 0, 0)
            .recoverCells(table, built, recover);
    }
    return table;
}

void Parser::recoverCells(CsvTable& table, const std::vector<ColumnBuilder>& built, const std::vector<bool>& recover) {
    std::vector<std::string> names;
    CsvTable header;
    startTable(header, names);
    for (std::size_t row = 0; readRecord(); ++row) {
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            if (!recover[c]) continue;
            CsvColumn& column = table.columns[c];
            const ColumnBuilder& b = built[c];
            // finishColumn moved the values of the column's own kind into it.
            const bool keep = options_.keepCellText;
            const std::vector<double>& numbers = column.kind == CsvColumn::Kind::Numeric ? column.numbers : b.numbers;
            const std::vector<double>& dates = column.kind == CsvColumn::Kind::Date ? column.numbers : b.dates;
            const bool number = (keep || column.kind != CsvColumn::Kind::Numeric) && row < numbers.size() &&
                                !std::isnan(numbers[row]);
            const bool date = (keep || column.kind != CsvColumn::Kind::Date) && row < dates.size() &&
                              !std::isnan(dates[row]);
            if (number || date) column.text[row] = std::move(fields_[c]);
        }
    }
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

namespace {

// Classic Mac OS files end lines with a lone CR: read them as the lines they are. (Only a
// file without any LF; in one with LFs a lone CR stays inside its field.)
std::string_view withLineFeeds(const std::string& text, std::string& converted) {
    if (text.find('\r') == std::string::npos || text.find('\n') != std::string::npos) return text;
    converted = text;
    std::replace(converted.begin(), converted.end(), '\r', '\n');
    return converted;
}

}  // namespace

CsvTable parseCsv(const std::string& text, const std::string& name, const CsvOptions& options) {
    std::string converted;
    return Parser(withLineFeeds(text, converted), name, options, 0, text.size()).run();
}

CsvTable readCsv(const std::string& path, const CsvOptions& options) {
    // Reading and parsing each count the file's bytes once, so progress runs to twice its size.
    ByteProgress reading;
    if (options.progress)
        reading = [&options](std::size_t done, std::size_t total) { return options.progress(done, 2 * total); };
    const std::string text = readDataFile(path, reading);
    std::string converted;
    return Parser(withLineFeeds(text, converted), path, options, text.size(), 2 * text.size()).run();
}

bool parseNumber(const std::string& cell, double& out) { return parseNumberView(cell, out); }

bool parseDate(const std::string& cell, double& days) { return parseDateView(cell, days); }

}  // namespace studio
