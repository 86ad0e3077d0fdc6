#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace studio {

// Options of CsvReader; every field has a default.
struct CsvOptions {
    // 0 = detect from the header line (the most frequent of ',', ';' and '\t' outside quotes).
    char delimiter = 0;
    // Progress callback, called after every chunk read and every few thousand lines parsed
    // with the bytes done so far and the total, both growing steadily to their end (readCsv
    // counts the file's bytes twice: once read, once parsed; parseCsv counts them once).
    // Return false to cancel: the reader then throws CancelledError "NAME: cancelled" (or
    // "reading cancelled") and returns nothing.
    std::function<bool(std::size_t done, std::size_t total)> progress;
    // Keep every non-empty cell's text as the file spells it, in Numeric and Date columns
    // too (CsvColumn::text then has one entry per row): for labels, where "01", "1" and
    // "1.0" are three classes.
    bool keepCellText = false;
};

// One column of a CsvTable. A column is Numeric when every non-empty cell but a few
// parses as a locale-independent number, Date when its cells are ISO dates
// (YYYY-MM-DD, optionally with a time) or YYYY-MM, Text otherwise. "A few" means: at least
// 90% of the non-empty cells parse; a column with no non-empty cell is Numeric, all NaN.
struct CsvColumn {
    enum class Kind { Numeric, Date, Text };
    std::string name;
    Kind kind = Kind::Text;
    // One entry per data row. Numeric: the value, NaN where the cell was empty or did not
    // parse. Date: days since 1970-01-01 (fractional for times), NaN where unparsable.
    // Text: empty.
    std::vector<double> numbers;
    // The raw cell text (unquoted). Text columns: one entry per data row. Numeric and Date
    // columns: empty when every non-empty cell parsed; otherwise one entry per data row,
    // holding the cells that did not parse (the others are left empty). Check the size
    // before indexing.
    std::vector<std::string> text;
    std::size_t emptyCells = 0;       // cells that were empty or held only spaces/tabs
    std::size_t unparsableCells = 0;  // non-empty cells that did not parse as the kind
};

// A parsed CSV file: header names, typed columns, and the line number of each data row.
struct CsvTable {
    std::string path;
    char delimiter = ',';
    std::vector<CsvColumn> columns;
    std::vector<std::size_t> lineOfRow;  // 1-based line in the file where each data row starts

    std::size_t rowCount() const { return lineOfRow.size(); }
    // Index of the column named `name` (exact match first, then case-insensitive), or -1.
    int find(const std::string& name) const;
};

// Reads a CSV file: a header row, then data rows. Handles ',', ';' or tab separators,
// double-quoted fields with "" escapes (and line breaks inside quotes), a UTF-8 BOM,
// CRLF or LF line ends, blank lines (skipped). Numbers are parsed without the C locale's
// help ("1.5" always means one and a half). Throws DataError naming the file, line and
// column and what was expected for a file that cannot be read as a table: missing file,
// a directory, a pipe or device, a file that changes while it is read, empty file, no data
// rows, a row with the wrong number of fields, an unterminated quote, duplicate or empty
// header names, UTF-16, binary data (NUL bytes, control characters) or other text that is
// not UTF-8 (see requireUtf8Text). Memory: the file's bytes while it is parsed, then about
// 8 bytes per numeric or date cell plus the text of text cells. Message columns count
// characters (UTF-8 code points), not bytes. A delimiter at the end of the header line makes
// a nameless last column, which is dropped if every data row leaves it empty.
// A quote or line break as options.delimiter throws UsageError.
// Any thread may call it; it keeps no state.
CsvTable readCsv(const std::string& path, const CsvOptions& options = {});

// Same, from text in memory; `name` stands for the file name in messages.
CsvTable parseCsv(const std::string& text, const std::string& name, const CsvOptions& options = {});

// Parses a locale-independent decimal number ("-1.5e3", "42", "+.5"); surrounding spaces
// are allowed. Returns false for anything else, including "nan", "inf" and "1,5".
bool parseNumber(const std::string& cell, double& out);

// Parses "YYYY-MM-DD", "YYYY-MM-DD hh:mm[:ss]", "YYYY-MM-DDThh:mm[:ss][Z]" or "YYYY-MM"
// (the first of the month) into days since 1970-01-01. Returns false otherwise.
bool parseDate(const std::string& cell, double& days);

} // namespace studio
