#include "widgets/row_axis.h"

#include "data/csv_reader.h"
#include "widgets/plot_style.h"

#include <QDateTime>
#include <qcustomplot.h>

#include <cmath>

namespace studio {

double RowAxis::at(std::size_t row) const {
    if (row < x.size()) return x[row];
    if (x.empty()) return static_cast<double>(row);
    const double step = x.size() > 1 ? x.back() - x[x.size() - 2] : 1.0;
    return x.back() + step * static_cast<double>(row - (x.size() - 1));
}

QString RowAxis::label(double value) const {
    if (!isTime) return tr("row %1").arg(std::llround(value));
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(std::llround(value * 1000.0), Qt::UTC);
    return time.time() == QTime(0, 0) ? time.toString(QStringLiteral("yyyy-MM-dd"))
                                      : time.toString(QStringLiteral("yyyy-MM-dd hh:mm"));
}

void RowAxis::configure(QCPAxis* axis) const {
    if (isTime) {
        PlotStyle::setDateAxis(axis, columnName.isEmpty() ? tr("date") : columnName);
    } else {
        axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        axis->setLabel(tr("data row"));
    }
}

RowAxis RowAxis::fromTable(const CsvTable& table, const std::string& timeColumn) {
    int index = -1;
    if (!timeColumn.empty()) {
        index = table.find(timeColumn);
    } else {
        for (std::size_t c = 0; c < table.columns.size(); ++c)
            if (table.columns[c].kind == CsvColumn::Kind::Date) {
                index = static_cast<int>(c);
                break;
            }
    }
    if (index < 0 || table.columns[index].kind != CsvColumn::Kind::Date) return rowNumbers(table.rowCount());
    const std::vector<double>& days = table.columns[index].numbers;
    RowAxis axis;
    axis.x.reserve(days.size());
    for (std::size_t r = 0; r < days.size(); ++r) {
        // A gap or a step back in time would draw the series on top of itself.
        if (!std::isfinite(days[r]) || (r > 0 && days[r] <= days[r - 1])) return rowNumbers(table.rowCount());
        axis.x.push_back(days[r] * 86400.0);
    }
    axis.isTime = true;
    axis.columnName = QString::fromStdString(table.columns[index].name);
    return axis;
}

RowAxis RowAxis::rowNumbers(std::size_t rows) {
    RowAxis axis;
    axis.x.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) axis.x[r] = static_cast<double>(r);
    return axis;
}

}  // namespace studio
