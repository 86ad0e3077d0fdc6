#include "shell/continue_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace studio {

ContinueDialog::ContinueDialog(int epochsDone, int suggested, QWidget* parent) : QDialog(parent), done_(epochsDone) {
    setObjectName(QStringLiteral("continueDialog"));
    setWindowTitle(tr("Continue Training"));
    setWindowModality(Qt::WindowModal);
    more_ = new QSpinBox(this);
    more_->setObjectName(QStringLiteral("moreEpochs"));
    more_->setRange(1, kMaxMoreEpochs);
    more_->setValue(std::clamp(suggested, 1, kMaxMoreEpochs));
    more_->setToolTip(
        tr("Epochs to train on top of those the model has trained, from its checkpoint with its "
           "optimizer state, learning-rate schedule and early stopping."));
    total_ = new QLabel(this);
    total_->setObjectName(QStringLiteral("totalEpochs"));
    total_->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("&More epochs:"), more_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Train"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(more_, &QSpinBox::valueChanged, this, &ContinueDialog::updateTotal);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(total_);
    layout->addWidget(buttons);
    updateTotal();
    more_->setFocus();
    more_->selectAll();
}

int ContinueDialog::moreEpochs() const { return more_->value(); }

void ContinueDialog::setMoreEpochs(int epochs) { more_->setValue(epochs); }

QString ContinueDialog::totalText() const { return total_->text(); }

void ContinueDialog::updateTotal() {
    total_->setText(tr("The model has trained %n epoch(s); it will have trained %1 in all (fewer if early "
                       "stopping ends the run).",
                       nullptr, done_)
                        .arg(totalEpochs()));
}

}  // namespace studio
