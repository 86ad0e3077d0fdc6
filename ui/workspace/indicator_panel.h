#pragma once

#include <QWidget>

#include <functional>
#include <memory>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QCPGraph;

namespace studio {

class LivePlot;
struct CsvTable;
struct RowAxis;

// Technical indicators as extra model inputs (core/data/technical_indicators.h), under the
// data table: the list as the CLI's --indicators takes it ("sma:10,rsi:14@Close"), a row to
// add one (column, kind, period) and a preview plot of one indicator of the list computed
// on the file's rows. The columns offered are the model's numeric inputs (target and
// features). GUI thread only.
class IndicatorPanel : public QWidget {
    Q_OBJECT
public:
    explicit IndicatorPanel(QWidget* parent = nullptr);
    ~IndicatorPanel() override;

    // The file whose rows the preview reads, its time column (the x axis) and the model's
    // input columns; the target is the default column of an indicator.
    void setData(std::shared_ptr<const CsvTable> table, const QString& timeColumn, const QStringList& inputs,
                 const QString& target);
    std::vector<std::string> items() const;
    void setItems(const std::vector<std::string>& items);
    // Appends "kind[:period]@column" as the add row would.
    void add(const QString& kind, int period, const QString& column);
    // The list's problem (a bad item, an unknown column), empty when it parses.
    QString problem() const;
    // The indicator feature shown in the preview ("indicator:close:rsi14"); empty: none.
    QString previewed() const;
    int previewPointCount() const;
    LivePlot* previewPlot() const { return plot_; }

Q_SIGNALS:
    void changed();

private:
    void updatePreview();
    // Where the preview draws the rows: the time column's dates, or row numbers.
    RowAxis rowAxis() const;
    // The note under the list and the y axis's name, from what updatePreview() found.
    void showPreviewTexts();

    QLineEdit* list_ = nullptr;
    QComboBox* column_ = nullptr;
    QComboBox* kind_ = nullptr;
    QSpinBox* period_ = nullptr;
    QPushButton* add_ = nullptr;
    QComboBox* preview_ = nullptr;
    QLabel* message_ = nullptr;
    LivePlot* plot_ = nullptr;
    QCPGraph* graph_ = nullptr;
    std::shared_ptr<const CsvTable> table_;
    QString timeColumn_, target_;
    QStringList inputs_;
    QString problem_;
    std::function<QString()> note_ = [] { return QString(); };
};

}  // namespace studio
