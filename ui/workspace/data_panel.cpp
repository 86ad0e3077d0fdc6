#include "workspace/data_panel.h"

#include "workspace/csv_cells.h"
#include "workspace/indicator_panel.h"
#include "data/csv_reader.h"
#include "base/error.h"
#include "widgets/live_plot.h"
#include "widgets/plot_style.h"
#include "widgets/retranslate.h"
#include "widgets/row_axis.h"
#include "data/series_rows.h"
#include "workspace/model_panel.h"

#include <QComboBox>
#include <QDateTime>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace studio {
namespace {

const QColor kBandColours[] = {QColor(31, 119, 180, 40), QColor(255, 127, 14, 50), QColor(44, 160, 44, 50)};

QString kindName(CsvColumn::Kind kind) {
    switch (kind) {
        case CsvColumn::Kind::Numeric:
            return DataPanel::tr("numeric");
        case CsvColumn::Kind::Date:
            return DataPanel::tr("date");
        case CsvColumn::Kind::Text:
            return DataPanel::tr("text");
    }
    return {};
}

// Windows appendWindows (core) cuts from `rows` rows: starts every `stride` rows while the
// window and its horizon fit.
std::size_t windowCount(std::size_t rows, const SeriesSpec& s) {
    const std::size_t need = static_cast<std::size_t>(s.window + s.horizon);
    return rows < need ? 0 : (rows - need) / static_cast<std::size_t>(s.stride) + 1;
}

}  // namespace

DataPanel::DataPanel(QWidget* parent) : QWidget(parent) {
    file_ = new QLabel(this);
    file_->setWordWrap(true);
    preview_ = new QTableWidget(this);
    preview_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    preview_->setTabKeyNavigation(false);  // Tab leaves the table; arrows move in it
    preview_->verticalHeader()->setDefaultSectionSize(22);
    report_ = new QPlainTextEdit(this);
    report_->setReadOnly(true);
    report_->setObjectName(QStringLiteral("parseReport"));
    report_->setMinimumHeight(60);
    report_->setMaximumHeight(140);
    plot_ = new LivePlot(QString(), this);
    plot_->setObjectName(QStringLiteral("splitPlot"));
    series_ = plot_->addGraph();
    series_->setPen(PlotStyle::linePen(QColor(40, 40, 40), 1));
    for (int i = 0; i < 3; ++i) {
        auto* band = new QCPItemRect(plot_);
        band->setLayer(QStringLiteral("grid"));
        band->setPen(Qt::NoPen);
        band->setBrush(kBandColours[i]);
        band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        band->setVisible(false);
        bands_.push_back(band);
        // The bands are items, which a legend cannot list: an empty graph with the band's
        // colour names each one in the legend below the axes, off the data.
        QCPGraph* key = plot_->addGraph();
        key->setLineStyle(QCPGraph::lsNone);
        key->setPen(Qt::NoPen);
        QColor swatch = kBandColours[i];
        swatch.setAlpha(140);
        key->setBrush(swatch);
        key->removeFromLegend();
        bandKeys_.push_back(key);
    }

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(preview_);
    split->addWidget(report_);
    split->addWidget(plot_);
    indicators_ = new IndicatorPanel(this);
    split->addWidget(indicators_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 0);
    split->setStretchFactor(2, 2);
    split->setStretchFactor(3, 1);
    connect(indicators_, &IndicatorPanel::changed, this, [this] {
        Q_EMIT rolesChanged();
        scheduleReport();
    });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(file_);
    loadProgress_ = new QProgressBar(this);
    loadProgress_->setObjectName(QStringLiteral("loadProgress"));
    loadProgress_->setRange(0, 1000);
    loadProgress_->setTextVisible(false);
    cancelLoad_ = new QPushButton(this);
    cancelLoad_->setObjectName(QStringLiteral("cancelLoad"));
    auto* loadRow = new QHBoxLayout;
    loadRow->addWidget(loadProgress_, 1);
    loadRow->addWidget(cancelLoad_);
    layout->addLayout(loadRow);
    loadProgress_->hide();
    cancelLoad_->hide();
    layout->addWidget(split, 1);
    progressTimer_.setInterval(100);
    connect(&progressTimer_, &QTimer::timeout, this, &DataPanel::showLoadProgress);
    connect(cancelLoad_, &QPushButton::clicked, this, &DataPanel::cancelLoading);

    reportTimer_.setSingleShot(true);
    reportTimer_.setInterval(60);
    connect(&reportTimer_, &QTimer::timeout, this, &DataPanel::computeReport);
    connect(&watcher_, &QFutureWatcher<Load>::finished, this, &DataPanel::onLoadFinished);

    showFileText([] { return tr("No data. Open a CSV file (File ▸ Open CSV…) or drop one on the window."); });
    retranslate(this, [this] {
        file_->setText(fileText_());
        preview_->setToolTip(
            tr("The first rows of the file. Choose each column's role in the first row: the target is "
               "forecast, features are extra model inputs, the time column labels the x axis."));
        report_->setToolTip(tr("What happens to the rows on the way from the file to the model"));
        plot_->setTitle(tr("Target series and split"));
        const QString names[] = {tr("train"), tr("validation"), tr("test")};
        for (int i = 0; i < 3; ++i) bandKeys_[i]->setName(names[i]);
        cancelLoad_->setText(tr("Cancel"));
        cancelLoad_->setToolTip(tr("Stop reading the file; what is open stays open"));
        // What the open table shows: the preview's headers and roles, the x axis, and the report with the
        // problem (computed again: its numbers are cheap to count, and nothing but the texts changes).
        if (table_) {
            namePreview();
            RowAxis::fromTable(*table_, roles_.time().toStdString()).configure(plot_->xAxis);
        }
        if (table_ || !report_->document()->isEmpty())
            computeReport();
        else
            problem_ = tr("Open a CSV file first.");
    });
    // Below the title, which the texts above put in the plot's first row.
    PlotStyle::placeLegendBelow(plot_);
    plot_->legend->setVisible(false);
}

DataPanel::~DataPanel() {
    if (loadState_) loadState_->cancel.store(true);
    watcher_.waitForFinished();
}

void DataPanel::cancelLoading() {
    if (loading_ && loadState_) loadState_->cancel.store(true);
}

void DataPanel::showLoadProgress() {
    if (loadState_) loadProgress_->setValue(loadState_->permille.load());
}

void DataPanel::openFile(const QString& path, const std::optional<SeriesSpec>& roles) {
    loading_ = true;
    loadingPath_ = path;
    pendingRoles_ = roles;
    showFileText([path] { return tr("Reading %1 …").arg(QDir::toNativeSeparators(path)); });
    // A load still running is told to stop; its result is dropped (see onLoadFinished).
    if (loadState_) loadState_->cancel.store(true);
    auto state = std::make_shared<LoadState>();
    loadState_ = state;
    loadProgress_->setValue(0);
    loadProgress_->show();
    cancelLoad_->show();
    progressTimer_.start();
    watcher_.setFuture(QtConcurrent::run([path, state] {
        Load load;
        CsvOptions options;
        options.progress = [&state](std::size_t done, std::size_t total) {
            if (total > 0) state->permille.store(static_cast<int>(1000.0 * done / total));
            return !state->cancel.load();
        };
        try {
            load.table = std::make_shared<const CsvTable>(readCsv(path.toStdString(), options));
        } catch (const CancelledError&) {
            load.cancelled = true;
        } catch (const std::exception& e) {
            load.error = QString::fromUtf8(e.what());
        }
        return load;
    }));
}

void DataPanel::onLoadFinished() {
    // A newer openFile() replaced this load's future: only the newest one counts.
    if (!watcher_.isFinished()) return;
    loading_ = false;
    progressTimer_.stop();
    loadProgress_->hide();
    cancelLoad_->hide();
    const Load load = watcher_.result();
    // Whatever was shown before stays usable.
    const auto stillOpen = [path = path_] {
        return path.isEmpty() ? tr("No data.") : tr("%1 (still open)").arg(QDir::toNativeSeparators(path));
    };
    if (load.cancelled) {
        showFileText(stillOpen);
        Q_EMIT loadCancelled(loadingPath_);
        return;
    }
    if (!load.table) {
        showFileText(stillOpen);
        Q_EMIT loadFailed(tr("Cannot open %1:\n%2").arg(QDir::toNativeSeparators(loadingPath_), load.error));
        return;
    }
    showTable(loadingPath_, load.table, pendingRoles_);
    Q_EMIT loaded(path_);
}

void DataPanel::showTable(const QString& path, std::shared_ptr<const CsvTable> table,
                          const std::optional<SeriesSpec>& roles) {
    path_ = path;
    table_ = std::move(table);
    roles_ = roles ? ColumnRoles::fromSpec(*table_, *roles) : ColumnRoles::guess(*table_);
    indicators_->setItems(roles ? roles->indicators : std::vector<std::string>{});
    showFileText([name = QFileInfo(path).fileName(), rows = table_->rowCount(), columns = table_->columns.size()] {
        return tr("%1 — %Ln row(s), %2 column(s)", nullptr, static_cast<qlonglong>(rows)).arg(name).arg(columns);
    });
    file_->setToolTip(QDir::toNativeSeparators(path));
    fillPreview();
    plotTarget();
    plot_->setFollowing(true);
    Q_EMIT rolesChanged();
    computeReport();
}

void DataPanel::fillPreview() {
    const CsvTable& t = *table_;
    const int rows = static_cast<int>(std::min<std::size_t>(t.rowCount(), kPreviewRows));
    preview_->clear();
    preview_->setColumnCount(static_cast<int>(t.columns.size()));
    preview_->setRowCount(rows + 1);
    QStringList rowLabels{QString()};  // the roles' row: namePreview() names it
    for (int r = 0; r < rows; ++r) rowLabels << QString::number(t.lineOfRow[r]);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const CsvColumn& column = t.columns[c];
        auto* combo = new QComboBox(preview_);
        combo->setObjectName(QStringLiteral("role:%1").arg(QString::fromStdString(column.name)));
        for (ColumnRole role : ColumnRoles::allRoles()) combo->addItem(QString(), static_cast<int>(role));
        connect(combo, &QComboBox::activated, this, [this, c, combo](int index) {
            roles_.setRole(c, static_cast<ColumnRole>(combo->itemData(index).toInt()));
            refreshRoleCombos();
            plotTarget();
            Q_EMIT rolesChanged();
            scheduleReport();
        });
        preview_->setCellWidget(0, static_cast<int>(c), combo);
        for (int r = 0; r < rows; ++r)
            preview_->setItem(r + 1, static_cast<int>(c), new QTableWidgetItem(csvCellText(column, r)));
        preview_->setHorizontalHeaderItem(static_cast<int>(c), new QTableWidgetItem);
    }
    preview_->setVerticalHeaderLabels(rowLabels);
    namePreview();
    refreshRoleCombos();
    preview_->resizeColumnsToContents();
}

void DataPanel::namePreview() {
    const CsvTable& t = *table_;
    for (std::size_t c = 0; c < t.columns.size() && static_cast<int>(c) < preview_->columnCount(); ++c) {
        const CsvColumn& column = t.columns[c];
        QString tip = tr("%1: %2 column").arg(QString::fromStdString(column.name), kindName(column.kind));
        if (column.emptyCells) tip += tr(", %Ln empty cell(s)", nullptr, static_cast<qlonglong>(column.emptyCells));
        if (column.unparsableCells)
            tip += tr(", %Ln cell(s) that are not %1", nullptr, static_cast<qlonglong>(column.unparsableCells))
                       .arg(kindName(column.kind));
        if (QTableWidgetItem* header = preview_->horizontalHeaderItem(static_cast<int>(c))) {
            // Translated: Chinese brackets a Chinese word with （）.
            header->setText(tr("%1\n(%2)", "column header: the column's name, then its kind")
                                .arg(QString::fromStdString(column.name), kindName(column.kind)));
            header->setToolTip(tip);
        }
        // Item texts only: the items' data and the role chosen stay.
        if (auto* combo = qobject_cast<QComboBox*>(preview_->cellWidget(0, static_cast<int>(c))))
            for (int i = 0; i < combo->count(); ++i)
                combo->setItemText(i, ColumnRoles::roleName(static_cast<ColumnRole>(combo->itemData(i).toInt())));
    }
    if (QTableWidgetItem* roles = preview_->verticalHeaderItem(0)) {
        roles->setText(tr("Role"));
        roles->setToolTip(tr("Line numbers of the file"));
    }
}

void DataPanel::refreshRoleCombos() {
    for (std::size_t c = 0; c < roles_.size(); ++c) {
        auto* combo = qobject_cast<QComboBox*>(preview_->cellWidget(0, static_cast<int>(c)));
        if (!combo) continue;
        const QSignalBlocker block(combo);
        combo->setCurrentIndex(combo->findData(static_cast<int>(roles_.role(c))));
    }
}

void DataPanel::setRole(const QString& column, ColumnRole role) {
    const int index = roles_.indexOf(column);
    if (index < 0) return;
    roles_.setRole(index, role);
    refreshRoleCombos();
    plotTarget();
    Q_EMIT rolesChanged();
    scheduleReport();
}

void DataPanel::setSeriesOptions(const SeriesSpec& options) {
    options_ = options;
    scheduleReport();
}

void DataPanel::showFileText(std::function<QString()> text) {
    fileText_ = std::move(text);
    file_->setText(fileText_());
}

void DataPanel::scheduleReport() { reportTimer_.start(); }

void DataPanel::flushReport() {
    if (reportTimer_.isActive()) {
        reportTimer_.stop();
        computeReport();
    }
}

void DataPanel::computeReport() {
    const bool wasReady = isReady();
    edges_.clear();
    splitRows_.clear();
    QStringList lines;
    if (!table_) {
        problem_ = tr("Open a CSV file first.");
    } else if (roles_.target().isEmpty()) {
        const bool numbers = std::any_of(table_->columns.begin(), table_->columns.end(),
                                         [](const CsvColumn& c) { return c.kind == CsvColumn::Kind::Numeric; });
        problem_ = numbers ? tr("Choose a target column: the column to forecast.")
                           : tr("This file has no numeric column to forecast. To classify its texts or train a "
                                "language model on them, open it with File > Open Text….");
    } else {
        problem_.clear();
        // The report needs core's row handling, not the windows: one-row windows keep
        // this cheap for any window length (the real window is checked below).
        SeriesSpec spec = options_;
        applyRoles(spec);
        spec.window = 1, spec.horizon = 1, spec.stride = 1;
        spec.scaler = ScalerKind::None;
        try {
            SeriesRows rows;
            const SeriesDataset ds = buildSeriesDataset(*table_, spec, &rows);
            const SeriesReport& r = ds.report;
            lines << tr("%L1 rows read, %L2 used, %L3 dropped, %L4 cells filled.")
                         .arg(r.rowsRead)
                         .arg(r.rowsUsed)
                         .arg(r.rowsDropped)
                         .arg(r.cellsFilled);
            for (const auto& note : r.notes) lines << QStringLiteral("  • ") + QString::fromStdString(note);
            splitRows_ = {ds.trainRows, ds.valRows, ds.testRows};
            lines << tr("Split rows: train %L1, validation %L2, test %L3. Windows (window %4, horizon %5): %L6, %L7, "
                        "%L8.")
                         .arg(ds.trainRows)
                         .arg(ds.valRows)
                         .arg(ds.testRows)
                         .arg(options_.window)
                         .arg(options_.horizon)
                         .arg(windowCount(ds.trainRows, options_))
                         .arg(windowCount(ds.valRows, options_))
                         .arg(windowCount(ds.testRows, options_));
            if (options_.scaler == ScalerKind::Auto) {
                // What training will choose, from the same rows and split.
                const ScalerChoice choice = chooseScaler(rows, ds.trainRows);
                lines << tr("Scaler (automatic): %1, as %2.")
                             .arg(ModelPanel::scalerText(choice.kind), QString::fromStdString(choice.reason));
            }
            const QString names[] = {tr("training"), tr("validation"), tr("test")};
            for (int i = 0; i < 3; ++i)
                if (windowCount(splitRows_[i], options_) == 0 && problem_.isEmpty())
                    problem_ = tr("The %1 split has %L2 rows but one window needs %3 (window %4 + horizon %5). "
                                  "Use a shorter window, other split fractions or more data.")
                                   .arg(names[i])
                                   .arg(splitRows_[i])
                                   .arg(options_.window + options_.horizon)
                                   .arg(options_.window)
                                   .arg(options_.horizon);
            const RowAxis axis = RowAxis::fromTable(*table_, spec.timeColumn);
            if (!ds.train.lastRow.empty() && !ds.val.lastRow.empty() && !ds.test.lastRow.empty())
                edges_ = {axis.at(ds.train.lastRow.front()), axis.at(ds.val.lastRow.front()),
                          axis.at(ds.test.lastRow.front()), axis.at(table_->rowCount() - 1)};
        } catch (const std::exception& e) {
            problem_ = QString::fromUtf8(e.what());
        }
    }
    if (!problem_.isEmpty()) lines << problem_;
    report_->setPlainText(lines.join(QLatin1Char('\n')));
    report_->setStyleSheet(problem_.isEmpty() || !table_ ? QString()
                                                         : QStringLiteral("QPlainTextEdit{color:#b00020;}"));
    drawBands();
    if (wasReady != isReady()) Q_EMIT readinessChanged(isReady());
}

void DataPanel::applyRoles(SeriesSpec& spec) const {
    roles_.applyTo(spec);
    spec.indicators = indicators_->items();
}

void DataPanel::updateIndicatorColumns() {
    SeriesSpec spec;
    roles_.applyTo(spec);
    QStringList inputs;
    if (!spec.target.empty())
        for (const std::string& name : spec.effectiveFeatures()) inputs << QString::fromStdString(name);
    indicators_->setData(table_, roles_.time(), inputs, roles_.target());
}

void DataPanel::plotTarget() {
    series_->data()->clear();
    updateIndicatorColumns();
    if (!table_) return;
    const int index = table_->find(roles_.target().toStdString());
    const RowAxis axis = RowAxis::fromTable(*table_, roles_.time().toStdString());
    axis.configure(plot_->xAxis);
    plot_->yAxis->setLabel(roles_.target());
    series_->setName(roles_.target());
    if (index < 0 || table_->columns[index].kind != CsvColumn::Kind::Numeric) {
        plot_->refresh();
        return;
    }
    const std::vector<double>& values = table_->columns[index].numbers;
    series_->setData(QVector<double>(axis.x.begin(), axis.x.end()), QVector<double>(values.begin(), values.end()),
                     true);
    plot_->setFollowing(true);
}

void DataPanel::drawBands() {
    const bool show = edges_.size() == 4;
    for (int i = 0; i < 3; ++i) {
        bands_[i]->setVisible(show);
        if (show)
            bandKeys_[i]->addToLegend();
        else
            bandKeys_[i]->removeFromLegend();
        if (!show) continue;
        bands_[i]->topLeft->setCoords(edges_[i], 0.0);
        bands_[i]->bottomRight->setCoords(edges_[i + 1], 1.0);
    }
    plot_->legend->setVisible(show);
    plot_->refresh();
}

int DataPanel::previewRowCount() const { return std::max(0, preview_->rowCount() - 1); }
int DataPanel::targetPointCount() const { return series_->dataCount(); }
QString DataPanel::reportText() const { return report_->toPlainText(); }

}  // namespace studio
