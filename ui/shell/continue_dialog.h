#pragma once

#include <QDialog>

class QLabel;
class QSpinBox;

namespace studio {

// Model > Continue Training…: asks how many more epochs to train the project's model from
// its checkpoint, and says the total the model will then have trained (at most: early
// stopping may end the run sooner). GUI thread only.
class ContinueDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr int kMaxMoreEpochs = 100000;  // the model panel's limit on Epochs

    // `epochsDone`: the epochs the project's model has trained; `suggested`: the more
    // epochs offered first (clamped to 1 … kMaxMoreEpochs).
    ContinueDialog(int epochsDone, int suggested, QWidget* parent = nullptr);

    int moreEpochs() const;
    void setMoreEpochs(int epochs);
    int totalEpochs() const { return done_ + moreEpochs(); }
    // The line under the field: the epochs done and the total after the run.
    QString totalText() const;

private:
    void updateTotal();

    int done_ = 0;
    QSpinBox* more_ = nullptr;
    QLabel* total_ = nullptr;
};

}  // namespace studio
