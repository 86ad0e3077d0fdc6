#include "widgets/table_export.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QSaveFile>
#include <QTableView>

#include <algorithm>

namespace studio {
namespace {

// A header as one line: the metrics table breaks its headers in two to stay narrow.
QString headerText(const QAbstractItemModel& model, int section, Qt::Orientation orientation) {
    return model.headerData(section, orientation, Qt::DisplayRole).toString().simplified();
}

QString cellText(const QTableView& table, const QModelIndex& index) {
    if (QWidget* widget = table.indexWidget(index)) {
        if (auto* combo = qobject_cast<QComboBox*>(widget)) return combo->currentText();
        if (auto* button = qobject_cast<QAbstractButton*>(widget)) return button->text();
        if (auto* label = qobject_cast<QLabel*>(widget)) return label->text();
    }
    return index.data(Qt::DisplayRole).toString();
}

}  // namespace

QString TableExport::csvField(const QString& text) {
    static const QString special = QStringLiteral(",\"\r\n");
    const bool quote = std::any_of(text.begin(), text.end(), [](QChar c) { return special.contains(c); });
    if (!quote) return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QList<QStringList> TableExport::rows(const QTableView& table) {
    QList<QStringList> out;
    const QAbstractItemModel* model = table.model();
    if (!model) return out;
    const QModelIndex root = table.rootIndex();
    const bool rowHeaders = !table.verticalHeader()->isHidden();
    QList<int> columns;
    for (int c = 0; c < model->columnCount(root); ++c)
        if (!table.isColumnHidden(c)) columns << c;
    if (!table.horizontalHeader()->isHidden()) {
        QStringList header;
        if (rowHeaders) header << QString();
        for (int c : columns) header << headerText(*model, c, Qt::Horizontal);
        out << header;
    }
    for (int r = 0; r < model->rowCount(root); ++r) {
        if (table.isRowHidden(r)) continue;
        QStringList row;
        if (rowHeaders) row << headerText(*model, r, Qt::Vertical);
        for (int c : columns) row << cellText(table, model->index(r, c, root));
        out << row;
    }
    return out;
}

QString TableExport::toCsv(const QTableView& table) {
    QString text;
    for (const QStringList& row : rows(table)) {
        QStringList fields;
        for (const QString& field : row) fields << csvField(field);
        text += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return text;
}

QString TableExport::fileFilters() { return tr("CSV file (*.csv)"); }

QString TableExport::save(const QTableView& table, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toCsv(table).toUtf8()) < 0 || !file.commit())
        return tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

}  // namespace studio
