#pragma once

#include "shell/job_runner.h"
#include "widgets/spec_form.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace studio {

// What Generate writes after the prompt: `length` characters sampled at `temperature`
// from `seed` (0: a new seed, so a new text, each time).
struct GenerationSettings {
    int length = 300;
    double temperature = 0.8;
    int seed = 0;
};

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
    SpecForm<GenerationSettings> settings_;  // and the prompt, whose text is generate()'s
    QPushButton* generate_ = nullptr;
    QPlainTextEdit* output_ = nullptr;
    JobRunner runner_;
};

}  // namespace studio
