#pragma once

#include "data/csv_reader.h"
#include "training/metrics.h"

#include "shell/job_runner.h"

#include <QWidget>

#include <memory>
#include <string>
#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QTableWidget;

namespace studio {

// Results of a text classifier on its test split: accuracy, macro F1 and the majority
// baseline; the confusion matrix (rows: true class, columns: predicted); the misclassified
// test texts (from the project's predictions.csv and the data table); and, for a model with
// attention pooling, the attention weights of a chosen text drawn over its tokens
// (explainText, run on a pool thread). GUI thread only.
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
    void explain(const QString& text);  // attention pooling only; attentionShown() reports

    // Reads metrics.json of a classify project; false when it is missing or of another task.
    static bool loadMetrics(const QString& dir, ClassificationMetrics& metrics, std::vector<std::string>& classes);

    int misclassifiedCount() const;
    long long confusionTotal() const;
    long long confusionOffDiagonal() const;
    double shownAccuracy() const { return accuracy_; }

Q_SIGNALS:
    void attentionShown(int tokens);

private:
    struct Explained {
        std::vector<std::string> tokens;
        std::vector<float> attention;
        std::vector<float> probabilities;
    };
    void showMisclassified(std::shared_ptr<const CsvTable> table, const QString& textColumn);
    void onExplained(bool ok);

    QString dir_;
    std::vector<std::string> classes_;
    double accuracy_ = 0.0;
    bool attention_ = false;
    QTableWidget* metrics_ = nullptr;
    QTableWidget* confusion_ = nullptr;
    QTableWidget* misclassified_ = nullptr;
    QLineEdit* explainText_ = nullptr;
    QPushButton* explainButton_ = nullptr;
    QScrollArea* tokensArea_ = nullptr;
    QLabel* explainResult_ = nullptr;
    JobRunner explainRunner_;
};

}  // namespace studio
