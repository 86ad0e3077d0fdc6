#pragma once

#include "data/csv_reader.h"
#include "training/metrics.h"

#include <QWidget>

#include <memory>
#include <string>
#include <vector>

class QLabel;
class QTableWidget;

namespace studio {

class TryTextBox;

// Results of a text classifier on its test split: accuracy, macro F1 and the majority
// baseline; the confusion matrix (rows: true class, columns: predicted); the misclassified
// test texts (from the project's predictions.csv and the data table); and a box that
// classifies any text with the saved model (TryTextBox), showing the attention weights over
// its tokens where the model has them. GUI thread only.
class ClassifyResultsView : public QWidget {
    Q_OBJECT
public:
    explicit ClassifyResultsView(QWidget* parent = nullptr);
    ~ClassifyResultsView() override;

    // table and textColumn give the misclassified rows their text (null table: row numbers only).
    void setResult(const ClassificationMetrics& metrics, const std::vector<std::string>& classes,
                   const QString& projectDir, std::shared_ptr<const CsvTable> table, const QString& textColumn,
                   bool attention);
    void clear();
    void explain(const QString& text);  // any text; textClassified() reports

    // Reads metrics.json of a classify project; false when it is missing or of another task.
    static bool loadMetrics(const QString& dir, ClassificationMetrics& metrics, std::vector<std::string>& classes);

    int misclassifiedCount() const;
    long long confusionTotal() const;
    long long confusionOffDiagonal() const;
    double shownAccuracy() const { return accuracy_; }

Q_SIGNALS:
    void textClassified(int tokens);
    void inspectRequested(const QString& text);  // from the "Try a text" box

private:
    void showMisclassified(std::shared_ptr<const CsvTable> table, const QString& textColumn);
    void nameMetrics();             // the names of the metrics' rows, in the language on show
    void showMisclassifiedTitle();  // the title, or why none are listed

    QString dir_;
    double accuracy_ = 0.0;
    QTableWidget* metrics_ = nullptr;
    QTableWidget* confusion_ = nullptr;
    QLabel* misclassifiedTitle_ = nullptr;  // says why none are listed, when none can be
    QString misclassifiedError_;            // why none can be listed; empty: they are
    QTableWidget* misclassified_ = nullptr;
    TryTextBox* tryText_ = nullptr;
};

}  // namespace studio
