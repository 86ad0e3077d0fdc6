#include "workspace/model_panel.h"

#include "base/error.h"
#include "tasks/forecast/forecast_project.h"
#include "base/versions.h"
#include "widgets/retranslate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace studio {
namespace {

const char* const kPresets[] = {"small", "medium", "large"};

// The form of a new group box on the panel.
QFormLayout* groupForm(QWidget* panel) { return new QFormLayout(new QGroupBox(panel)); }

// Counts a set…() call for as long as it runs, so its changes are no edits.
class Programmatic {
public:
    explicit Programmatic(int& depth) : depth_(depth) { ++depth_; }
    ~Programmatic() { --depth_; }
    Programmatic(const Programmatic&) = delete;
    Programmatic& operator=(const Programmatic&) = delete;

private:
    int& depth_;
};

// Fields are named widgets; Qt's own parts of them (a spin box's line edit) are "qt_…".
bool isField(const QWidget* w) {
    const QString name = w->objectName();
    return !name.isEmpty() && !name.startsWith(QLatin1String("qt_"));
}

}  // namespace

ModelPanel::ModelPanel(QWidget* parent)
    : QWidget(parent),
      series_(
          groupForm(this), [this] { onChanged(); }, staticMetaObject.className()),
      network_(
          groupForm(this), [this] { onChanged(); }, staticMetaObject.className()),
      training_(
          groupForm(this), [this] { onChanged(); }, staticMetaObject.className()) {
    retranslate(this, [this] {
        static_cast<QGroupBox*>(series_.widget())->setTitle(tr("Windows and split"));
        static_cast<QGroupBox*>(network_.widget())->setTitle(tr("Network"));
        static_cast<QGroupBox*>(training_.widget())->setTitle(tr("Training"));
    });
    addSeriesFields();
    addNetworkFields();
    addTrainingFields();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(series_.widget());
    layout->addWidget(network_.widget());
    layout->addWidget(training_.widget());
    layout->addStretch(1);
    // Core's SeriesSpec defaults to z-score for callers that name no scaler; the panel, like
    // the CLI, starts from the automatic choice.
    SeriesSpec start;
    start.scaler = ScalerKind::Auto;
    updating_ = true;
    series_.write(start);
    updating_ = false;
    setPreset(QStringLiteral("small"));
    validate();
}

void ModelPanel::addSeriesFields() {
    series_.addInt("window", QT_TR_NOOP("&Window"), &SeriesSpec::window, 1, 100000,
                   QT_TR_NOOP("Input rows per sample: how far back the model looks. 30–60 rows suit daily prices."));
    series_.addInt("horizon", QT_TR_NOOP("&Horizon"), &SeriesSpec::horizon, 1, 1000,
                   QT_TR_NOOP("Future rows predicted from each window."));
    series_.addInt("stride", QT_TR_NOOP("Stride"), &SeriesSpec::stride, 1, 1000,
                   QT_TR_NOOP("Rows between the starts of consecutive windows; 1 uses every window."));
    const char* splitTip = QT_TR_NOOP(
        "Chronological split: the model trains on the first rows, is checked on the next "
        "and tested on the last. The three fractions must add up to 1.");
    series_.addDouble("trainFraction", QT_TR_NOOP("Train fraction"), &SeriesSpec::trainFraction, 0.01, 0.98, 0.05, 3,
                      splitTip);
    series_.addDouble("valFraction", QT_TR_NOOP("Validation fraction"), &SeriesSpec::valFraction, 0.01, 0.98, 0.05, 3,
                      splitTip);
    series_.addDouble("testFraction", QT_TR_NOOP("Test fraction"), &SeriesSpec::testFraction, 0.01, 0.98, 0.05, 3,
                      splitTip);
    series_.addChoice(
        "scaler", QT_TR_NOOP("&Scaler"), &SeriesSpec::scaler,
        {{scalerSource(ScalerKind::Auto), ScalerKind::Auto},
         {scalerSource(ScalerKind::ZScore), ScalerKind::ZScore},
         {scalerSource(ScalerKind::MinMax), ScalerKind::MinMax},
         {scalerSource(ScalerKind::Relative), ScalerKind::Relative},
         {scalerSource(ScalerKind::None), ScalerKind::None}},
        QT_TR_NOOP(
            "Scaling of inputs and target, fitted on the training split only so the test split stays unseen. "
            "Relative expresses each window against its own last row: use it for prices that leave the training "
            "range, such as an index that keeps rising. Automatic picks relative for a positive series that trends "
            "or leaves its training range, z-score otherwise; the data report says which and why, and the project "
            "records it."));
    series_.addChoice(
        "calendar", QT_TR_NOOP("&Calendar inputs"), &SeriesSpec::calendar,
        {{QT_TR_NOOP("none"), {}},
         {QT_TR_NOOP("from the time column's frequency"), {"auto"}},
         {QT_TR_NOOP("month"), {"month"}},
         {QT_TR_NOOP("weekday and month"), {"weekday", "month"}},
         {QT_TR_NOOP("hour and weekday"), {"hour", "weekday"}}},
        QT_TR_NOOP(
            "Extra inputs from each row's date: the month of the year, the day of the week or the hour of the day, "
            "as a sine and cosine so December sits next to January. They help seasonal series, and since they are "
            "known for future dates, the model can still forecast past its horizon. Needs a date column; automatic "
            "picks the month for monthly, quarterly and weekly data, weekday and month for daily data, hour and "
            "weekday below a day."));
    series_.addChoice("missing", QT_TR_NOOP("Missing values"), &SeriesSpec::missing,
                      {{QT_TR_NOOP("drop the row"), MissingPolicy::DropRow},
                       {QT_TR_NOOP("fill from the row above"), MissingPolicy::ForwardFill}},
                      QT_TR_NOOP("What to do with empty or unparsable cells in the used columns."));
    series_.addChoice(
        "duplicateTimes", QT_TR_NOOP("Repeated times"), &SeriesSpec::duplicates,
        {{QT_TR_NOOP("refuse the file"), DuplicateTimes::Error},
         {QT_TR_NOOP("keep the last row of each time"), DuplicateTimes::KeepLast},
         {QT_TR_NOOP("keep the first row of each time"), DuplicateTimes::KeepFirst}},
        QT_TR_NOOP(
            "Rows whose time repeats the row before's (a corrected quote, a day listed twice): the file is refused, "
            "or one row per time is used and the others are left out (the data report counts them)."));
    series_.addMessages("seriesMessages");
}

void ModelPanel::addNetworkFields() {
    preset_ = network_.addRow("preset", QT_TR_NOOP("&Preset"), new QComboBox(network_.widget()),
                              QT_TR_NOOP("The article's presets; choosing one fills the fields below."));
    for (const char* name : {"small", "medium", "large", "custom"})
        preset_->addItem(QString(), QString::fromLatin1(name));
    network_.setItemTexts(preset_, {QT_TR_NOOP("small (64 units, 1 layer)"), QT_TR_NOOP("medium (128 units, 2 layers)"),
                                    QT_TR_NOOP("large (256 units, 3 layers, BiLSTM)"), QT_TR_NOOP("custom")});
    connect(preset_, &QComboBox::activated, this, [this](int index) {
        onPresetChosen(index);
        Q_EMIT edited();  // the user's choice, though the fields were filled in code
    });
    network_.addInt("hidden", QT_TR_NOOP("Hidden units"), &ModelSpec::hidden, 1, 8192,
                    QT_TR_NOOP("LSTM units per direction. 64–128 suit simple tasks such as one price series; "
                               "256–512 complex ones. More units learn more and overfit sooner."));
    network_.addInt("layers", QT_TR_NOOP("&Layers"), &ModelSpec::layers, 1, 16,
                    QT_TR_NOOP("Stacked LSTM layers. 2–3 are usually enough; past 4, deep stacks need residual "
                               "connections to train well."));
    network_.addDouble("dropout", QT_TR_NOOP("&Dropout"), &ModelSpec::dropout, 0.0, 0.95, 0.05, 2,
                       QT_TR_NOOP("Dropout between LSTM layers against overfitting; 0.1–0.3 is the usual range. "
                                  "No effect with a single layer."));
    network_.addCheck("bidirectional", QT_TR_NOOP("Bidirectional (BiLSTM)"), &ModelSpec::bidirectional,
                      QT_TR_NOOP("Also reads each window backwards. Helps with text, where the whole sentence is "
                                 "known; not for forecasting, where the future is not."));
    network_.addCheck("residual", QT_TR_NOOP("Residual connections"), &ModelSpec::residual,
                      QT_TR_NOOP("Each LSTM layer after the first adds its input to its output, so deep stacks "
                                 "(more than 4 layers) still train. Forecasts only."));
    network_.addChoice(
        "head", QT_TR_NOOP("Head"), &ModelSpec::head,
        {{QT_TR_NOOP("linear"), HeadKind::Linear}, {QT_TR_NOOP("MLP (32 units)"), HeadKind::Mlp}},
        QT_TR_NOOP("The layer on the last step's features: a linear map, or a small two-layer network."));
    network_.addMessages("networkMessages");
}

void ModelPanel::addTrainingFields() {
    training_.addInt("epochs", QT_TR_NOOP("&Epochs"), &TrainConfig::epochs, 1, 100000,
                     QT_TR_NOOP("Passes over the training windows. Early stopping may end sooner."));
    training_.addInt("batchSize", QT_TR_NOOP("&Batch size"), &TrainConfig::batchSize, 1, 65536,
                     QT_TR_NOOP("Windows per gradient step. 32–128 is typical; larger is faster per epoch but "
                                "may generalise worse."));
    training_.addChoice("optimizer", QT_TR_NOOP("&Optimizer"), &TrainConfig::optimizer,
                        {{QT_TR_NOOP("Adam"), OptimizerKind::Adam},
                         {QT_TR_NOOP("AdamW"), OptimizerKind::AdamW},
                         {QT_TR_NOOP("SGD with momentum"), OptimizerKind::Sgd}},
                        QT_TR_NOOP("Adam is the safe default for LSTMs; AdamW adds decoupled weight decay."));
    training_.addNumber(
        "lr", QT_TR_NOOP("Learning &rate"), &TrainConfig::lr,
        QT_TR_NOOP("Learning rate, e.g. 0.001 (1e-3) for Adam. Too high makes the loss jump or diverge."));
    training_.addChoice("schedule", QT_TR_NOOP("Schedule"), &TrainConfig::schedule,
                        {{QT_TR_NOOP("cosine"), ScheduleKind::Cosine},
                         {QT_TR_NOOP("step (×0.1 every 10 epochs)"), ScheduleKind::Step},
                         {QT_TR_NOOP("constant"), ScheduleKind::None}},
                        QT_TR_NOOP("How the learning rate changes over the epochs."));
    training_.addDouble(
        "clip", QT_TR_NOOP("Gradient clip"), &TrainConfig::clip, 0.0, 1000.0, 0.1, 2,
        QT_TR_NOOP("Largest total gradient norm; larger gradients are scaled down. Guards LSTMs against "
                   "exploding gradients. 0 turns clipping off."));
    training_.addInt("patience", QT_TR_NOOP("Patience"), &TrainConfig::patience, 0, 100000,
                     QT_TR_NOOP("Epochs without a better validation loss before training stops; 0 never stops early."));
    training_.addInt("seed", QT_TR_NOOP("Seed"), &TrainConfig::seed, 0, std::numeric_limits<int>::max(),
                     QT_TR_NOOP("Seed of every random generator: the same seed and settings give the same model."));
    QSpinBox* threads = training_.addInt("threads", QT_TR_NOOP("Threads"), &TrainConfig::threads, 0, 1024);
    retranslate(threads, [threads] {
        threads->setToolTip(
            tr("LibTorch threads; 0 picks a count that leaves room for the interface (%n core(s) here).", nullptr,
               QThread::idealThreadCount()));
    });
    std::vector<std::pair<const char*, std::string>> devices = {{QT_TR_NOOP("automatic"), "auto"},
                                                                {QT_TR_NOOP("CPU"), "cpu"}};
    if (cudaAvailable()) devices.push_back({QT_TR_NOOP("CUDA GPU"), "cuda"});
    training_.addChoice("device", QT_TR_NOOP("De&vice"), &TrainConfig::device, devices,
                        cudaAvailable() ? QT_TR_NOOP("Where to train; automatic picks the GPU.")
                                        : QT_TR_NOOP("Where to train. No CUDA GPU is available to this build."));
    training_.addMessages("trainingMessages");
}

SeriesSpec ModelPanel::seriesSpec() const { return series_.read(); }

ModelSpec ModelPanel::modelSpec() const { return network_.read(); }

TrainConfig ModelPanel::trainConfig() const { return training_.read(); }

template <class Spec>
void ModelPanel::showAtOnce(SpecForm<Spec>& form, const Spec& spec) {
    const Programmatic inCode(programmatic_);
    updating_ = true;
    form.write(spec);
    updating_ = false;
    onChanged();
}

void ModelPanel::setSeriesSpec(const SeriesSpec& spec) { showAtOnce(series_, spec); }

void ModelPanel::setScaler(ScalerKind kind) {
    const Programmatic inCode(programmatic_);
    SeriesSpec spec = seriesSpec();
    spec.scaler = kind;
    series_.write(spec);
    onChanged();
}

QString ModelPanel::scalerText(ScalerKind kind) { return tr(scalerSource(kind)); }

const char* ModelPanel::scalerSource(ScalerKind kind) {
    switch (kind) {
        case ScalerKind::Auto:
            return QT_TR_NOOP("automatic");
        case ScalerKind::ZScore:
            return QT_TR_NOOP("z-score");
        case ScalerKind::MinMax:
            return QT_TR_NOOP("min–max");
        case ScalerKind::Relative:
            return QT_TR_NOOP("relative to each window's last row");
        case ScalerKind::None:
            return QT_TR_NOOP("none");
    }
    return "";
}

void ModelPanel::setTask(TaskKind kind) {
    task_ = kind;
    const bool text = isTextTask(kind);
    series_.widget()->setVisible(!text);
    network_.field("head")->setEnabled(!text);
    network_.field("bidirectional")->setEnabled(kind != TaskKind::CharLm);
    network_.field("residual")->setEnabled(!text);
}

void ModelPanel::setModelSpec(const ModelSpec& spec) { showAtOnce(network_, spec); }

void ModelPanel::setTrainConfig(const TrainConfig& config) {
    TrainConfig shown = config;
    // A project trained on a GPU opens on a machine without one: train on what is here.
    if (shown.device.rfind("cuda", 0) == 0) shown.device = cudaAvailable() ? "cuda" : "auto";
    showAtOnce(training_, shown);
}

void ModelPanel::setFromProject(const ProjectFile& project) {
    setSeriesSpec(project.series);
    setModelSpec(project.model);
    setTrainConfig(project.train);
}

void ModelPanel::setPreset(const QString& name) {
    const Programmatic inCode(programmatic_);
    const int index = preset_->findData(name);
    if (index < 0) return;
    preset_->setCurrentIndex(index);
    onPresetChosen(index);
}

QString ModelPanel::preset() const { return preset_->currentData().toString(); }

void ModelPanel::setEpochs(int epochs) {
    const Programmatic inCode(programmatic_);
    training_.field<QSpinBox>("epochs")->setValue(epochs);
}

QVariantMap ModelPanel::fieldValues() const { return readFields(this); }

void ModelPanel::setFieldValues(const QVariantMap& values) {
    const Programmatic inCode(programmatic_);
    updating_ = true;
    writeFields(this, values);
    updating_ = false;
    onChanged();
}

QVariantMap ModelPanel::readFields(const QWidget* root) {
    QVariantMap values;
    for (const QWidget* w : root->findChildren<QWidget*>()) {
        if (!isField(w)) continue;
        if (const auto* box = qobject_cast<const QSpinBox*>(w))
            values.insert(w->objectName(), box->value());
        else if (const auto* number = qobject_cast<const QDoubleSpinBox*>(w))
            values.insert(w->objectName(), number->value());
        else if (const auto* edit = qobject_cast<const QLineEdit*>(w))
            values.insert(w->objectName(), edit->text());
        else if (const auto* check = qobject_cast<const QCheckBox*>(w))
            values.insert(w->objectName(), check->isChecked());
        else if (const auto* combo = qobject_cast<const QComboBox*>(w))
            values.insert(w->objectName(), combo->currentData().toString());
    }
    return values;
}

void ModelPanel::writeFields(QWidget* root, const QVariantMap& values) {
    for (auto it = values.begin(); it != values.end(); ++it) {
        auto* w = root->findChild<QWidget*>(it.key());
        if (!w || !isField(w)) continue;
        // Values come back from an INI file as text: each converts to its field's type.
        if (auto* box = qobject_cast<QSpinBox*>(w))
            box->setValue(it.value().toInt());
        else if (auto* number = qobject_cast<QDoubleSpinBox*>(w))
            number->setValue(it.value().toDouble());
        else if (auto* edit = qobject_cast<QLineEdit*>(w))
            edit->setText(it.value().toString());
        else if (auto* check = qobject_cast<QCheckBox*>(w))
            check->setChecked(it.value().toBool());
        else if (auto* combo = qobject_cast<QComboBox*>(w))
            if (const int index = combo->findData(it.value().toString()); index >= 0) combo->setCurrentIndex(index);
    }
}

int ModelPanel::epochs() const { return trainConfig().epochs; }

void ModelPanel::onPresetChosen(int index) {
    const std::string name = preset_->itemData(index).toString().toStdString();
    if (name == "custom") return;
    ModelSpec spec = ModelSpec::preset(name);
    spec.head = modelSpec().head;  // presets say nothing about the head
    setModelSpec(spec);
}

void ModelPanel::syncPresetCombo() {
    const ModelSpec now = modelSpec();
    const QSignalBlocker block(preset_);
    for (const char* name : kPresets) {
        const ModelSpec p = ModelSpec::preset(name);
        if (p.hidden == now.hidden && p.layers == now.layers && std::abs(p.dropout - now.dropout) < 1e-9 &&
            p.bidirectional == now.bidirectional && p.residual == now.residual) {
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
    if (programmatic_ == 0) Q_EMIT edited();
}

void ModelPanel::validate() {
    const bool wasValid = isValid();
    QStringList seriesErrors, networkErrors, networkHints, trainingErrors;

    SeriesSpec s = seriesSpec();
    const double sum = s.trainFraction + s.valFraction + s.testFraction;
    const bool splitBad = std::abs(sum - 1.0) > 1e-6;
    if (splitBad)
        seriesErrors
            << tr("Train, validation and test fractions add up to %1; they must add up to 1.").arg(sum, 0, 'g', 4);
    for (const char* name : {"trainFraction", "valFraction", "testFraction"}) series_.markInvalid(name, splitBad);

    const TrainConfig t = trainConfig();  // lr is NaN where the text is no number
    const bool lrBad = !std::isfinite(t.lr) || t.lr <= 0.0 || t.lr > 10.0;
    if (lrBad)
        trainingErrors << tr("Learning rate must be a number above 0 and at most 10, such as 0.001 or 1e-3 (got '%1').")
                              .arg(training_.field<QLineEdit>("lr")->text());
    training_.markInvalid("lr", lrBad);

    // Core's own checks as the last word, so the panel never accepts what core refuses.
    const ModelSpec m = modelSpec();
    if (seriesErrors.isEmpty()) {
        s.target = "target";
        try {
            s.validate();
        } catch (const UsageError& e) {
            seriesErrors << QString::fromUtf8(e.what());
        }
    }
    try {
        m.validate();
    } catch (const UsageError& e) {
        networkErrors << QString::fromUtf8(e.what());
    }
    if (!lrBad) try {
            t.validate();
        } catch (const UsageError& e) {
            trainingErrors << QString::fromUtf8(e.what());
        }

    if (m.layers == 1 && m.dropout > 0)
        networkHints << tr("Dropout acts between LSTM layers: with one layer it has no effect.");
    if (m.layers > 4 && !m.residual)
        networkHints << tr(
            "Past 4 layers, stacked LSTMs train poorly without residual connections (turn them on "
            "below); 2–3 layers are usually enough.");
    if (m.residual && m.layers == 1)
        networkHints << tr("Residual connections skip around the layers after the first: with one layer they "
                           "have no effect.");
    if (m.bidirectional)
        networkHints << tr(
            "A BiLSTM reads each window backwards too: right for text, but it adds cost without "
            "adding anything for forecasting.");
    if (m.hidden > 512) networkHints << tr("More than 512 units rarely helps and trains slowly.");
    if (m.dropout > 0.5) networkHints << tr("Dropout above 0.5 usually hinders learning; 0.1–0.3 is typical.");

    series_.showMessages(seriesErrors);
    network_.showMessages(networkErrors, networkHints);
    training_.showMessages(trainingErrors);
    errors_ = seriesErrors + networkErrors + trainingErrors;
    hints_ = networkHints;
    if (wasValid != isValid()) Q_EMIT validityChanged(isValid());
}

}  // namespace studio
