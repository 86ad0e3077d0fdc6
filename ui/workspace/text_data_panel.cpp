#include "workspace/text_data_panel.h"

#include "workspace/csv_cells.h"
#include "data/text_dataset.h"
#include "base/error.h"
#include "tasks/text/text_job.h"
#include "widgets/retranslate.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <map>
#include <set>

namespace studio {

TextDataPanel::TextDataPanel(QWidget* parent) : QWidget(parent) {
    file_ = new QLabel(this);
    file_->setWordWrap(true);
    columns_ = new QWidget(this);
    auto* form = new QFormLayout(columns_);
    form->setContentsMargins(0, 0, 0, 0);
    textColumn_ = new QComboBox(columns_);
    textColumn_->setObjectName(QStringLiteral("textColumn"));
    labelColumn_ = new QComboBox(columns_);
    labelColumn_->setObjectName(QStringLiteral("labelColumn"));
    auto* textColumnLabel = new QLabel(columns_);
    textColumnLabel->setBuddy(textColumn_);
    form->addRow(textColumnLabel, textColumn_);
    auto* labelColumnLabel = new QLabel(columns_);
    labelColumnLabel->setBuddy(labelColumn_);
    form->addRow(labelColumnLabel, labelColumn_);
    examples_ = new QTableWidget(this);
    examples_->setObjectName(QStringLiteral("textExamples"));
    examples_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    examples_->setTabKeyNavigation(false);
    examples_->horizontalHeader()->setStretchLastSection(true);
    balance_ = new QTableWidget(0, 2, this);
    balance_->setObjectName(QStringLiteral("classBalance"));
    balance_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    balance_->setTabKeyNavigation(false);
    balance_->horizontalHeader()->setStretchLastSection(true);
    balance_->setMaximumHeight(140);
    report_ = new QLabel(this);
    report_->setObjectName(QStringLiteral("textReport"));
    report_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(file_);
    layout->addWidget(report_);
    layout->addWidget(columns_);
    auto* examplesTitle = new QLabel(this);
    layout->addWidget(examplesTitle);
    layout->addWidget(examples_, 1);
    layout->addWidget(balance_);
    columns_->setVisible(false);
    balance_->setVisible(false);
    showFileText([] { return tr("No text file open. Use File > Open Text…"); });
    retranslate(this, [this, textColumnLabel, labelColumnLabel, examplesTitle] {
        file_->setText(fileText_());
        textColumnLabel->setText(tr("Te&xt column"));
        labelColumnLabel->setText(tr("&Label column"));
        balance_->setHorizontalHeaderLabels({tr("Class"), tr("Rows")});
        examplesTitle->setText(tr("First rows"));
        // What the open file and the last training show.
        nameExamples();
        report_->setText(reportText_());
    });
    connect(&watcher_, &QFutureWatcher<Loaded>::finished, this, &TextDataPanel::onLoaded);
    connect(textColumn_, &QComboBox::currentIndexChanged, this, [this] {
        showExamples();
        Q_EMIT readinessChanged();
    });
    connect(labelColumn_, &QComboBox::currentIndexChanged, this, [this] {
        showExamples();
        showBalance();
        Q_EMIT readinessChanged();
    });
}

TextDataPanel::~TextDataPanel() { watcher_.waitForFinished(); }

TaskKind TextDataPanel::taskForPath(const QString& path) {
    return QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0 ? TaskKind::Classify
                                                                                            : TaskKind::CharLm;
}

TextDataPanel::Loaded TextDataPanel::load(const QString& path, TaskKind task) {
    Loaded out;
    try {
        if (task == TaskKind::Classify) {
            out.table = std::make_shared<const CsvTable>(readLabeledCsv(path.toStdString()));
        } else {
            const QString text = QString::fromStdString(readTextFile(path.toStdString()));
            out.characters = text.size();
            out.text = text.left(4000);
        }
    } catch (const std::exception& e) {
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}

void TextDataPanel::openFile(const QString& path) {
    if (watcher_.isRunning()) return;
    pendingPath_ = path;
    const TaskKind task = taskForPath(path);
    watcher_.setFuture(QtConcurrent::run([path, task] { return load(path, task); }));
}

void TextDataPanel::onLoaded() {
    const Loaded r = watcher_.result();
    if (!r.error.isEmpty()) {
        Q_EMIT loadFailed(r.error);
        return;
    }
    path_ = pendingPath_;
    task_ = taskForPath(path_);
    table_ = r.table;
    clearReport();
    const QSignalBlocker blockText(textColumn_);
    const QSignalBlocker blockLabel(labelColumn_);
    textColumn_->clear();
    labelColumn_->clear();
    const bool classify = task_ == TaskKind::Classify;
    columns_->setVisible(classify);
    balance_->setVisible(classify);
    if (classify) {
        for (const CsvColumn& c : table_->columns) {
            textColumn_->addItem(QString::fromStdString(c.name));
            labelColumn_->addItem(QString::fromStdString(c.name));
        }
        const QString label = guessLabelColumn(*table_);
        labelColumn_->setCurrentText(label);
        textColumn_->setCurrentText(guessTextColumn(*table_, label));
        showFileText([name = QFileInfo(path_).fileName(), rows = static_cast<int>(table_->rowCount())] {
            return tr("%1: %n row(s) for text classification.", nullptr, rows).arg(name);
        });
        showExamples();
        showBalance();
    } else {
        showFileText([name = QFileInfo(path_).fileName(), characters = static_cast<int>(r.characters)] {
            return tr("%1: %n character(s) for a character language model.", nullptr, characters).arg(name);
        });
        const QStringList lines = r.text.split(QLatin1Char('\n')).mid(0, kPreviewRows);
        examples_->clear();
        examples_->setColumnCount(1);
        nameExamples();
        examples_->setRowCount(static_cast<int>(lines.size()));
        for (int i = 0; i < lines.size(); ++i) examples_->setItem(i, 0, new QTableWidgetItem(lines[i]));
    }
    Q_EMIT loaded(path_);
    Q_EMIT readinessChanged();
}

void TextDataPanel::showExamples() {
    if (!table_ || task_ != TaskKind::Classify) return;
    const int t = table_->find(textColumn().toStdString());
    const int l = table_->find(labelColumn().toStdString());
    const int rows = static_cast<int>(std::min<std::size_t>(kPreviewRows, table_->rowCount()));
    examples_->clear();
    examples_->setColumnCount(2);
    nameExamples();
    examples_->setRowCount(rows);
    for (int r = 0; r < rows; ++r) {
        if (l >= 0) examples_->setItem(r, 0, new QTableWidgetItem(csvCellText(table_->columns[l], r)));
        if (t >= 0) examples_->setItem(r, 1, new QTableWidgetItem(csvCellText(table_->columns[t], r)));
    }
}

void TextDataPanel::nameExamples() {
    // A file's rows: label and text of a classification's, the lines of a language model's text.
    if (examples_->columnCount() == 2)
        examples_->setHorizontalHeaderLabels({tr("Label"), tr("Text")});
    else if (examples_->columnCount() == 1)
        examples_->setHorizontalHeaderLabels({tr("Line")});
}

void TextDataPanel::showFileText(std::function<QString()> text) {
    fileText_ = std::move(text);
    file_->setText(fileText_());
}

QList<QPair<QString, int>> TextDataPanel::classBalance() const {
    QList<QPair<QString, int>> out;
    if (!table_) return out;
    const int l = table_->find(labelColumn().toStdString());
    if (l < 0) return out;
    std::map<QString, int> counts;
    for (std::size_t r = 0; r < table_->rowCount(); ++r) {
        const QString c = csvCellText(table_->columns[l], r);
        if (!c.isEmpty()) ++counts[c];
    }
    for (const auto& [name, n] : counts) out.append({name, n});
    return out;
}

void TextDataPanel::showBalance() {
    const auto counts = classBalance();
    balance_->setRowCount(static_cast<int>(counts.size()));
    for (int i = 0; i < counts.size(); ++i) {
        balance_->setItem(i, 0, new QTableWidgetItem(counts[i].first));
        balance_->setItem(i, 1, new QTableWidgetItem(QString::number(counts[i].second)));
    }
}

bool TextDataPanel::isReady() const { return problem().isEmpty(); }

QString TextDataPanel::problem() const {
    if (path_.isEmpty()) return tr("Open a text file first.");
    if (task_ == TaskKind::CharLm) return {};
    if (textColumn().isEmpty() || labelColumn().isEmpty()) return tr("Choose the text and label columns.");
    if (textColumn() == labelColumn()) return tr("The text and label columns must differ.");
    if (classBalance().size() < 2) return tr("The label column needs at least two classes.");
    return {};
}

QString TextDataPanel::textColumn() const { return textColumn_->currentText(); }
QString TextDataPanel::labelColumn() const { return labelColumn_->currentText(); }
void TextDataPanel::setTextColumn(const QString& name) { textColumn_->setCurrentText(name); }
void TextDataPanel::setLabelColumn(const QString& name) { labelColumn_->setCurrentText(name); }

void TextDataPanel::setTrainingReport(const TextJobResult& r) {
    // Kept as a text to write again in another language: the numbers, and core's notes as they are.
    reportText_ = [vocabSize = r.vocabSize, train = r.report.trainCoverage, test = r.report.testCoverage,
                   dropped = r.report.rowsDropped, notes = r.report.notes] {
        QString text = tr("Vocabulary: %1 tokens. Coverage: %2% of training tokens, %3% of test tokens known.")
                           .arg(vocabSize)
                           .arg(train * 100.0, 0, 'f', 1)
                           .arg(test * 100.0, 0, 'f', 1);
        // The join is translated too: Chinese puts no space between sentences.
        if (dropped > 0)
            text = tr("%1 %2", "two sentences of one line")
                       .arg(text, tr("%n row(s) dropped.", nullptr, static_cast<int>(dropped)));
        // Core's notes (texts cut to the length limit, rare labels left out), as the CLI prints them.
        for (const std::string& note : notes) text += QLatin1Char('\n') + QString::fromStdString(note);
        return text;
    };
    report_->setText(reportText_());
}

void TextDataPanel::clearReport() {
    reportText_ = [] { return QString(); };
    report_->clear();
}

QString TextDataPanel::guessLabelColumn(const CsvTable& table) {
    for (const char* name : {"label", "class", "category", "target"})
        for (const CsvColumn& c : table.columns)
            if (QString::fromStdString(c.name).compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                return QString::fromStdString(c.name);
    QString best;
    std::size_t fewest = SIZE_MAX;
    for (const CsvColumn& c : table.columns) {
        std::set<QString> distinct;
        for (std::size_t r = 0; r < table.rowCount() && distinct.size() <= 1000; ++r) distinct.insert(csvCellText(c, r));
        if (distinct.size() >= 2 && distinct.size() < fewest) {
            fewest = distinct.size();
            best = QString::fromStdString(c.name);
        }
    }
    return best;
}

QString TextDataPanel::guessTextColumn(const CsvTable& table, const QString& labelColumn) {
    QString best;
    double longest = -1;
    for (const CsvColumn& c : table.columns) {
        const QString name = QString::fromStdString(c.name);
        if (c.kind != CsvColumn::Kind::Text || name == labelColumn) continue;
        double total = 0;
        for (const auto& s : c.text) total += static_cast<double>(s.size());
        const double mean = c.text.empty() ? 0 : total / static_cast<double>(c.text.size());
        if (mean > longest) {
            longest = mean;
            best = name;
        }
    }
    return best;
}

}  // namespace studio
