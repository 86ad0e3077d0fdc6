#include "workspace/csv_cells.h"

#include "data/csv_reader.h"

#include <QDateTime>

#include <cmath>

namespace studio {

QString csvCellText(const CsvColumn& column, std::size_t row) {
    if (row < column.text.size() && !column.text[row].empty()) return QString::fromStdString(column.text[row]);
    if (row >= column.numbers.size() || std::isnan(column.numbers[row])) return {};
    const double v = column.numbers[row];
    if (column.kind == CsvColumn::Kind::Date) {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(std::llround(v * 86400000.0), Qt::UTC);
        return t.time() == QTime(0, 0) ? t.toString(QStringLiteral("yyyy-MM-dd"))
                                       : t.toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"));
    }
    return QString::number(v, 'g', 15);
}

}  // namespace studio
