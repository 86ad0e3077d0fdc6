#include "workspace/model_panel.h"

#include "base/error.h"
#include "tasks/forecast/forecast_project.h"
#include "base/versions.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace studio {
namespace {

const char* const kPresets[] = {"small", "medium", "large"};

QSpinBox* spin(QWidget* parent, const char* name, int lo, int hi, int value) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(QString::fromLatin1(name));
    box->setRange(lo, hi);
    box->setValue(value);
    return box;
}

QDoubleSpinBox* dspin(QWidget* parent, const char* name, double lo, double hi, double step, int decimals,
                      double value) {
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(QString::fromLatin1(name));
    box->setRange(lo, hi);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    box->setValue(value);
    return box;
}

QComboBox* choices(QWidget* parent, const char* name, const std::vector<std::pair<QString, QString>>& items) {
    auto* box = new QComboBox(parent);
    box->setObjectName(QString::fromLatin1(name));
    for (const auto& [label, value] : items) box->addItem(label, value);
    return box;
}

void select(QComboBox* box, const std::string& value) {
    const int index = box->findData(QString::fromStdString(value));
    if (index >= 0) box->setCurrentIndex(index);
}

std::string chosen(const QComboBox* box) { return box->currentData().toString().toStdString(); }

void markInvalid(QWidget* widget, bool invalid) {
    widget->setStyleSheet(invalid ? QStringLiteral("background:#fde8e8;") : QString());
    widget->setProperty("invalid", invalid);
}

QLabel* messageLabel(QWidget* parent, const char* name) {
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setWordWrap(true);
    label->hide();
    return label;
}

void showMessages(QLabel* label, const QStringList& errors, const QStringList& hints) {
    QStringList html;
    for (const QString& e : errors)
        html << QStringLiteral("<span style='color:#b00020'>%1</span>").arg(e.toHtmlEscaped());
    for (const QString& h : hints)
        html << QStringLiteral("<span style='color:#8a6d00'>%1</span>").arg(h.toHtmlEscaped());
    label->setText(html.join(QStringLiteral("<br>")));
    label->setVisible(!html.isEmpty());
}

}  // namespace

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    seriesGroup_ = buildSeriesGroup();
    layout->addWidget(seriesGroup_);
    layout->addWidget(buildNetworkGroup());
    layout->addWidget(buildTrainingGroup());
    layout->addStretch(1);
    setPreset(QStringLiteral("small"));
    validate();
}

QWidget* ModelPanel::buildSeriesGroup() {
    const SeriesSpec d;
    auto* group = new QGroupBox(tr("Windows and split"), this);
    auto* form = new QFormLayout(group);
    window_ = spin(group, "window", 1, 100000, d.window);
    window_->setToolTip(tr("Input rows per sample: how far back the model looks. 30–60 rows suit daily prices."));
    horizon_ = spin(group, "horizon", 1, 1000, d.horizon);
    horizon_->setToolTip(tr("Future rows predicted from each window."));
    stride_ = spin(group, "stride", 1, 1000, d.stride);
    stride_->setToolTip(tr("Rows between the starts of consecutive windows; 1 uses every window."));
    trainFraction_ = dspin(group, "trainFraction", 0.01, 0.98, 0.05, 3, d.trainFraction);
    valFraction_ = dspin(group, "valFraction", 0.01, 0.98, 0.05, 3, d.valFraction);
    testFraction_ = dspin(group, "testFraction", 0.01, 0.98, 0.05, 3, d.testFraction);
    const QString splitTip =
        tr("Chronological split: the model trains on the first rows, is checked on the next "
           "and tested on the last. The three fractions must add up to 1.");
    for (QDoubleSpinBox* box : {trainFraction_, valFraction_, testFraction_}) box->setToolTip(splitTip);
    scaler_ = choices(group, "scaler",
                      {{tr("z-score"), QStringLiteral("zscore")},
                       {tr("min–max"), QStringLiteral("minmax")},
                       {tr("relative to each window's last row"), QStringLiteral("relative")},
                       {tr("none"), QStringLiteral("none")}});
    scaler_->setToolTip(
        tr("Scaling of inputs and target, fitted on the training split only so the test split stays unseen. "
           "Relative expresses each window against its own last row: use it for prices that leave the training "
           "range, such as an index that keeps rising."));
    missing_ = choices(
        group, "missing",
        {{tr("drop the row"), QStringLiteral("drop")}, {tr("fill from the row above"), QStringLiteral("ffill")}});
    missing_->setToolTip(tr("What to do with empty or unparsable cells in the used columns."));
    duplicates_ = choices(group, "duplicateTimes",
                          {{tr("refuse the file"), QStringLiteral("error")},
                           {tr("keep the last row of each time"), QStringLiteral("keep-last")},
                           {tr("keep the first row of each time"), QStringLiteral("keep-first")}});
    duplicates_->setToolTip(
        tr("Rows whose time repeats the row before's (a corrected quote, a day listed twice): the file is refused, "
           "or one row per time is used and the others are left out (the data report counts them)."));
    seriesErrors_ = messageLabel(group, "seriesMessages");
    form->addRow(tr("&Window"), window_);
    form->addRow(tr("&Horizon"), horizon_);
    form->addRow(tr("Stride"), stride_);
    form->addRow(tr("Train fraction"), trainFraction_);
    form->addRow(tr("Validation fraction"), valFraction_);
    form->addRow(tr("Test fraction"), testFraction_);
    form->addRow(tr("&Scaler"), scaler_);
    form->addRow(tr("Missing values"), missing_);
    form->addRow(tr("Repeated times"), duplicates_);
    form->addRow(seriesErrors_);
    for (QSpinBox* box : {window_, horizon_, stride_})
        connect(box, &QSpinBox::valueChanged, this, &ModelPanel::onChanged);
    for (QDoubleSpinBox* box : {trainFraction_, valFraction_, testFraction_})
        connect(box, &QDoubleSpinBox::valueChanged, this, &ModelPanel::onChanged);
    for (QComboBox* box : {scaler_, missing_, duplicates_})
        connect(box, &QComboBox::currentIndexChanged, this, &ModelPanel::onChanged);
    return group;
}

QWidget* ModelPanel::buildNetworkGroup() {
    auto* group = new QGroupBox(tr("Network"), this);
    auto* form = new QFormLayout(group);
    preset_ = choices(group, "preset",
                      {{tr("small (64 units, 1 layer)"), QStringLiteral("small")},
                       {tr("medium (128 units, 2 layers)"), QStringLiteral("medium")},
                       {tr("large (256 units, 3 layers, BiLSTM)"), QStringLiteral("large")},
                       {tr("custom"), QStringLiteral("custom")}});
    preset_->setToolTip(tr("The article's presets; choosing one fills the fields below."));
    hidden_ = spin(group, "hidden", 1, 8192, 64);
    hidden_->setToolTip(
        tr("LSTM units per direction. 64–128 suit simple tasks such as one price series; "
           "256–512 complex ones. More units learn more and overfit sooner."));
    layers_ = spin(group, "layers", 1, 16, 1);
    layers_->setToolTip(
        tr("Stacked LSTM layers. 2–3 are usually enough; past 4, deep stacks need residual "
           "connections to train well."));
    dropout_ = dspin(group, "dropout", 0.0, 0.95, 0.05, 2, 0.1);
    dropout_->setToolTip(
        tr("Dropout between LSTM layers against overfitting; 0.1–0.3 is the usual range. "
           "No effect with a single layer."));
    bidirectional_ = new QCheckBox(tr("Bidirectional (BiLSTM)"), group);
    bidirectional_->setObjectName(QStringLiteral("bidirectional"));
    bidirectional_->setToolTip(
        tr("Also reads each window backwards. Helps with text, where the whole sentence is "
           "known; not for forecasting, where the future is not."));
    head_ = choices(group, "head",
                    {{tr("linear"), QStringLiteral("linear")}, {tr("MLP (32 units)"), QStringLiteral("mlp")}});
    head_->setToolTip(tr("The layer on the last step's features: a linear map, or a small two-layer network."));
    networkHints_ = messageLabel(group, "networkMessages");
    form->addRow(tr("&Preset"), preset_);
    form->addRow(tr("Hidden units"), hidden_);
    form->addRow(tr("&Layers"), layers_);
    form->addRow(tr("&Dropout"), dropout_);
    form->addRow(QString(), bidirectional_);
    form->addRow(tr("Head"), head_);
    form->addRow(networkHints_);
    connect(preset_, &QComboBox::activated, this, &ModelPanel::onPresetChosen);
    for (QSpinBox* box : {hidden_, layers_}) connect(box, &QSpinBox::valueChanged, this, &ModelPanel::onChanged);
    connect(dropout_, &QDoubleSpinBox::valueChanged, this, &ModelPanel::onChanged);
    connect(bidirectional_, &QCheckBox::toggled, this, &ModelPanel::onChanged);
    connect(head_, &QComboBox::currentIndexChanged, this, &ModelPanel::onChanged);
    return group;
}

QWidget* ModelPanel::buildTrainingGroup() {
    const TrainConfig d;
    auto* group = new QGroupBox(tr("Training"), this);
    auto* form = new QFormLayout(group);
    epochs_ = spin(group, "epochs", 1, 100000, d.epochs);
    epochs_->setToolTip(tr("Passes over the training windows. Early stopping may end sooner."));
    batchSize_ = spin(group, "batchSize", 1, 65536, d.batchSize);
    batchSize_->setToolTip(
        tr("Windows per gradient step. 32–128 is typical; larger is faster per epoch but "
           "may generalise worse."));
    optimizer_ = choices(group, "optimizer",
                         {{tr("Adam"), QStringLiteral("adam")},
                          {tr("AdamW"), QStringLiteral("adamw")},
                          {tr("SGD with momentum"), QStringLiteral("sgd")}});
    optimizer_->setToolTip(tr("Adam is the safe default for LSTMs; AdamW adds decoupled weight decay."));
    lr_ = new QLineEdit(QStringLiteral("0.001"), group);
    lr_->setObjectName(QStringLiteral("lr"));
    lr_->setToolTip(tr("Learning rate, e.g. 0.001 (1e-3) for Adam. Too high makes the loss jump or diverge."));
    schedule_ = choices(group, "schedule",
                        {{tr("cosine"), QStringLiteral("cosine")},
                         {tr("step (×0.1 every 10 epochs)"), QStringLiteral("step")},
                         {tr("constant"), QStringLiteral("none")}});
    schedule_->setToolTip(tr("How the learning rate changes over the epochs."));
    clip_ = dspin(group, "clip", 0.0, 1000.0, 0.1, 2, d.clip);
    clip_->setToolTip(
        tr("Largest total gradient norm; larger gradients are scaled down. Guards LSTMs against "
           "exploding gradients. 0 turns clipping off."));
    patience_ = spin(group, "patience", 0, 100000, d.patience);
    patience_->setToolTip(tr("Epochs without a better validation loss before training stops; 0 never stops early."));
    seed_ = spin(group, "seed", 0, std::numeric_limits<int>::max(), static_cast<int>(d.seed));
    seed_->setToolTip(tr("Seed of every random generator: the same seed and settings give the same model."));
    threads_ = spin(group, "threads", 0, 1024, d.threads);
    threads_->setToolTip(tr("LibTorch threads; 0 picks a count that leaves room for the interface (%n core(s) here).",
                            nullptr, QThread::idealThreadCount()));
    std::vector<std::pair<QString, QString>> devices = {{tr("automatic"), QStringLiteral("auto")},
                                                        {tr("CPU"), QStringLiteral("cpu")}};
    if (cudaAvailable()) devices.push_back({tr("CUDA GPU"), QStringLiteral("cuda")});
    device_ = choices(group, "device", devices);
    device_->setToolTip(cudaAvailable() ? tr("Where to train; automatic picks the GPU.")
                                        : tr("Where to train. No CUDA GPU is available to this build."));
    trainingErrors_ = messageLabel(group, "trainingMessages");
    form->addRow(tr("&Epochs"), epochs_);
    form->addRow(tr("&Batch size"), batchSize_);
    form->addRow(tr("&Optimizer"), optimizer_);
    form->addRow(tr("Learning &rate"), lr_);
    form->addRow(tr("Schedule"), schedule_);
    form->addRow(tr("Gradient clip"), clip_);
    form->addRow(tr("Patience"), patience_);
    form->addRow(tr("Seed"), seed_);
    form->addRow(tr("Threads"), threads_);
    form->addRow(tr("De&vice"), device_);
    form->addRow(trainingErrors_);
    for (QSpinBox* box : {epochs_, batchSize_, patience_, seed_, threads_})
        connect(box, &QSpinBox::valueChanged, this, &ModelPanel::onChanged);
    connect(clip_, &QDoubleSpinBox::valueChanged, this, &ModelPanel::onChanged);
    connect(lr_, &QLineEdit::textChanged, this, &ModelPanel::onChanged);
    for (QComboBox* box : {optimizer_, schedule_, device_})
        connect(box, &QComboBox::currentIndexChanged, this, &ModelPanel::onChanged);
    return group;
}

SeriesSpec ModelPanel::seriesSpec() const {
    SeriesSpec s;
    s.window = window_->value();
    s.horizon = horizon_->value();
    s.stride = stride_->value();
    s.trainFraction = trainFraction_->value();
    s.valFraction = valFraction_->value();
    s.testFraction = testFraction_->value();
    s.scaler = parseEnum<ScalerKind>(chosen(scaler_));
    s.missing = parseEnum<MissingPolicy>(chosen(missing_));
    s.duplicates = parseEnum<DuplicateTimes>(chosen(duplicates_));
    return s;
}

ModelSpec ModelPanel::modelSpec() const {
    ModelSpec m;
    m.hidden = hidden_->value();
    m.layers = layers_->value();
    m.dropout = dropout_->value();
    m.bidirectional = bidirectional_->isChecked();
    m.head = parseEnum<HeadKind>(chosen(head_));
    return m;
}

TrainConfig ModelPanel::trainConfig() const {
    TrainConfig t;
    t.epochs = epochs_->value();
    t.batchSize = batchSize_->value();
    t.optimizer = parseEnum<OptimizerKind>(chosen(optimizer_));
    bool ok = false;
    const double lr = QLocale::c().toDouble(lr_->text().trimmed(), &ok);
    t.lr = ok ? lr : std::nan("");
    t.schedule = parseEnum<ScheduleKind>(chosen(schedule_));
    t.clip = clip_->value();
    t.patience = patience_->value();
    t.seed = static_cast<std::uint64_t>(seed_->value());
    t.threads = threads_->value();
    t.device = chosen(device_);
    return t;
}

void ModelPanel::setSeriesSpec(const SeriesSpec& s) {
    updating_ = true;
    window_->setValue(s.window);
    horizon_->setValue(s.horizon);
    stride_->setValue(s.stride);
    trainFraction_->setValue(s.trainFraction);
    valFraction_->setValue(s.valFraction);
    testFraction_->setValue(s.testFraction);
    select(scaler_, toString(s.scaler));
    select(missing_, toString(s.missing));
    select(duplicates_, toString(s.duplicates));
    updating_ = false;
    onChanged();
}

void ModelPanel::setScaler(ScalerKind kind) {
    select(scaler_, toString(kind));
    onChanged();
}

void ModelPanel::setTask(TaskKind kind) {
    task_ = kind;
    const bool text = isTextTask(kind);
    seriesGroup_->setVisible(!text);
    head_->setEnabled(!text);
    bidirectional_->setEnabled(kind != TaskKind::CharLm);
}

void ModelPanel::setModelSpec(const ModelSpec& m) {
    updating_ = true;
    hidden_->setValue(m.hidden);
    layers_->setValue(m.layers);
    dropout_->setValue(m.dropout);
    bidirectional_->setChecked(m.bidirectional);
    select(head_, toString(m.head));
    updating_ = false;
    onChanged();
}

void ModelPanel::setTrainConfig(const TrainConfig& t) {
    updating_ = true;
    epochs_->setValue(t.epochs);
    batchSize_->setValue(t.batchSize);
    select(optimizer_, toString(t.optimizer));
    lr_->setText(QString::number(t.lr, 'g', 6));
    select(schedule_, toString(t.schedule));
    clip_->setValue(t.clip);
    patience_->setValue(t.patience);
    seed_->setValue(static_cast<int>(std::min<std::uint64_t>(t.seed, std::numeric_limits<int>::max())));
    threads_->setValue(t.threads);
    // A project trained on a GPU opens on a machine without one: train on what is here.
    std::string device = t.device;
    if (device.rfind("cuda", 0) == 0) device = cudaAvailable() ? "cuda" : "auto";
    select(device_, device);
    updating_ = false;
    onChanged();
}

void ModelPanel::setFromProject(const ProjectFile& project) {
    setSeriesSpec(project.series);
    setModelSpec(project.model);
    setTrainConfig(project.train);
}

void ModelPanel::setPreset(const QString& name) {
    const int index = preset_->findData(name);
    if (index < 0) return;
    preset_->setCurrentIndex(index);
    onPresetChosen(index);
}

QString ModelPanel::preset() const { return preset_->currentData().toString(); }

void ModelPanel::setEpochs(int epochs) { epochs_->setValue(epochs); }

int ModelPanel::epochs() const { return epochs_->value(); }

void ModelPanel::onPresetChosen(int index) {
    const std::string name = preset_->itemData(index).toString().toStdString();
    if (name == "custom") return;
    ModelSpec spec = ModelSpec::preset(name);
    spec.head = parseEnum<HeadKind>(chosen(head_));  // presets say nothing about the head
    setModelSpec(spec);
}

void ModelPanel::syncPresetCombo() {
    const ModelSpec now = modelSpec();
    const QSignalBlocker block(preset_);
    for (const char* name : kPresets) {
        const ModelSpec p = ModelSpec::preset(name);
        if (p.hidden == now.hidden && p.layers == now.layers && std::abs(p.dropout - now.dropout) < 1e-9 &&
            p.bidirectional == now.bidirectional) {
            preset_->setCurrentIndex(preset_->findData(QString::fromLatin1(name)));
            return;
        }
    }
    preset_->setCurrentIndex(preset_->findData(QStringLiteral("custom")));
}

void ModelPanel::onChanged() {
    if (updating_) return;
    syncPresetCombo();
    validate();
    Q_EMIT optionsChanged();
}

void ModelPanel::validate() {
    const bool wasValid = isValid();
    QStringList seriesErrors, networkErrors, networkHints, trainingErrors;

    const double sum = trainFraction_->value() + valFraction_->value() + testFraction_->value();
    const bool splitBad = std::abs(sum - 1.0) > 1e-6;
    if (splitBad)
        seriesErrors
            << tr("Train, validation and test fractions add up to %1; they must add up to 1.").arg(sum, 0, 'g', 4);
    for (QDoubleSpinBox* box : {trainFraction_, valFraction_, testFraction_}) markInvalid(box, splitBad);

    bool lrOk = false;
    const double lr = QLocale::c().toDouble(lr_->text().trimmed(), &lrOk);
    const bool lrBad = !lrOk || !std::isfinite(lr) || lr <= 0.0 || lr > 10.0;
    if (lrBad)
        trainingErrors << tr("Learning rate must be a number above 0 and at most 10, such as 0.001 or 1e-3 (got '%1').")
                              .arg(lr_->text());
    markInvalid(lr_, lrBad);

    // Core's own checks as the last word, so the panel never accepts what core refuses.
    if (seriesErrors.isEmpty()) {
        SeriesSpec s = seriesSpec();
        s.target = "target";
        try {
            s.validate();
        } catch (const UsageError& e) {
            seriesErrors << QString::fromUtf8(e.what());
        }
    }
    try {
        modelSpec().validate();
    } catch (const UsageError& e) {
        networkErrors << QString::fromUtf8(e.what());
    }
    if (!lrBad) try {
            trainConfig().validate();
        } catch (const UsageError& e) {
            trainingErrors << QString::fromUtf8(e.what());
        }

    const ModelSpec m = modelSpec();
    if (m.layers == 1 && m.dropout > 0)
        networkHints << tr("Dropout acts between LSTM layers: with one layer it has no effect.");
    if (m.layers > 4)
        networkHints << tr(
            "Past 4 layers, stacked LSTMs train poorly without residual connections; 2–3 layers are "
            "usually enough.");
    if (m.bidirectional)
        networkHints << tr(
            "A BiLSTM reads each window backwards too: right for text, but it adds cost without "
            "adding anything for forecasting.");
    if (m.hidden > 512) networkHints << tr("More than 512 units rarely helps and trains slowly.");
    if (m.dropout > 0.5) networkHints << tr("Dropout above 0.5 usually hinders learning; 0.1–0.3 is typical.");

    showMessages(seriesErrors_, seriesErrors, {});
    showMessages(networkHints_, networkErrors, networkHints);
    showMessages(trainingErrors_, trainingErrors, {});
    errors_ = seriesErrors + networkErrors + trainingErrors;
    hints_ = networkHints;
    if (wasValid != isValid()) Q_EMIT validityChanged(isValid());
}

}  // namespace studio
