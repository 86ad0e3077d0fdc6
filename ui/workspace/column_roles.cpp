#include "workspace/column_roles.h"

#include "data/csv_reader.h"
#include "data/series_dataset.h"

#include <QStringList>

namespace studio {

ColumnRoles::ColumnRoles(std::vector<QString> names)
    : names_(std::move(names)), roles_(names_.size(), ColumnRole::Ignored) {}

ColumnRoles ColumnRoles::guess(const CsvTable& table) {
    std::vector<QString> names;
    for (const auto& column : table.columns) names.push_back(QString::fromStdString(column.name));
    ColumnRoles roles(std::move(names));
    int target = -1, lastNumeric = -1;
    for (const char* preferred : {"close", "adjclose", "adj close", "adj_close", "price", "value"}) {
        const int index = table.find(preferred);
        if (index >= 0 && table.columns[index].kind == CsvColumn::Kind::Numeric) {
            target = index;
            break;
        }
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const CsvColumn::Kind kind = table.columns[c].kind;
        if (kind == CsvColumn::Kind::Date && roles.time().isEmpty()) roles.roles_[c] = ColumnRole::Time;
        // Without a known name, the last numeric column: a "month,sunspots" file has one.
        if (kind == CsvColumn::Kind::Numeric && target < 0) lastNumeric = static_cast<int>(c);
    }
    if (target < 0) target = lastNumeric;
    if (target >= 0) roles.roles_[target] = ColumnRole::Target;
    return roles;
}

ColumnRoles ColumnRoles::fromSpec(const CsvTable& table, const SeriesSpec& spec) {
    ColumnRoles roles = guess(table);
    for (auto& role : roles.roles_) role = ColumnRole::Ignored;
    auto assign = [&](const std::string& name, ColumnRole role) {
        const int index = table.find(name);
        if (index >= 0 && roles.roles_[index] == ColumnRole::Ignored) roles.setRole(index, role);
    };
    if (!spec.timeColumn.empty()) {
        assign(spec.timeColumn, ColumnRole::Time);
    } else {
        for (std::size_t c = 0; c < table.columns.size(); ++c)
            if (table.columns[c].kind == CsvColumn::Kind::Date) {
                roles.roles_[c] = ColumnRole::Time;
                break;
            }
    }
    assign(spec.target, ColumnRole::Target);
    for (const auto& feature : spec.features) assign(feature, ColumnRole::Feature);
    return roles;
}

int ColumnRoles::indexOf(const QString& name) const {
    for (std::size_t c = 0; c < names_.size(); ++c)
        if (names_[c] == name) return static_cast<int>(c);
    return -1;
}

void ColumnRoles::setRole(std::size_t column, ColumnRole role) {
    if (column >= roles_.size()) return;
    if (role == ColumnRole::Time || role == ColumnRole::Target)
        for (auto& other : roles_)
            if (other == role) other = ColumnRole::Ignored;
    roles_[column] = role;
}

QString ColumnRoles::target() const {
    for (std::size_t c = 0; c < roles_.size(); ++c)
        if (roles_[c] == ColumnRole::Target) return names_[c];
    return {};
}

QString ColumnRoles::time() const {
    for (std::size_t c = 0; c < roles_.size(); ++c)
        if (roles_[c] == ColumnRole::Time) return names_[c];
    return {};
}

QStringList ColumnRoles::features() const {
    QStringList out;
    for (std::size_t c = 0; c < roles_.size(); ++c)
        if (roles_[c] == ColumnRole::Feature) out << names_[c];
    return out;
}

void ColumnRoles::applyTo(SeriesSpec& spec) const {
    spec.target = target().toStdString();
    spec.timeColumn = time().toStdString();
    spec.features.clear();
    const QStringList extra = features();
    if (extra.isEmpty()) return;
    spec.features.push_back(spec.target);
    for (const QString& name : extra) spec.features.push_back(name.toStdString());
}

QString ColumnRoles::roleName(ColumnRole role) {
    switch (role) {
        case ColumnRole::Ignored:
            return tr("ignored");
        case ColumnRole::Time:
            return tr("time");
        case ColumnRole::Target:
            return tr("target");
        case ColumnRole::Feature:
            return tr("feature");
    }
    return {};
}

std::vector<ColumnRole> ColumnRoles::allRoles() {
    return {ColumnRole::Target, ColumnRole::Feature, ColumnRole::Time, ColumnRole::Ignored};
}

}  // namespace studio
