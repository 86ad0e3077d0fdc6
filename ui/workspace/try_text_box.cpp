#include "workspace/try_text_box.h"

#include "tasks/text/text_job.h"
#include "widgets/retranslate.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace studio {

TryTextBox::TryTextBox(QWidget* parent) : QWidget(parent) {
    text_ = new QLineEdit(this);
    text_->setObjectName(QStringLiteral("explainText"));
    button_ = new QPushButton(this);
    button_->setObjectName(QStringLiteral("explain"));
    inspect_ = new QPushButton(this);
    inspect_->setObjectName(QStringLiteral("inspectText"));
    tokens_ = new QScrollArea(this);
    tokens_->setWidgetResizable(true);
    tokens_->setFixedHeight(60);
    result_ = new QLabel(this);
    result_->setWordWrap(true);
    auto* row = new QHBoxLayout;
    row->addWidget(text_, 1);
    row->addWidget(button_);
    row->addWidget(inspect_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(tokens_);
    layout->addWidget(result_);
    retranslate(this, [this] {
        text_->setPlaceholderText(tr("A text to classify (or double-click a misclassified row)"));
        button_->setText(tr("&Classify"));
        inspect_->setText(tr("&Inspect…"));
        inspect_->setToolTip(tr("The gates and states inside the LSTM for this text, as heatmaps"));
        result_->setText(resultText_());
    });
    connect(button_, &QPushButton::clicked, this, [this] { run(text_->text()); });
    connect(text_, &QLineEdit::returnPressed, this, [this] { run(text_->text()); });
    connect(inspect_, &QPushButton::clicked, this, [this] {
        if (!text_->text().trimmed().isEmpty()) Q_EMIT inspectRequested(text_->text());
    });
    connect(&runner_, &JobRunner::finished, this, &TryTextBox::onAnswered);
    clear();
}

TryTextBox::~TryTextBox() { runner_.waitForFinished(); }

void TryTextBox::setProject(const QString& dir, const std::vector<std::string>& classes, bool attention) {
    clear();
    dir_ = dir;
    classes_ = classes;
    attention_ = attention;
    setEnabled(!dir.isEmpty());
    if (!attention)
        showResult([] {
            return tr(
                "The class probabilities of any text; a model trained with attention pooling also shows "
                "which tokens it weighed.");
        });
}

void TryTextBox::clear() {
    dir_.clear();
    classes_.clear();
    attention_ = false;
    showResult([] { return QString(); });
    delete tokens_->takeWidget();
    setEnabled(false);
}

void TryTextBox::showResult(std::function<QString()> text) {
    resultText_ = std::move(text);
    result_->setText(resultText_());
}

void TryTextBox::run(const QString& text) {
    if (text_->text() != text) text_->setText(text);
    if (runner_.isRunning() || dir_.isEmpty() || text.trimmed().isEmpty()) return;
    button_->setEnabled(false);
    const std::string dir = dir_.toStdString(), input = text.toStdString();
    runner_.start([dir, input](const JobRunner::Progress&, const std::atomic<bool>*) {
        Answer out;
        out.probabilities = explainText(dir, input, &out.tokens, &out.attention);
        return out;
    });
}

void TryTextBox::onAnswered(bool ok) {
    button_->setEnabled(true);
    if (!ok) {
        showResult([error = runner_.error()] { return error; });
        return;
    }
    const Answer& r = *runner_.result<Answer>();
    showTokens(r);
    QStringList probs;
    for (std::size_t k = 0; k < r.probabilities.size() && k < classes_.size(); ++k)
        probs << QStringLiteral("%1 %2%")
                     .arg(QString::fromStdString(classes_[k]))
                     .arg(r.probabilities[k] * 100.0, 0, 'f', 1);
    showResult([probs] { return tr("Class probabilities: %1").arg(probs.join(QStringLiteral(", "))); });
    Q_EMIT classified(static_cast<int>(r.tokens.size()));
}

void TryTextBox::showTokens(const Answer& r) {
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setSpacing(1);
    const bool weighed = attention_ && r.attention.size() == r.tokens.size();
    const float top = weighed && !r.attention.empty() ? *std::max_element(r.attention.begin(), r.attention.end()) : 1.0f;
    std::vector<std::pair<QLabel*, float>> weights;  // the tokens' tooltips, written again in another language
    for (std::size_t i = 0; i < r.tokens.size(); ++i) {
        auto* label = new QLabel(QString::fromStdString(r.tokens[i]).toHtmlEscaped(), row);
        label->setObjectName(QStringLiteral("attentionToken"));
        if (weighed) {
            const float w = top > 0 ? r.attention[i] / top : 0.0f;
            weights.emplace_back(label, r.attention[i]);
            label->setStyleSheet(QStringLiteral("background-color: rgba(214, 39, 40, %1); padding: 2px;")
                                     .arg(static_cast<int>(std::lround(w * 200.0f))));
        } else {
            label->setStyleSheet(QStringLiteral("padding: 2px;"));
        }
        layout->addWidget(label);
    }
    layout->addStretch(1);
    // The labels are the row's: the texts go with them when the next text replaces the row.
    retranslate(row, [weights] {
        for (const auto& [label, weight] : weights) label->setToolTip(tr("weight %1").arg(weight, 0, 'f', 3));
    });
    tokens_->setWidget(row);
}

}  // namespace studio
