#include "workspace/char_lm_results_view.h"

#include "tasks/text/text_job.h"
#include "widgets/retranslate.h"

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

CharLmResultsView::CharLmResultsView(QWidget* parent)
    : QWidget(parent),
      settings_(
          new QFormLayout(new QWidget(this)), [] {}, staticMetaObject.className()) {
    bits_ = new QLabel(this);
    bits_->setObjectName(QStringLiteral("bitsPerChar"));
    bits_->setWordWrap(true);
    sample_ = new QPlainTextEdit(this);
    sample_->setObjectName(QStringLiteral("sample"));
    sample_->setReadOnly(true);
    auto* prompt = settings_.addRow("prompt", QT_TR_NOOP("&Prompt"), new QLineEdit(settings_.widget()));
    QSpinBox* length = settings_.addInt("length", QT_TR_NOOP("Length"), &GenerationSettings::length, 1, 100000);
    settings_.addDouble("temperature", QT_TR_NOOP("&Temperature"), &GenerationSettings::temperature, 0.05, 5.0, 0.1, 2,
                        QT_TR_NOOP("Below 1 the text is safer and more repetitive; above 1 more surprising."));
    QSpinBox* seed =
        settings_.addInt("seed", QT_TR_NOOP("S&eed"), &GenerationSettings::seed, 0, std::numeric_limits<int>::max(),
                         QT_TR_NOOP("The same seed, prompt, length and temperature write the same text again."));
    generate_ = settings_.addRow("generate", nullptr, new QPushButton(settings_.widget()));
    output_ = new QPlainTextEdit(this);
    output_->setObjectName(QStringLiteral("generated"));
    output_->setReadOnly(true);

    settings_.layout()->setContentsMargins(0, 0, 0, 0);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(bits_);
    auto* sampleTitle = new QLabel(this);
    layout->addWidget(sampleTitle);
    layout->addWidget(sample_, 1);
    layout->addWidget(settings_.widget());
    layout->addWidget(output_, 1);
    retranslate(this, [this, prompt, length, seed, sampleTitle] {
        prompt->setPlaceholderText(tr("The text to continue"));
        length->setSuffix(tr(" characters"));
        seed->setSpecialValueText(tr("random"));
        generate_->setText(tr("&Generate"));
        sampleTitle->setText(tr("Sample written after training"));
    });
    connect(generate_, &QPushButton::clicked, this, [this, prompt] { generate(prompt->text()); });
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
    const GenerationSettings settings = settings_.read();
    const int length = settings.length;
    const double temperature = settings.temperature;
    const std::uint64_t seed = settings.seed > 0 ? static_cast<std::uint64_t>(settings.seed)
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
