#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QTableView;

namespace studio {

// Writes a table as it is shown to a CSV file (RFC 4180: comma-separated, CRLF line ends,
// a field that holds a comma, a double quote, a CR or a LF is enclosed in double quotes and
// its quotes are doubled; UTF-8 without a byte order mark). The first line holds the column
// headers when the table shows them, and the first column the row headers when it shows
// those; hidden rows and columns are left out. A cell showing a widget (a combo box) gives
// the widget's text. GUI thread only.
class TableExport {
    Q_DECLARE_TR_FUNCTIONS(TableExport)

public:
    // One field as RFC 4180 writes it.
    static QString csvField(const QString& text);
    // The table's rows of fields, headers included, as the file holds them.
    static QList<QStringList> rows(const QTableView& table);
    // The whole file's text.
    static QString toCsv(const QTableView& table);
    // The "CSV file (*.csv)" filter of a save dialog.
    static QString fileFilters();
    // Writes the table to `path`; an empty string, or what went wrong.
    static QString save(const QTableView& table, const QString& path);
};

}  // namespace studio
