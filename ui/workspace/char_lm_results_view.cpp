#include "workspace/char_lm_results_view.h"

#include "tasks/text/text_job.h"

#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cstdint>
#include <limits>

namespace studio {

CharLmResultsView::CharLmResultsView(QWidget* parent) : QWidget(parent) {
    bits_ = new QLabel(this);
    bits_->setObjectName(QStringLiteral("bitsPerChar"));
    bits_->setWordWrap(true);
    sample_ = new QPlainTextEdit(this);
    sample_->setObjectName(QStringLiteral("sample"));
    sample_->setReadOnly(true);
    prompt_ = new QLineEdit(this);
    prompt_->setObjectName(QStringLiteral("prompt"));
    prompt_->setPlaceholderText(tr("The text to continue"));
    length_ = new QSpinBox(this);
    length_->setObjectName(QStringLiteral("length"));
    length_->setRange(1, 100000);
    length_->setValue(300);
    length_->setSuffix(tr(" characters"));
    temperature_ = new QDoubleSpinBox(this);
    temperature_->setObjectName(QStringLiteral("temperature"));
    temperature_->setRange(0.05, 5.0);
    temperature_->setSingleStep(0.1);
    temperature_->setValue(0.8);
    temperature_->setToolTip(tr("Below 1 the text is safer and more repetitive; above 1 more surprising."));
    seed_ = new QSpinBox(this);
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setRange(0, std::numeric_limits<int>::max());
    seed_->setSpecialValueText(tr("random"));  // 0: a new text every time
    seed_->setToolTip(tr("The same seed, prompt, length and temperature write the same text again."));
    generate_ = new QPushButton(tr("&Generate"), this);
    generate_->setObjectName(QStringLiteral("generate"));
    output_ = new QPlainTextEdit(this);
    output_->setObjectName(QStringLiteral("generated"));
    output_->setReadOnly(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Prompt"), prompt_);
    form->addRow(tr("Length"), length_);
    form->addRow(tr("&Temperature"), temperature_);
    form->addRow(tr("S&eed"), seed_);
    form->addRow(QString(), generate_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(bits_);
    layout->addWidget(new QLabel(tr("Sample written after training"), this));
    layout->addWidget(sample_, 1);
    layout->addLayout(form);
    layout->addWidget(output_, 1);
    connect(generate_, &QPushButton::clicked, this, [this] { generate(prompt_->text()); });
    connect(&runner_, &JobRunner::finished, this, &CharLmResultsView::onGenerated);
    clear();
}

CharLmResultsView::~CharLmResultsView() { runner_.waitForFinished(); }

void CharLmResultsView::clear() {
    dir_.clear();
    bitsPerChar_ = 0.0;
    bits_->setText(tr("Train a language model to see its results."));
    sample_->clear();
    output_->clear();
    generate_->setEnabled(false);
}

void CharLmResultsView::setResult(double bitsPerChar, double unigram, const QString& sample, const QString& dir) {
    dir_ = dir;
    bitsPerChar_ = bitsPerChar;
    bits_->setText(tr("Test split: %1 bits per character (unigram baseline %2).")
                       .arg(bitsPerChar, 0, 'f', 4)
                       .arg(unigram, 0, 'f', 4));
    sample_->setPlainText(sample);
    generate_->setEnabled(!dir.isEmpty());
}

void CharLmResultsView::setLiveSample(const QString& sample) {
    bits_->setText(tr("Training: a sample from the current weights."));
    sample_->setPlainText(sample);
}

QString CharLmResultsView::generatedText() const { return output_->toPlainText(); }

void CharLmResultsView::generate(const QString& prompt) {
    if (runner_.isRunning() || dir_.isEmpty()) return;
    generate_->setEnabled(false);
    const std::string dir = dir_.toStdString(), text = prompt.toStdString();
    const int length = length_->value();
    const double temperature = temperature_->value();
    const std::uint64_t seed = seed_->value() > 0 ? static_cast<std::uint64_t>(seed_->value())
                                                  : QRandomGenerator::global()->generate64();
    runner_.start([dir, text, length, temperature, seed](const JobRunner::Progress&, const std::atomic<bool>*) {
        return QString::fromStdString(generateText(dir, text, length, temperature, seed));
    });
}

void CharLmResultsView::onGenerated(bool ok) {
    generate_->setEnabled(true);
    if (!ok) {
        output_->setPlainText(runner_.error());
        Q_EMIT generationFailed(runner_.error());
        return;
    }
    const QString text = *runner_.result<QString>();
    output_->setPlainText(text);
    Q_EMIT generated(text);
}

bool CharLmResultsView::loadMetrics(const QString& dir, double& bitsPerChar, double& unigram) {
    QFile file(QDir(dir).filePath(QStringLiteral("metrics.json")));
    if (!file.open(QIODevice::ReadOnly)) return false;
    const QJsonObject j = QJsonDocument::fromJson(file.readAll()).object();
    if (findEnum<TaskKind>(j.value(QLatin1String("task")).toString().toStdString()) != TaskKind::CharLm) return false;
    bitsPerChar = j.value(QLatin1String("model")).toObject().value(QLatin1String("bits_per_char")).toDouble();
    unigram = j.value(QLatin1String("unigram")).toObject().value(QLatin1String("bits_per_char")).toDouble();
    return true;
}

}  // namespace studio
