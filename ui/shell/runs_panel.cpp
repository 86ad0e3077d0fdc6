#include "shell/runs_panel.h"

#include "jobs/runs.h"
#include "widgets/plot_style.h"
#include "widgets/retranslate.h"

#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace studio {
namespace {

// Fixed columns; the test metrics, the differing settings and the notes follow.
enum Column { Star, Id, Started, Duration, Status, Epochs, ValLoss, kFixedColumns };

// The ledger's statuses (run_ledger.h), for lupdate: the status column shows each translated.
[[maybe_unused]] constexpr const char* kStatuses[] = {
    QT_TRANSLATE_NOOP("studio::RunsPanel", "queued"),    QT_TRANSLATE_NOOP("studio::RunsPanel", "running"),
    QT_TRANSLATE_NOOP("studio::RunsPanel", "finished"),  QT_TRANSLATE_NOOP("studio::RunsPanel", "stopped early"),
    QT_TRANSLATE_NOOP("studio::RunsPanel", "cancelled"), QT_TRANSLATE_NOOP("studio::RunsPanel", "diverged"),
    QT_TRANSLATE_NOOP("studio::RunsPanel", "failed"),    QT_TRANSLATE_NOOP("studio::RunsPanel", "interrupted")};

// A cell that sorts by its number; "–" for none.
QTableWidgetItem* numberItem(double value) {
    auto* item = new QTableWidgetItem;
    if (std::isnan(value)) item->setText(QStringLiteral("–"));
    else item->setData(Qt::DisplayRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString duration(double seconds) {
    if (seconds < 60) return QString::number(seconds, 'f', 1) + QStringLiteral(" s");
    return QStringLiteral("%1:%2").arg(static_cast<int>(seconds) / 60).arg(static_cast<int>(seconds) % 60, 2, 10,
                                                                            QLatin1Char('0'));
}

const QColor kRunColours[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44), QColor(214, 39, 40),
                              QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(23, 190, 207)};

// A forecast run's test predictions (pred_1 per row) and the truth (true_1).
bool readPredictions(const QString& path, QVector<double>& rows, QVector<double>& pred, QVector<double>& truth) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QList<QByteArray> header = f.readLine().trimmed().split(',');
    const int p = header.indexOf("pred_1"), t = header.indexOf("true_1");
    if (header.value(0) != "row" || p < 0 || t < 0) return false;
    while (!f.atEnd()) {
        const QList<QByteArray> cells = f.readLine().trimmed().split(',');
        if (cells.size() <= std::max(p, t)) continue;
        bool ok = false;
        const double row = cells[0].toDouble(&ok);
        if (!ok) continue;
        rows.push_back(row);
        pred.push_back(cells[p].isEmpty() ? qQNaN() : cells[p].toDouble());
        truth.push_back(cells[t].isEmpty() ? qQNaN() : cells[t].toDouble());
    }
    return true;
}

// Its axis labels come with the panel's other texts.
QCustomPlot* makePlot(const QString& name, QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setObjectName(name);
    plot->setMinimumSize(220, 140);
    PlotStyle::apply(plot);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    return plot;
}

}  // namespace

RunsPanel::RunsPanel(QWidget* parent) : QWidget(parent) {
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("runsFilter"));
    filter_->setClearButtonEnabled(true);
    const auto button = [this](const char* name) {
        auto* b = new QPushButton(this);
        b->setObjectName(QLatin1String(name));
        return b;
    };
    current_ = button("runsMakeCurrent");
    settings_ = button("runsUseSettings");
    rerun_ = button("runsRerun");
    star_ = button("runsStar");
    delete_ = button("runsDelete");
    auto* top = new QHBoxLayout;
    top->addWidget(filter_, 1);
    for (QPushButton* b : {current_, settings_, rerun_, star_, delete_}) top->addWidget(b);

    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("runsTable"));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setTabKeyNavigation(false);
    table_->verticalHeader()->hide();
    table_->setSortingEnabled(true);
    table_->horizontalHeader()->setSortIndicatorShown(true);
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);

    lossPlot_ = makePlot(QStringLiteral("runsLossPlot"), this);
    predictionPlot_ = makePlot(QStringLiteral("runsPredictionPlot"), this);
    retranslate(this, [this] {
        filter_->setPlaceholderText(tr("Filter: id, status, setting or note"));
        current_->setText(tr("Make Current"));
        current_->setToolTip(
            tr("Make the selected run the project's current one: its model, predictions and results "
               "are the ones shown, evaluated, quantized and exported"));
        settings_->setText(tr("Use These Settings"));
        settings_->setToolTip(tr("Fill the model options with the selected run's settings, to train from them"));
        rerun_->setText(tr("Rerun"));
        rerun_->setToolTip(
            tr("Train the selected run again from its record, as a new run, and say whether it matches"));
        star_->setText(tr("Star"));
        star_->setToolTip(tr("Star or unstar the selected runs"));
        delete_->setText(tr("Delete…"));
        delete_->setToolTip(tr("Delete the selected runs and their files (asks first)"));
        PlotStyle::setAxisLabels(lossPlot_, tr("epoch"), tr("validation loss"));
        PlotStyle::setAxisLabels(predictionPlot_, tr("row"), tr("test prediction"));
        retranslateTable();
        // The truth's legend name; and a plot shows new axis labels only once it is drawn again.
        if (predictionPlot_->graphCount() > 0) drawSelection();
        for (QCustomPlot* plot : {lossPlot_, predictionPlot_}) plot->replot(QCustomPlot::rpQueuedReplot);
    });
    auto* plots = new QSplitter(Qt::Vertical, this);
    plots->addWidget(lossPlot_);
    plots->addWidget(predictionPlot_);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(table_);
    split->addWidget(plots);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* problem = new QLabel(this);
    problem->setObjectName(QStringLiteral("runsProblem"));
    problem->setWordWrap(true);
    problem->setStyleSheet(QStringLiteral("color: #a33;"));
    problem->hide();
    problemLabel_ = problem;

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(problem);
    layout->addWidget(split, 1);

    confirm_ = [this](const QString& question) {
        return QMessageBox::question(this, tr("Delete Runs"), question, QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };
    connect(filter_, &QLineEdit::textChanged, this, &RunsPanel::applyFilter);
    connect(table_, &QTableWidget::itemSelectionChanged, this, &RunsPanel::onSelectionChanged);
    connect(table_, &QTableWidget::cellChanged, this, &RunsPanel::onItemChanged);
    connect(current_, &QPushButton::clicked, this, &RunsPanel::makeCurrent);
    connect(settings_, &QPushButton::clicked, this, &RunsPanel::useSettings);
    connect(rerun_, &QPushButton::clicked, this, [this] {
        const QStringList ids = selectedRuns();
        if (ids.size() == 1) Q_EMIT rerunRequested(ids.first());
    });
    connect(star_, &QPushButton::clicked, this, &RunsPanel::toggleStar);
    connect(delete_, &QPushButton::clicked, this, &RunsPanel::deleteSelected);
    updateButtons();
}

void RunsPanel::setProject(const QString& dir) {
    dir_ = dir;
    refresh();
}

void RunsPanel::refresh() {
    const QStringList keep = selectedRuns();
    problem_.clear();
    runs_.clear();
    try {
        if (!dir_.isEmpty()) runs_ = listRuns(dir_.toStdString());
    } catch (const std::exception& e) {
        problem_ = tr("The runs cannot be read: %1").arg(QString::fromUtf8(e.what()));
    }
    problemLabel_->setVisible(!problem_.isEmpty());
    static_cast<QLabel*>(problemLabel_)->setText(problem_);
    rebuildTable();
    // The selection stays across a refresh; with none, the current run is selected (its
    // curves drawn) and scrolled to.
    QStringList select = keep;
    if (select.isEmpty())
        for (const LedgerRun& r : runs_)
            if (r.current) select << QString::fromStdString(r.id);
    selectRuns(select);
    for (int row = 0; row < table_->rowCount(); ++row)
        if (table_->item(row, Id)->isSelected()) {
            table_->scrollToItem(table_->item(row, Id));
            break;
        }
}

QString RunsPanel::problem() const { return problem_; }

void RunsPanel::fail(const QString& message) {
    problem_ = message;
    static_cast<QLabel*>(problemLabel_)->setText(message);
    problemLabel_->setVisible(true);
}

void RunsPanel::rebuildTable() {
    filling_ = true;
    table_->setSortingEnabled(false);
    table_->clear();
    // The test metrics every run of the task has, and the settings that tell runs apart.
    metricNames_.clear();
    paramNames_.clear();
    // In the order the CLI prints them, others after.
    static const QStringList order = {"mae", "rmse", "mape", "smape", "mase", "directional_accuracy",
                                      "accuracy", "macro_f1", "bits_per_char"};
    if (!runs_.empty())
        for (const auto& [name, value] : runs_.back().metrics) metricNames_ << QString::fromStdString(name);
    std::stable_sort(metricNames_.begin(), metricNames_.end(), [](const QString& a, const QString& b) {
        const auto rank = [](const QString& m) { return order.contains(m) ? order.indexOf(m) : order.size(); };
        return rank(a) < rank(b);
    });
    for (const std::string& name : differingParams(runs_)) paramNames_ << QString::fromStdString(name);
    const QStringList headers = headerLabels();
    table_->setColumnCount(headers.size());
    table_->setHorizontalHeaderLabels(headers);
    table_->setRowCount(static_cast<int>(runs_.size()));
    for (int row = 0; row < static_cast<int>(runs_.size()); ++row) {
        const LedgerRun& r = runs_[static_cast<std::size_t>(row)];
        const auto fixed = [](const QString& text) {
            auto* item = new QTableWidgetItem(text);
            item->setFlags(item->flags() & ~Qt::ItemIsEditable);
            return item;
        };
        auto* star = fixed(r.starred ? QStringLiteral("★") : QString());
        auto* id = fixed(QString());
        id->setData(Qt::UserRole, r.seq);
        if (r.current) {
            QFont bold = id->font();
            bold.setBold(true);
            id->setFont(bold);
        }
        auto* status = fixed(QString());
        setRunTexts(star, id, status, r);
        table_->setItem(row, Star, star);
        table_->setItem(row, Id, id);
        table_->setItem(row, Started, fixed(QString::fromStdString(r.started).replace('T', ' ').remove('Z')));
        auto* secs = fixed(duration(r.seconds));
        secs->setData(Qt::UserRole, r.seconds);
        table_->setItem(row, Duration, secs);
        table_->setItem(row, Status, status);
        auto* epochs = numberItem(r.epochs);
        epochs->setFlags(epochs->flags() & ~Qt::ItemIsEditable);
        table_->setItem(row, Epochs, epochs);
        for (int c = ValLoss; c < kFixedColumns + metricNames_.size(); ++c) {
            double v = r.valLoss;
            if (c > ValLoss) {
                v = qQNaN();
                for (const auto& [name, value] : r.metrics)
                    if (QString::fromStdString(name) == metricNames_[c - kFixedColumns]) v = value;
            }
            auto* item = numberItem(v);
            item->setFlags(item->flags() & ~Qt::ItemIsEditable);
            table_->setItem(row, c, item);
        }
        int c = kFixedColumns + static_cast<int>(metricNames_.size());
        for (const QString& p : paramNames_) {
            QString value;
            for (const auto& [name, v] : r.params)
                if (QString::fromStdString(name) == p) value = QString::fromStdString(v);
            table_->setItem(row, c++, fixed(value));
        }
        table_->setItem(row, c, new QTableWidgetItem(QString::fromStdString(r.notes)));
    }
    table_->setSortingEnabled(true);
    table_->resizeColumnsToContents();
    filling_ = false;
    applyFilter();
    updateButtons();
}

QStringList RunsPanel::headerLabels() const {
    QStringList headers = {tr("★"),      tr("Run"),    tr("Started"), tr("Duration"),
                           tr("Status"), tr("Epochs"), tr("Val loss")};
    for (const QString& m : metricNames_)
        headers << tr("Test %1").arg(m == QLatin1String("directional_accuracy") ? tr("direction %")
                                                                                : m.toUpper().replace('_', ' '));
    headers << paramNames_ << tr("Notes");
    return headers;
}

void RunsPanel::setRunTexts(QTableWidgetItem* star, QTableWidgetItem* id, QTableWidgetItem* status,
                            const LedgerRun& r) {
    status->setText(tr(r.status.c_str()));  // kStatuses; another status shows as the ledger has it
    star->setToolTip(r.starred ? tr("Starred") : QString());
    id->setToolTip(r.parent.empty()
                       ? tr("%1 run").arg(QString::fromStdString(r.origin))
                       : tr("%1 of %2").arg(QString::fromStdString(r.origin), QString::fromStdString(r.parent)));
    id->setText(QString::fromStdString(r.id) + (r.current ? tr(" (current)") : QString()));
}

void RunsPanel::retranslateTable() {
    if (table_->columnCount() == 0) return;  // not filled yet: rebuildTable() writes them
    filling_ = true;
    table_->setHorizontalHeaderLabels(headerLabels());
    // The cells first, then their texts: a new id text may sort the rows again.
    std::vector<std::array<QTableWidgetItem*, 3>> cells;
    for (int row = 0; row < table_->rowCount(); ++row)
        cells.push_back({table_->item(row, Star), table_->item(row, Id), table_->item(row, Status)});
    for (const auto& [star, id, status] : cells)
        for (const LedgerRun& r : runs_)
            if (r.seq == id->data(Qt::UserRole).toInt()) setRunTexts(star, id, status, r);
    filling_ = false;
    applyFilter();  // it matches the headers' texts too
}

void RunsPanel::applyFilter() {
    const QString text = filter_->text().trimmed();
    for (int row = 0; row < table_->rowCount(); ++row) {
        bool match = text.isEmpty();
        for (int c = 0; c < table_->columnCount() && !match; ++c)
            if (const QTableWidgetItem* item = table_->item(row, c))
                match = item->text().contains(text, Qt::CaseInsensitive) ||
                        table_->horizontalHeaderItem(c)->text().contains(text, Qt::CaseInsensitive);
        table_->setRowHidden(row, !match);
    }
}

QStringList RunsPanel::selectedRuns() const {
    QStringList ids;
    for (int row = 0; row < table_->rowCount(); ++row) {
        const QTableWidgetItem* item = table_->item(row, Id);
        if (item && item->isSelected() && !table_->isRowHidden(row))
            ids << item->text().section(QLatin1Char(' '), 0, 0);
    }
    return ids;
}

void RunsPanel::selectRuns(const QStringList& ids) {
    const QSignalBlocker block(table_);
    table_->clearSelection();
    for (int row = 0; row < table_->rowCount(); ++row)
        if (ids.contains(table_->item(row, Id)->text().section(QLatin1Char(' '), 0, 0)))
            for (int c = 0; c < table_->columnCount(); ++c)
                if (QTableWidgetItem* item = table_->item(row, c)) item->setSelected(true);
    onSelectionChanged();
}

void RunsPanel::onSelectionChanged() {
    updateButtons();
    drawSelection();
}

void RunsPanel::updateButtons() {
    const int n = static_cast<int>(selectedRuns().size());
    current_->setEnabled(n == 1 && !busy_);
    settings_->setEnabled(n == 1);
    rerun_->setEnabled(n == 1 && !busy_);
    star_->setEnabled(n > 0 && !busy_);
    delete_->setEnabled(n > 0 && !busy_);
}

void RunsPanel::setBusy(bool busy) {
    busy_ = busy;
    updateButtons();
}

// The selected runs' validation losses per epoch and (forecasts) test predictions, one
// colour per run; the truth in black under them.
void RunsPanel::drawSelection() {
    lossPlot_->clearGraphs();
    predictionPlot_->clearGraphs();
    const QStringList ids = selectedRuns();
    bool truthDrawn = false;
    int k = 0;
    for (const QString& id : ids) {
        const QColor colour = kRunColours[k++ % (sizeof kRunColours / sizeof kRunColours[0])];
        QVector<double> x, y;
        try {
            for (const LedgerEpoch& e : runHistory(dir_.toStdString(), id.toStdString())) {
                x << e.epoch;
                y << e.valLoss;
            }
        } catch (const std::exception&) {
            continue;  // a run without a history: nothing to draw
        }
        QCPGraph* loss = lossPlot_->addGraph();
        loss->setName(id);
        loss->setPen(PlotStyle::linePen(colour));
        loss->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
        loss->setData(x, y);
        QVector<double> rows, pred, truth;
        if (!readPredictions(QString::fromStdString(runFolder(dir_.toStdString(), id.toStdString())) +
                                 QStringLiteral("/predictions.csv"),
                             rows, pred, truth))
            continue;
        if (!truthDrawn) {
            QCPGraph* t = predictionPlot_->addGraph();
            t->setName(tr("truth"));
            t->setPen(PlotStyle::linePen(Qt::black, 1.0));
            t->setData(rows, truth);
            truthDrawn = true;
        }
        QCPGraph* p = predictionPlot_->addGraph();
        p->setName(id);
        p->setPen(PlotStyle::linePen(colour, 1.2));
        p->setData(rows, pred);
    }
    for (QCustomPlot* plot : {lossPlot_, predictionPlot_}) {
        plot->legend->setVisible(plot->graphCount() > 0);
        if (plot->graphCount() > 0) PlotStyle::placeLegendBelow(plot, 4);
        plot->rescaleAxes();
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    predictionPlot_->setVisible(truthDrawn || ids.isEmpty());
}

void RunsPanel::makeCurrent() {
    const QStringList ids = selectedRuns();
    if (ids.size() != 1) return;
    try {
        selectRun(dir_.toStdString(), ids.first().toStdString());
    } catch (const std::exception& e) {
        fail(tr("Run %1 cannot be made current: %2").arg(ids.first(), QString::fromUtf8(e.what())));
        return;
    }
    refresh();
    Q_EMIT currentRunChanged(ids.first());
}

void RunsPanel::useSettings() {
    const QStringList ids = selectedRuns();
    if (ids.size() != 1) return;
    try {
        Q_EMIT settingsChosen(runJob(dir_.toStdString(), ids.first().toStdString()));
    } catch (const std::exception& e) {
        fail(tr("The settings of run %1 cannot be read: %2").arg(ids.first(), QString::fromUtf8(e.what())));
    }
}

void RunsPanel::toggleStar() {
    const QStringList ids = selectedRuns();
    bool anyUnstarred = false;
    for (const LedgerRun& r : runs_)
        if (ids.contains(QString::fromStdString(r.id)) && !r.starred) anyUnstarred = true;
    try {
        for (const QString& id : ids) setRunStarred(dir_.toStdString(), id.toStdString(), anyUnstarred);
    } catch (const std::exception& e) {
        fail(QString::fromUtf8(e.what()));
    }
    refresh();
}

void RunsPanel::deleteSelected() {
    const QStringList ids = selectedRuns();
    if (ids.isEmpty()) return;
    if (!confirm_(tr("Delete %n run(s) (%1) and every file in their folders? This cannot be undone.", nullptr,
                     ids.size())
                      .arg(ids.join(QStringLiteral(", ")))))
        return;
    QStringList failed;
    for (const QString& id : ids) {
        try {
            deleteRun(dir_.toStdString(), id.toStdString());
        } catch (const std::exception& e) {
            failed << QString::fromUtf8(e.what());
        }
    }
    refresh();
    if (!failed.isEmpty()) fail(failed.join(QLatin1Char('\n')));
}

void RunsPanel::onItemChanged(int row, int column) {
    if (filling_ || column != table_->columnCount() - 1) return;
    const QString id = table_->item(row, Id)->text().section(QLatin1Char(' '), 0, 0);
    try {
        setRunNotes(dir_.toStdString(), id.toStdString(), table_->item(row, column)->text().toStdString());
    } catch (const std::exception& e) {
        fail(tr("The note of run %1 was not saved: %2").arg(id, QString::fromUtf8(e.what())));
    }
}

}  // namespace studio
