#pragma once

#include "shell/job_runner.h"

#include <QWidget>

#include <functional>
#include <string>
#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;

namespace studio {

// "Try a text" under a classifier's results: a text typed (or handed over by run()) goes
// through the project's saved model on a pool thread, and the box shows the class
// probabilities and the text's tokens, shaded by their attention weights where the model
// pools by attention. Its Inspect button hands the text to the Inspect view (the gates and
// states behind the same answer). GUI thread only.
class TryTextBox : public QWidget {
    Q_OBJECT
public:
    explicit TryTextBox(QWidget* parent = nullptr);
    ~TryTextBox() override;

    // The classification project whose model answers, its classes in order, and whether
    // the model has attention weights to show.
    void setProject(const QString& dir, const std::vector<std::string>& classes, bool attention);
    void clear();
    // Puts `text` in the field and classifies it; classified() or the error follows.
    void run(const QString& text);

Q_SIGNALS:
    void classified(int tokens);
    // The user asked to see the gates and states for `text`.
    void inspectRequested(const QString& text);

private:
    struct Answer {
        std::vector<std::string> tokens;
        std::vector<float> attention;  // empty without attention pooling
        std::vector<float> probabilities;
    };
    void onAnswered(bool ok);
    void showTokens(const Answer& answer);
    // Shows what `text` says under the tokens, now and in each language chosen later.
    void showResult(std::function<QString()> text);

    QString dir_;
    std::vector<std::string> classes_;
    bool attention_ = false;
    QLineEdit* text_ = nullptr;
    QPushButton* button_ = nullptr;
    QPushButton* inspect_ = nullptr;
    QScrollArea* tokens_ = nullptr;
    QLabel* result_ = nullptr;
    std::function<QString()> resultText_ = [] { return QString(); };
    JobRunner runner_;
};

}  // namespace studio
