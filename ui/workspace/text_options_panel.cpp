#include "workspace/text_options_panel.h"

#include "tasks/registry.h"
#include "widgets/retranslate.h"
#include "workspace/model_panel.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QVBoxLayout>

namespace studio {

TextOptionsPanel::TextOptionsPanel(QWidget* parent)
    : QWidget(parent),
      text_(
          new QFormLayout(new QGroupBox(this)), [this] { onChanged(); }, staticMetaObject.className()),
      model_(
          text_.layout(), [this] { onChanged(); }, staticMetaObject.className()) {
    text_.addChoice("tokenizer", QT_TR_NOOP("&Tokenizer"), nested(&TextSpec::tokenizer, &TokenizerOptions::kind),
                    {{QT_TR_NOOP("words"), TokenizerKind::Word}, {QT_TR_NOOP("characters"), TokenizerKind::Char}},
                    QT_TR_NOOP("Words suit classification; a language model reads characters."));
    text_.addCheck("lowercase", QT_TR_NOOP("Lowercase"), nested(&TextSpec::tokenizer, &TokenizerOptions::lowercase));
    text_.addInt("minFreq", QT_TR_NOOP("Min frequency"), nested(&TextSpec::vocab, &VocabOptions::minFreq), 1, 1000,
                 QT_TR_NOOP("Tokens seen fewer times in the training split become <unk>."));
    QSpinBox* maxVocab = text_.addInt("maxVocab", QT_TR_NOOP("Max vocabulary"),
                                      nested(&TextSpec::vocab, &VocabOptions::maxSize), 0, 10000000);
    QSpinBox* maxLength = text_.addInt(
        "maxLength", QT_TR_NOOP("Max length"), &TextSpec::maxLength, 0, 100000,
        QT_TR_NOOP("Tokens kept from the start of each text. A limit bounds the time and memory of a training step "
                   "whatever the data holds; the data report says how many texts were cut."));
    model_.addInt("embeddingDim", QT_TR_NOOP("Embedding"), &TextModelSpec::embeddingDim, 1, 4096);
    model_.addChoice("pooling", QT_TR_NOOP("Pooling"), &TextModelSpec::pooling,
                     {{QT_TR_NOOP("last states"), Pooling::Last}, {QT_TR_NOOP("attention"), Pooling::Attention}},
                     QT_TR_NOOP("Attention weighs every token and lets the results view show the weights."));
    text_.addInt("chunk", QT_TR_NOOP("Chunk"), &TextSpec::chunk, 2, 100000,
                 QT_TR_NOOP("Characters per training sequence of the language model."));
    QLineEdit* vectors = text_.addRow("vectors", QT_TR_NOOP("Vectors"), new QLineEdit(text_.widget()));
    text_.addRow("freezeVectors", QT_TR_NOOP("Keep pretrained vectors fixed"), new QCheckBox(text_.widget()));
    retranslate(this, [this, maxVocab, maxLength, vectors] {
        static_cast<QGroupBox*>(text_.widget())->setTitle(tr("Text"));
        maxVocab->setSpecialValueText(tr("no limit"));
        maxLength->setSpecialValueText(tr("all tokens"));
        vectors->setPlaceholderText(tr("optional GloVe/word2vec text file"));
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(text_.widget());
    setTask(TaskKind::Classify);
}

void TextOptionsPanel::onChanged() {
    Q_EMIT optionsChanged();
    if (programmatic_ == 0) Q_EMIT edited();
}

void TextOptionsPanel::setTask(TaskKind task) {
    ++programmatic_;
    task_ = task;
    const bool lm = task == TaskKind::CharLm;
    // The task's defaults (core's Task::defaults, which the CLI reads too).
    const TaskDefaults defaults = taskFor(task).defaults();
    TextSpec text = textSpec();
    text.tokenizer = {defaults.charTokens ? TokenizerKind::Char : TokenizerKind::Word, /*lowercase=*/!lm};
    text.vocab.minFreq = defaults.minFreq;
    text.maxLength = defaults.maxLength;
    text_.write(text);
    TextModelSpec model = textModelSpec();
    model.embeddingDim = defaults.embeddingDim;
    model.pooling = defaults.attention ? Pooling::Attention : Pooling::Last;
    model_.write(model);
    for (const char* name : {"tokenizer", "pooling", "maxLength", "vectors", "freezeVectors"})
        text_.field(name)->setEnabled(!lm);
    text_.field("chunk")->setEnabled(lm);
    --programmatic_;
}

TextSpec TextOptionsPanel::textSpec() const { return text_.read(); }

TextModelSpec TextOptionsPanel::textModelSpec() const {
    TextModelSpec m;
    m.head = textHeadOf(task_);
    return model_.read(m);
}

QString TextOptionsPanel::vectorsPath() const {
    const auto* vectors = text_.field<QLineEdit>("vectors");
    return vectors->isEnabled() ? vectors->text().trimmed() : QString();
}

bool TextOptionsPanel::freezeVectors() const {
    const auto* freeze = text_.field<QCheckBox>("freezeVectors");
    return freeze->isEnabled() && freeze->isChecked();
}

void TextOptionsPanel::setFromProject(const TextSpec& text, const TextModelSpec& model) {
    ++programmatic_;
    setTask(taskOfHead(model.head));
    text_.write(text);
    model_.write(model);
    --programmatic_;
}

QVariantMap TextOptionsPanel::fieldValues() const { return ModelPanel::readFields(this); }

void TextOptionsPanel::setFieldValues(const QVariantMap& values) {
    ++programmatic_;
    ModelPanel::writeFields(this, values);
    --programmatic_;
}

}  // namespace studio
