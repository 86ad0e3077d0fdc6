#pragma once

#include <QCoreApplication>
#include <QString>

#include <vector>

namespace studio {

struct CsvTable;
struct SeriesSpec;

// What a CSV column is used for in a forecast.
enum class ColumnRole { Ignored, Time, Target, Feature };

// The roles of a table's columns, one per column, and what they mean for a SeriesSpec.
// Plain data; any thread.
class ColumnRoles {
    Q_DECLARE_TR_FUNCTIONS(ColumnRoles)

public:
    ColumnRoles() = default;
    explicit ColumnRoles(std::vector<QString> names);

    // Sensible first guesses: the first date column is the time; the target is a column
    // named close (an OHLCV price file), else adjclose/price/value, else the last numeric
    // column; other columns are ignored.
    static ColumnRoles guess(const CsvTable& table);
    // The roles a SeriesSpec describes (a project's), on this table's columns.
    static ColumnRoles fromSpec(const CsvTable& table, const SeriesSpec& spec);

    std::size_t size() const { return names_.size(); }
    const QString& name(std::size_t column) const { return names_[column]; }
    ColumnRole role(std::size_t column) const { return roles_[column]; }
    int indexOf(const QString& name) const;
    // At most one time and one target column: giving a column one of those roles makes
    // the previous holder Ignored.
    void setRole(std::size_t column, ColumnRole role);

    QString target() const;        // empty when none
    QString time() const;          // empty when none
    QStringList features() const;  // Feature columns in table order
    // Fills spec.target, spec.timeColumn and spec.features. With extra features the
    // target comes first among the inputs; without, the target alone is the input.
    void applyTo(SeriesSpec& spec) const;

    static QString roleName(ColumnRole role);
    static std::vector<ColumnRole> allRoles();

private:
    std::vector<QString> names_;
    std::vector<ColumnRole> roles_;
};

}  // namespace studio
