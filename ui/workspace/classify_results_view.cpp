#include "workspace/classify_results_view.h"

#include "base/enum_names.h"
#include "data/text_dataset.h"
#include "tasks/task_kind.h"
#include "widgets/retranslate.h"
#include "workspace/try_text_box.h"

#include <QDir>
#include <QFile>
#include <QGridLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace studio {
namespace {

QTableWidget* table(QWidget* parent, const char* name) {
    auto* t = new QTableWidget(parent);
    t->setObjectName(QString::fromLatin1(name));
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setTabKeyNavigation(false);
    return t;
}

QTableWidgetItem* item(const QString& text) { return new QTableWidgetItem(text); }

QString cellText(const CsvColumn& column, std::size_t row) {
    if (row < column.text.size() && !column.text[row].empty()) return QString::fromStdString(column.text[row]);
    const double v = row < column.numbers.size() ? column.numbers[row] : std::nan("");
    return std::isnan(v) ? QString() : QString::number(v, 'g', 15);
}

}  // namespace

ClassifyResultsView::ClassifyResultsView(QWidget* parent) : QWidget(parent) {
    metrics_ = table(this, "classifyMetrics");
    metrics_->setColumnCount(2);
    metrics_->horizontalHeader()->setStretchLastSection(true);
    metrics_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    metrics_->verticalHeader()->setVisible(false);
    confusion_ = table(this, "confusion");
    misclassified_ = table(this, "misclassified");
    misclassified_->setColumnCount(4);
    misclassified_->horizontalHeader()->setStretchLastSection(true);
    misclassified_->setSelectionBehavior(QAbstractItemView::SelectRows);
    misclassifiedTitle_ = new QLabel(this);
    misclassifiedTitle_->setWordWrap(true);
    tryText_ = new TryTextBox(this);

    auto* metricsTitle = new QLabel(this);
    auto* confusionTitle = new QLabel(this);
    auto* grid = new QGridLayout;
    grid->addWidget(metricsTitle, 0, 0);
    grid->addWidget(confusionTitle, 0, 1);
    grid->addWidget(metrics_, 1, 0);
    grid->addWidget(confusion_, 1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(grid, 1);
    layout->addWidget(misclassifiedTitle_);
    layout->addWidget(misclassified_, 1);
    layout->addWidget(tryText_);
    retranslate(this, [this, metricsTitle, confusionTitle] {
        metrics_->setHorizontalHeaderLabels({tr("Measure (test split)"), tr("Value")});
        confusion_->setToolTip(tr("Rows: true class; columns: predicted class."));
        misclassified_->setHorizontalHeaderLabels({tr("Row"), tr("True"), tr("Predicted"), tr("Text")});
        metricsTitle->setText(tr("Test results"));
        confusionTitle->setText(tr("Confusion matrix (rows true, columns predicted)"));
        // The texts of the results on show, whose numbers stay as they are.
        nameMetrics();
        showMisclassifiedTitle();
    });

    connect(misclassified_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (QTableWidgetItem* it = misclassified_->item(row, 3)) explain(it->text());
    });
    connect(tryText_, &TryTextBox::classified, this, &ClassifyResultsView::textClassified);
    connect(tryText_, &TryTextBox::inspectRequested, this, &ClassifyResultsView::inspectRequested);
    clear();
}

ClassifyResultsView::~ClassifyResultsView() = default;

void ClassifyResultsView::clear() {
    metrics_->setRowCount(0);
    confusion_->setRowCount(0);
    confusion_->setColumnCount(0);
    misclassified_->setRowCount(0);
    misclassifiedError_.clear();
    showMisclassifiedTitle();
    tryText_->clear();
    accuracy_ = 0.0;
}

void ClassifyResultsView::setResult(const ClassificationMetrics& m, const std::vector<std::string>& classes,
                                    const QString& projectDir, std::shared_ptr<const CsvTable> data,
                                    const QString& textColumn, bool attention) {
    clear();
    dir_ = projectDir;
    accuracy_ = m.accuracy;
    const QStringList values = {QString::number(m.n), QStringLiteral("%1%").arg(m.accuracy, 0, 'f', 2),
                                QStringLiteral("%1%").arg(m.macroF1, 0, 'f', 2),
                                QStringLiteral("%1%").arg(m.majorityAccuracy, 0, 'f', 2)};
    metrics_->setRowCount(static_cast<int>(values.size()));
    for (int i = 0; i < values.size(); ++i) {
        metrics_->setItem(i, 0, item(QString()));
        metrics_->setItem(i, 1, item(values[i]));
    }
    nameMetrics();
    const int c = static_cast<int>(classes.size());
    QStringList names;
    for (const auto& name : classes) names << QString::fromStdString(name);
    confusion_->setRowCount(c);
    confusion_->setColumnCount(c);
    confusion_->setHorizontalHeaderLabels(names);
    confusion_->setVerticalHeaderLabels(names);
    for (int t = 0; t < c && t < static_cast<int>(m.confusion.size()); ++t)
        for (int p = 0; p < c && p < static_cast<int>(m.confusion[t].size()); ++p) {
            auto* cell = item(QString::number(m.confusion[t][p]));
            if (t == p) cell->setBackground(QColor(200, 235, 200));
            confusion_->setItem(t, p, cell);
        }
    showMisclassified(std::move(data), textColumn);
    tryText_->setProject(projectDir, classes, attention);
}

void ClassifyResultsView::showMisclassified(std::shared_ptr<const CsvTable> data, const QString& textColumn) {
    const QString file = QDir(dir_).filePath(QStringLiteral("predictions.csv"));
    CsvTable predictions;
    try {
        predictions = readLabeledCsv(file.toStdString());
    } catch (const std::exception& e) {
        misclassifiedError_ = QString::fromUtf8(e.what());
        showMisclassifiedTitle();
        return;
    }
    const int rowCol = predictions.find("row"), labelCol = predictions.find("label"),
              trueCol = predictions.find("true_label");
    if (rowCol < 0 || labelCol < 0 || trueCol < 0) return;
    const int textCol = data ? data->find(textColumn.toStdString()) : -1;
    int shown = 0;
    for (std::size_t r = 0; r < predictions.rowCount(); ++r) {
        const QString predicted = cellText(predictions.columns[labelCol], r);
        const QString truth = cellText(predictions.columns[trueCol], r);
        if (predicted == truth) continue;
        const double dataRow = predictions.columns[rowCol].numbers[r];
        QString text;
        if (textCol >= 0 && dataRow >= 0 && dataRow < static_cast<double>(data->rowCount()))
            text = cellText(data->columns[textCol], static_cast<std::size_t>(dataRow));
        misclassified_->setRowCount(shown + 1);
        misclassified_->setItem(shown, 0, item(QString::number(dataRow + 1, 'f', 0)));
        misclassified_->setItem(shown, 1, item(truth));
        misclassified_->setItem(shown, 2, item(predicted));
        misclassified_->setItem(shown, 3, item(text));
        ++shown;
    }
}

void ClassifyResultsView::nameMetrics() {
    const QStringList names = {tr("Test texts"), tr("Accuracy"), tr("Macro F1"), tr("Majority baseline accuracy")};
    for (int i = 0; i < names.size() && i < metrics_->rowCount(); ++i)
        if (QTableWidgetItem* it = metrics_->item(i, 0)) it->setText(names[i]);
}

void ClassifyResultsView::showMisclassifiedTitle() {
    misclassifiedTitle_->setText(misclassifiedError_.isEmpty()
                                     ? tr("Misclassified test texts")
                                     : tr("No misclassified texts to show: %1").arg(misclassifiedError_));
}

void ClassifyResultsView::explain(const QString& text) { tryText_->run(text); }

bool ClassifyResultsView::loadMetrics(const QString& dir, ClassificationMetrics& m, std::vector<std::string>& classes) {
    QFile file(QDir(dir).filePath(QStringLiteral("metrics.json")));
    if (!file.open(QIODevice::ReadOnly)) return false;
    const QJsonObject j = QJsonDocument::fromJson(file.readAll()).object();
    if (findEnum<TaskKind>(j.value(QLatin1String("task")).toString().toStdString()) != TaskKind::Classify) return false;
    const QJsonObject model = j.value(QLatin1String("model")).toObject();
    m = ClassificationMetrics{};
    m.n = static_cast<std::size_t>(j.value(QLatin1String("n")).toDouble());
    m.accuracy = model.value(QLatin1String("accuracy")).toDouble();
    m.macroF1 = model.value(QLatin1String("macro_f1")).toDouble();
    m.majorityAccuracy = j.value(QLatin1String("majority")).toObject().value(QLatin1String("accuracy")).toDouble();
    classes.clear();
    for (const auto& v : model.value(QLatin1String("labels")).toArray()) classes.push_back(v.toString().toStdString());
    for (const auto& rowValue : model.value(QLatin1String("confusion")).toArray()) {
        std::vector<std::size_t> row;
        for (const auto& v : rowValue.toArray()) row.push_back(static_cast<std::size_t>(v.toDouble()));
        m.confusion.push_back(row);
    }
    return true;
}

int ClassifyResultsView::misclassifiedCount() const { return misclassified_->rowCount(); }

long long ClassifyResultsView::confusionTotal() const {
    long long total = 0;
    for (int t = 0; t < confusion_->rowCount(); ++t)
        for (int p = 0; p < confusion_->columnCount(); ++p)
            if (auto* it = confusion_->item(t, p)) total += it->text().toLongLong();
    return total;
}

long long ClassifyResultsView::confusionOffDiagonal() const {
    long long total = 0;
    for (int t = 0; t < confusion_->rowCount(); ++t)
        for (int p = 0; p < confusion_->columnCount(); ++p)
            if (auto* it = confusion_->item(t, p); it && t != p) total += it->text().toLongLong();
    return total;
}

}  // namespace studio
