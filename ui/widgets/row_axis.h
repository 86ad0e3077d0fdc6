#pragma once

#include <QCoreApplication>
#include <QString>

#include <string>
#include <vector>

class QCPAxis;

namespace studio {

struct CsvTable;

// Where each data row of a table sits on a plot's x axis: at its time when the table has
// a usable time column (every cell a date, increasing), else at its 0-based row number.
// Times are seconds since 1970-01-01 UTC, the unit of QCPAxisTickerDateTime.
struct RowAxis {
    Q_DECLARE_TR_FUNCTIONS(RowAxis)

public:
    std::vector<double> x;  // one per data row
    bool isTime = false;
    QString columnName;  // the time column, empty for row numbers

    // x of a row; past the end, continues with the last step.
    double at(std::size_t row) const;
    // Text for a readout: the date (and time) or "row N".
    QString label(double x) const;
    // Puts a matching ticker (dates or plain numbers) on an axis.
    void configure(QCPAxis* axis) const;

    // timeColumn empty = the first Date column, as core does.
    static RowAxis fromTable(const CsvTable& table, const std::string& timeColumn);
    static RowAxis rowNumbers(std::size_t rows);
};

}  // namespace studio
