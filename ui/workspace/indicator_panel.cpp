#include "workspace/indicator_panel.h"

#include "base/error.h"
#include "data/csv_reader.h"
#include "data/technical_indicators.h"
#include "widgets/live_plot.h"
#include "widgets/plot_style.h"
#include "widgets/retranslate.h"
#include "widgets/row_axis.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace studio {
namespace {

struct KindChoice {
    const char* name;  // as the CLI spells it
    int period;        // its default N; 0: takes none
};

constexpr KindChoice kKinds[] = {{"sma", 10},       {"ema", 20},    {"rsi", 14},        {"macd", 0},
                                 {"bollinger", 20}, {"logret", 0}, {"volatility", 20}, {"volume_z", 20}};

}  // namespace

IndicatorPanel::IndicatorPanel(QWidget* parent) : QWidget(parent) {
    list_ = new QLineEdit(this);
    list_->setObjectName(QStringLiteral("indicators"));
    column_ = new QComboBox(this);
    column_->setObjectName(QStringLiteral("indicatorColumn"));
    kind_ = new QComboBox(this);
    kind_->setObjectName(QStringLiteral("indicatorKind"));
    // The items' texts are the CLI's names, in no language: only their tooltips are translated.
    for (const KindChoice& kind : kKinds) kind_->addItem(QString::fromLatin1(kind.name), kind.period);
    period_ = new QSpinBox(this);
    period_->setObjectName(QStringLiteral("indicatorPeriod"));
    period_->setRange(2, 10000);
    add_ = new QPushButton(this);
    add_->setObjectName(QStringLiteral("addIndicator"));
    preview_ = new QComboBox(this);
    preview_->setObjectName(QStringLiteral("previewIndicator"));
    preview_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    message_->setObjectName(QStringLiteral("indicatorMessage"));
    plot_ = new LivePlot(QString(), this);
    plot_->setObjectName(QStringLiteral("indicatorPreview"));
    plot_->setMinimumHeight(110);
    graph_ = plot_->addGraph();
    graph_->setPen(PlotStyle::linePen(QColor(31, 119, 180), 1));

    auto* listTitle = new QLabel(this);
    auto* listRow = new QHBoxLayout;
    listRow->addWidget(listTitle);
    listRow->addWidget(list_, 1);
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(column_, 1);
    addRow->addWidget(kind_, 1);
    addRow->addWidget(period_);
    addRow->addWidget(add_);
    addRow->addSpacing(12);
    auto* previewTitle = new QLabel(this);
    addRow->addWidget(previewTitle);
    addRow->addWidget(preview_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(listRow);
    layout->addLayout(addRow);
    layout->addWidget(message_);
    layout->addWidget(plot_, 1);
    retranslate(this, [this, listTitle, previewTitle] {
        list_->setPlaceholderText(tr("none (e.g. sma:10, ema:20, rsi:14, macd, logret)"));
        list_->setToolTip(
            tr("Technical indicators added as model inputs, as --indicators takes them: kind[:N][@column], separated "
               "by commas. Each value reads only its own and earlier rows; the first rows, which lack that history, "
               "are dropped (the data report says how many)."));
        column_->setToolTip(tr("The input column the indicator is computed from"));
        const QString kindTips[] = {tr("Simple moving average of the last N rows"),
                                    tr("Exponential moving average, alpha 2/(N+1)"),
                                    tr("Relative strength index (Wilder), 0 to 100"),
                                    tr("MACD 12/26/9: the line and its histogram"),
                                    tr("Bollinger %B over N rows: 0 at the lower band, 1 at the upper"),
                                    tr("Log return: ln(x[t] / x[t-1])"),
                                    tr("Volatility: standard deviation of the last N log returns"),
                                    tr("Volume z-score over N rows (the volume column by default)")};
        for (int i = 0; i < static_cast<int>(std::size(kKinds)); ++i)
            kind_->setItemData(i, kindTips[i], Qt::ToolTipRole);
        period_->setPrefix(tr("N = "));
        add_->setText(tr("&Add"));
        preview_->setToolTip(tr("The indicator drawn below, computed on the file's rows"));
        listTitle->setText(tr("Indicators:"));
        previewTitle->setText(tr("Preview:"));
        // The preview's texts, without computing it again (which would also undo a zoom).
        rowAxis().configure(plot_->xAxis);
        showPreviewTexts();
    });

    const auto kindChanged = [this] {
        const int period = kind_->currentData().toInt();
        period_->setEnabled(period > 0);
        if (period > 0) period_->setValue(period);
    };
    connect(kind_, &QComboBox::currentIndexChanged, this, kindChanged);
    kindChanged();
    connect(add_, &QPushButton::clicked, this,
            [this] { add(kind_->currentText(), period_->isEnabled() ? period_->value() : 0, column_->currentText()); });
    connect(list_, &QLineEdit::editingFinished, this, [this] {
        updatePreview();
        Q_EMIT changed();
    });
    connect(preview_, &QComboBox::currentIndexChanged, this, [this] { updatePreview(); });
    updatePreview();
}

IndicatorPanel::~IndicatorPanel() = default;

void IndicatorPanel::setData(std::shared_ptr<const CsvTable> table, const QString& timeColumn,
                             const QStringList& inputs, const QString& target) {
    table_ = std::move(table);
    timeColumn_ = timeColumn;
    target_ = target;
    inputs_ = inputs;
    const QString chosen = column_->currentText();
    column_->clear();
    column_->addItems(inputs);
    const int keep = column_->findText(chosen.isEmpty() ? target : chosen);
    column_->setCurrentIndex(keep >= 0 ? keep : 0);
    add_->setEnabled(!inputs.isEmpty());
    updatePreview();
}

std::vector<std::string> IndicatorPanel::items() const {
    std::vector<std::string> out;
    for (const QString& item : list_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!item.trimmed().isEmpty()) out.push_back(item.trimmed().toStdString());
    return out;
}

void IndicatorPanel::setItems(const std::vector<std::string>& items) {
    QStringList parts;
    for (const auto& item : items) parts << QString::fromStdString(item);
    list_->setText(parts.join(QStringLiteral(", ")));
    updatePreview();
}

void IndicatorPanel::add(const QString& kind, int period, const QString& column) {
    QString item = kind;
    if (period > 0) item += QLatin1Char(':') + QString::number(period);
    // The target is every indicator's default column; volume_z's is the volume column.
    const bool defaultColumn = kind == QLatin1String("volume_z") ? column.compare(QLatin1String("volume"),
                                                                                  Qt::CaseInsensitive) == 0
                                                                 : column == target_;
    if (!column.isEmpty() && !defaultColumn) item += QLatin1Char('@') + column;
    QString text = list_->text().trimmed();
    list_->setText(text.isEmpty() ? item : text + QStringLiteral(", ") + item);
    updatePreview();
    // Show what was just added.
    preview_->setCurrentIndex(preview_->count() - 1);
    Q_EMIT changed();
}

QString IndicatorPanel::problem() const { return problem_; }
QString IndicatorPanel::previewed() const { return preview_->currentData().toString(); }
int IndicatorPanel::previewPointCount() const { return graph_->dataCount(); }

void IndicatorPanel::updatePreview() {
    problem_.clear();
    std::vector<Indicator> parsed;
    if (!target_.isEmpty()) {
        std::vector<std::string> inputs;
        for (const QString& c : inputs_) inputs.push_back(c.toStdString());
        try {
            parsed = parseIndicators(items(), inputs, target_.toStdString());
        } catch (const std::exception& e) {
            problem_ = QString::fromStdString(e.what());
        }
    }
    const QString shown = preview_->currentData().toString();
    {
        const QSignalBlocker block(preview_);
        preview_->clear();
        for (const Indicator& ind : parsed)
            for (const std::string& name : ind.featureNames()) {
                const QString feature = QString::fromStdString(name);
                preview_->addItem(feature.mid(int(std::char_traits<char>::length(kIndicatorPrefix))), feature);
            }
        const int keep = preview_->findData(shown);
        preview_->setCurrentIndex(keep >= 0 ? keep : preview_->count() - 1);
    }
    graph_->data()->clear();
    const RowAxis axis = rowAxis();
    axis.configure(plot_->xAxis);
    const QString feature = preview_->currentData().toString();
    // The note under the list, as a text to write again in another language.
    std::function<QString()> note = [] { return QString(); };
    if (!problem_.isEmpty()) {
        note = [problem = problem_] { return problem; };
    } else if (parsed.empty()) {
        note = [] { return tr("No indicators: the model reads the columns as they are."); };
    } else if (table_) {
        std::size_t lookBack = indicatorLookBack(parsed);
        note = [lookBack] {
            return tr("The first %Ln row(s) lack the history the indicators need and are left out.", "", int(lookBack));
        };
        for (const Indicator& ind : parsed) {
            const std::vector<std::string> names = ind.featureNames();
            for (std::size_t k = 0; k < names.size(); ++k) {
                if (QString::fromStdString(names[k]) != feature) continue;
                const int column = table_->find(ind.column);
                if (column < 0) continue;
                try {
                    const std::vector<double> values =
                        indicatorValues(ind, table_->columns[column].numbers).at(k);
                    QVector<double> x, y;
                    for (std::size_t r = 0; r < values.size() && r < axis.x.size(); ++r)
                        if (std::isfinite(values[r])) x << axis.x[r], y << values[r];
                    graph_->setData(x, y, true);
                } catch (const std::exception& e) {
                    note = [error = QString::fromStdString(e.what())] { return error; };
                }
            }
        }
    }
    note_ = std::move(note);
    showPreviewTexts();
    plot_->setFollowing(true);
    plot_->refresh();
}

RowAxis IndicatorPanel::rowAxis() const {
    return table_ ? RowAxis::fromTable(*table_, timeColumn_.toStdString()) : RowAxis::rowNumbers(0);
}

void IndicatorPanel::showPreviewTexts() {
    message_->setText(note_());
    plot_->yAxis->setLabel(preview_->count() ? preview_->currentText() : tr("indicator"));
}

}  // namespace studio
