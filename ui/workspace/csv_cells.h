#pragma once

// How the data panels of every task show the cells of a CSV file.

#include <QString>

#include <cstddef>

namespace studio {

struct CsvColumn;

// Rows of a data file shown in a panel's preview table.
constexpr int kPreviewRows = 50;

// A cell as the file spells it where the reader kept the text, else its value: dates as
// yyyy-MM-dd (with the time when there is one), numbers to 15 significant digits; empty
// for a missing cell.
QString csvCellText(const CsvColumn& column, std::size_t row);

}  // namespace studio
