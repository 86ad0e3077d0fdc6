#include "workspace/text_options_panel.h"

#include "tasks/registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace studio {
namespace {

QSpinBox* spin(QWidget* parent, const char* name, int min, int max, int value) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(QString::fromLatin1(name));
    box->setRange(min, max);
    box->setValue(value);
    return box;
}

}  // namespace

TextOptionsPanel::TextOptionsPanel(QWidget* parent) : QWidget(parent) {
    auto* group = new QGroupBox(tr("Text"), this);
    auto* form = new QFormLayout(group);
    tokenizer_ = new QComboBox(group);
    tokenizer_->setObjectName(QStringLiteral("tokenizer"));
    tokenizer_->addItem(tr("words"), static_cast<int>(TokenizerKind::Word));
    tokenizer_->addItem(tr("characters"), static_cast<int>(TokenizerKind::Char));
    tokenizer_->setToolTip(tr("Words suit classification; a language model reads characters."));
    lowercase_ = new QCheckBox(tr("Lowercase"), group);
    lowercase_->setObjectName(QStringLiteral("lowercase"));
    lowercase_->setChecked(true);
    minFreq_ = spin(group, "minFreq", 1, 1000, 2);
    minFreq_->setToolTip(tr("Tokens seen fewer times in the training split become <unk>."));
    maxVocab_ = spin(group, "maxVocab", 0, 10000000, 0);
    maxVocab_->setSpecialValueText(tr("no limit"));
    maxLength_ = spin(group, "maxLength", 0, 100000, 0);
    maxLength_->setSpecialValueText(tr("all tokens"));
    maxLength_->setToolTip(
        tr("Tokens kept from the start of each text. A limit bounds the time and memory of a training step "
           "whatever the data holds; the data report says how many texts were cut."));
    embedding_ = spin(group, "embeddingDim", 1, 4096, 128);
    pooling_ = new QComboBox(group);
    pooling_->setObjectName(QStringLiteral("pooling"));
    pooling_->addItem(tr("last states"), static_cast<int>(Pooling::Last));
    pooling_->addItem(tr("attention"), static_cast<int>(Pooling::Attention));
    pooling_->setToolTip(tr("Attention weighs every token and lets the results view show the weights."));
    chunk_ = spin(group, "chunk", 2, 100000, 100);
    chunk_->setToolTip(tr("Characters per training sequence of the language model."));
    vectors_ = new QLineEdit(group);
    vectors_->setObjectName(QStringLiteral("vectors"));
    vectors_->setPlaceholderText(tr("optional GloVe/word2vec text file"));
    freeze_ = new QCheckBox(tr("Keep pretrained vectors fixed"), group);
    freeze_->setObjectName(QStringLiteral("freezeVectors"));
    form->addRow(tr("&Tokenizer"), tokenizer_);
    form->addRow(QString(), lowercase_);
    form->addRow(tr("Min frequency"), minFreq_);
    form->addRow(tr("Max vocabulary"), maxVocab_);
    form->addRow(tr("Max length"), maxLength_);
    form->addRow(tr("Embedding"), embedding_);
    form->addRow(tr("Pooling"), pooling_);
    form->addRow(tr("Chunk"), chunk_);
    form->addRow(tr("Vectors"), vectors_);
    form->addRow(QString(), freeze_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(group);
    for (QSpinBox* box : {minFreq_, maxVocab_, maxLength_, embedding_, chunk_})
        connect(box, &QSpinBox::valueChanged, this, &TextOptionsPanel::optionsChanged);
    for (QComboBox* box : {tokenizer_, pooling_})
        connect(box, &QComboBox::currentIndexChanged, this, &TextOptionsPanel::optionsChanged);
    connect(lowercase_, &QCheckBox::toggled, this, &TextOptionsPanel::optionsChanged);
    setTask(TaskKind::Classify);
}

void TextOptionsPanel::setTask(TaskKind task) {
    task_ = task;
    const bool lm = task == TaskKind::CharLm;
    // The task's defaults (core's Task::defaults, which the CLI reads too).
    const TaskDefaults defaults = taskFor(task).defaults();
    tokenizer_->setCurrentIndex(defaults.charTokens ? 1 : 0);
    tokenizer_->setEnabled(!lm);
    lowercase_->setChecked(!lm);
    minFreq_->setValue(defaults.minFreq);
    embedding_->setValue(defaults.embeddingDim);
    pooling_->setCurrentIndex(defaults.attention ? 1 : 0);
    pooling_->setEnabled(!lm);
    maxLength_->setValue(defaults.maxLength);
    maxLength_->setEnabled(!lm);
    chunk_->setEnabled(lm);
    vectors_->setEnabled(!lm);
    freeze_->setEnabled(!lm);
}

TextSpec TextOptionsPanel::textSpec() const {
    TextSpec t;
    t.tokenizer.kind = static_cast<TokenizerKind>(tokenizer_->currentData().toInt());
    t.tokenizer.lowercase = lowercase_->isChecked();
    t.vocab.minFreq = minFreq_->value();
    t.vocab.maxSize = maxVocab_->value();
    t.maxLength = maxLength_->value();
    t.chunk = chunk_->value();
    return t;
}

TextModelSpec TextOptionsPanel::textModelSpec() const {
    TextModelSpec m;
    m.head = textHeadOf(task_);
    m.embeddingDim = embedding_->value();
    m.pooling = static_cast<Pooling>(pooling_->currentData().toInt());
    return m;
}

QString TextOptionsPanel::vectorsPath() const { return vectors_->isEnabled() ? vectors_->text().trimmed() : QString(); }

bool TextOptionsPanel::freezeVectors() const { return freeze_->isEnabled() && freeze_->isChecked(); }

void TextOptionsPanel::setFromProject(const TextSpec& text, const TextModelSpec& model) {
    setTask(taskOfHead(model.head));
    tokenizer_->setCurrentIndex(tokenizer_->findData(static_cast<int>(text.tokenizer.kind)));
    lowercase_->setChecked(text.tokenizer.lowercase);
    minFreq_->setValue(text.vocab.minFreq);
    maxVocab_->setValue(text.vocab.maxSize);
    maxLength_->setValue(text.maxLength);
    chunk_->setValue(text.chunk);
    embedding_->setValue(model.embeddingDim);
    pooling_->setCurrentIndex(pooling_->findData(static_cast<int>(model.pooling)));
}

}  // namespace studio
