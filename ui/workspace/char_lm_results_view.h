#pragma once

#include "shell/job_runner.h"

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace studio {

// Results of a character language model: bits per character on the test split beside the
// unigram baseline, the sample written after training, and a generate box (prompt, length,
// temperature) that runs generateText on a pool thread so the window never blocks.
// GUI thread only.
class CharLmResultsView : public QWidget {
    Q_OBJECT
public:
    explicit CharLmResultsView(QWidget* parent = nullptr);
    ~CharLmResultsView() override;

    void setResult(double bitsPerChar, double unigramBitsPerChar, const QString& sample, const QString& projectDir);
    // A sample written during training, shown in place of the final one until it comes.
    void setLiveSample(const QString& sample);
    void clear();
    // Starts a generation with the fields' settings; generated() or generationFailed() reports.
    void generate(const QString& prompt);
    double shownBitsPerChar() const { return bitsPerChar_; }
    QString generatedText() const;

    // Reads metrics.json of a charlm project; false when missing or of another task.
    static bool loadMetrics(const QString& dir, double& bitsPerChar, double& unigramBitsPerChar);

Q_SIGNALS:
    void generated(const QString& text);
    void generationFailed(const QString& message);

private:
    void onGenerated(bool ok);

    QString dir_;
    double bitsPerChar_ = 0.0;
    QLabel* bits_ = nullptr;
    QPlainTextEdit* sample_ = nullptr;
    QLineEdit* prompt_ = nullptr;
    QSpinBox* length_ = nullptr;
    QDoubleSpinBox* temperature_ = nullptr;
    QSpinBox* seed_ = nullptr;  // 0: random
    QPushButton* generate_ = nullptr;
    QPlainTextEdit* output_ = nullptr;
    JobRunner runner_;
};

}  // namespace studio
