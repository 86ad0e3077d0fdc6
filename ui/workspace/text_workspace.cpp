#include "workspace/text_workspace.h"

#include "data/text_dataset.h"
#include "tasks/registry.h"
#include "tasks/task_files.h"
#include "workspace/char_lm_results_view.h"
#include "workspace/classify_results_view.h"
#include "workspace/model_panel.h"
#include "workspace/text_data_panel.h"
#include "workspace/text_options_panel.h"

#include <QDir>
#include <QFileInfo>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace studio {

TextWorkspace::TextWorkspace(QWidget* parentWidget) : Workspace(parentWidget) {
    data_ = new TextDataPanel(parentWidget);
    auto* optionsBox = new QWidget(parentWidget);
    options_ = new TextOptionsPanel(optionsBox);
    model_ = new ModelPanel(optionsBox);
    model_->setTask(task_);
    auto* layout = new QVBoxLayout(optionsBox);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(options_);
    layout->addWidget(model_);
    results_ = new QStackedWidget(parentWidget);
    classify_ = new ClassifyResultsView(results_);
    charLm_ = new CharLmResultsView(results_);
    results_->addWidget(classify_);
    results_->addWidget(charLm_);
    setWidgets(data_, optionsBox, results_, model_);

    connect(data_, &TextDataPanel::loaded, this, [this](const QString& path) {
        applyDefaults(data_->task());
        Q_EMIT dataLoaded(path);
    });
    connect(data_, &TextDataPanel::loadFailed, this, &Workspace::dataFailed);
    connect(data_, &TextDataPanel::readinessChanged, this, &Workspace::readinessChanged);
    connect(&watcher_, &QFutureWatcher<Loaded>::finished, this, [this] {
        loaded_ = watcher_.result();
        if (!loaded_.error.isEmpty()) {
            Q_EMIT projectFailed(loaded_.error);
            return;
        }
        showTask(loaded_.project.task);  // before MainWindow asks for the charts' labels
        Q_EMIT projectRead(loaded_.dir);
    });
}

TextWorkspace::~TextWorkspace() { watcher_.waitForFinished(); }

ChartLabels TextWorkspace::chartLabels() const {
    if (task_ == TaskKind::Classify)
        return {tr("loss (cross-entropy)"), tr("validation accuracy (%)"), tr("accuracy (%)")};
    // The language model's loss is the cross-entropy of each next character, in nats.
    return {tr("loss (nats/char)"), tr("validation bits per character"), tr("bits/char")};
}

void TextWorkspace::openData(const QString& path) { data_->openFile(path); }

QString TextWorkspace::dataPath() const { return data_->filePath(); }

bool TextWorkspace::isLoading() const { return data_->isLoading() || watcher_.isRunning(); }

bool TextWorkspace::isDataReady() const { return data_->isReady(); }

QString TextWorkspace::dataProblem() const { return data_->problem(); }

void TextWorkspace::showTask(TaskKind task) {
    task_ = task;
    results_->setCurrentWidget(task == TaskKind::Classify ? static_cast<QWidget*>(classify_) : charLm_);
}

void TextWorkspace::applyDefaults(TaskKind task) {
    showTask(task);
    options_->setTask(task);
    model_->setTask(task);
    // The task's defaults, the ones the CLI starts from too.
    const TaskDefaults defaults = taskFor(task).defaults();
    ModelSpec m = model_->modelSpec();
    m.hidden = defaults.hidden;
    m.layers = 1;
    m.dropout = 0.1;
    m.bidirectional = defaults.bidirectional;
    model_->setModelSpec(m);
    TrainConfig t = model_->trainConfig();
    t.lr = defaults.lr;
    model_->setTrainConfig(t);
}

std::optional<TrainingJobConfig> TextWorkspace::trainingJob(const QString& outDir, QString* error) {
    if (!checkReady(error)) return std::nullopt;
    TextJobConfig c;
    c.task = data_->task();
    c.text = options_->textSpec();
    if (c.task == TaskKind::Classify) {
        c.text.textColumn = data_->textColumn().toStdString();
        c.text.labelColumn = data_->labelColumn().toStdString();
    }
    const SeriesSpec series = model_->seriesSpec();
    c.text.trainFraction = series.trainFraction;
    c.text.valFraction = series.valFraction;
    c.text.testFraction = series.testFraction;
    c.train = model_->trainConfig();
    c.text.seed = c.train.seed;
    c.model = options_->textModelSpec();
    const ModelSpec m = model_->modelSpec();
    c.model.hidden = m.hidden;
    c.model.layers = m.layers;
    c.model.dropout = m.dropout;
    c.model.bidirectional = c.task == TaskKind::Classify && m.bidirectional;
    c.vectorsPath = options_->vectorsPath().toStdString();
    c.freezeVectors = options_->freezeVectors();
    c.outDir = outDir.toStdString();
    c.dataPath = data_->filePath().toStdString();
    showTask(c.task);
    runTable_ = data_->table();
    runTextColumn_ = data_->textColumn();
    runPooling_ = c.model.pooling;
    return c;
}

bool TextWorkspace::prepareProjectRun(const QString& dir, QString* error) {
    try {
        const TextProjectFile project = loadTextProjectFile(dir.toStdString());
        showTask(project.task);
        runTextColumn_ = QString::fromStdString(project.text.textColumn);
        runPooling_ = project.model.pooling;
        // The texts of misclassified rows: the opened project's table, or the open file
        // when it is the project's data.
        if (loaded_.table && isSameFile(loaded_.dir, dir))
            runTable_ = loaded_.table;
        else if (isSameFile(data_->filePath(), QString::fromStdString(project.dataPath)))
            runTable_ = data_->table();
        else
            runTable_ = nullptr;
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
    return true;
}

void TextWorkspace::reset() {
    classify_->clear();
    charLm_->clear();
    data_->clearReport();
}

void TextWorkspace::showResult(const TextJobResult& r, const QString& dir) {
    showTask(r.task);
    data_->setTrainingReport(r);
    if (r.task == TaskKind::Classify)
        classify_->setResult(r.classify, r.classes, dir, runTable_, runTextColumn_, runPooling_ == Pooling::Attention);
    else
        charLm_->setResult(r.bitsPerChar, r.unigramBitsPerChar, QString::fromStdString(r.sample), dir);
}

QString TextWorkspace::showTraining(const TaskResult& result, const QString& dir) {
    const TextJobResult& r = std::get<TextJobResult>(result);
    if (r.train.epochsDone == 0) return {};
    showResult(r, dir);
    return r.task == TaskKind::Classify
               ? tr("Trained %n epoch(s) on %1: test accuracy %2% (majority baseline %3%), macro F1 %4%.", nullptr,
                    r.train.epochsDone)
                     .arg(QString::fromStdString(r.device))
                     .arg(r.classify.accuracy, 0, 'f', 2)
                     .arg(r.classify.majorityAccuracy, 0, 'f', 2)
                     .arg(r.classify.macroF1, 0, 'f', 2)
               : tr("Trained %n epoch(s) on %1: test %2 bits per character (unigram %3).", nullptr, r.train.epochsDone)
                     .arg(QString::fromStdString(r.device))
                     .arg(r.bitsPerChar, 0, 'f', 4)
                     .arg(r.unigramBitsPerChar, 0, 'f', 4);
}

QString TextWorkspace::showEvaluation(const TaskResult& result, const QString& dir) {
    const TextJobResult& r = std::get<TextJobResult>(result);
    showResult(r, dir);
    return r.task == TaskKind::Classify
               ? tr("Evaluated the saved model on %n test text(s): accuracy %1% (majority baseline %2%), macro F1 "
                    "%3%.",
                    nullptr, static_cast<int>(r.classify.n))
                     .arg(r.classify.accuracy, 0, 'f', 2)
                     .arg(r.classify.majorityAccuracy, 0, 'f', 2)
                     .arg(r.classify.macroF1, 0, 'f', 2)
               : tr("Evaluated the saved model on the test text: %1 bits per character (unigram %2).")
                     .arg(r.bitsPerChar, 0, 'f', 4)
                     .arg(r.unigramBitsPerChar, 0, 'f', 4);
}

void TextWorkspace::showSample(const QString& sample) { charLm_->setLiveSample(sample); }

void TextWorkspace::loadProject(const QString& dir) {
    if (watcher_.isRunning()) return;
    watcher_.setFuture(QtConcurrent::run([dir] {
        Loaded out;
        out.dir = dir;
        try {
            const std::string d = dir.toStdString();
            out.project = loadTextProjectFile(d);
            out.history = loadHistory(d);
            if (out.project.task == TaskKind::Classify &&
                QFileInfo::exists(QString::fromStdString(out.project.dataPath)))
                out.table = std::make_shared<const CsvTable>(readLabeledCsv(out.project.dataPath));
        } catch (const std::exception& e) {
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    }));
}

void TextWorkspace::showSettings(TaskKind task, const TextSpec& text, const TextModelSpec& network,
                                 const TrainConfig& train) {
    options_->setFromProject(text, network);
    model_->setTask(task);
    ModelSpec m = model_->modelSpec();
    m.hidden = network.hidden;
    m.layers = network.layers;
    m.dropout = network.dropout;
    m.bidirectional = network.bidirectional;
    model_->setModelSpec(m);
    model_->setTrainConfig(train);
}

void TextWorkspace::applySettings(const TrainingJobConfig& job) {
    if (const auto* text = std::get_if<TextJobConfig>(&job)) showSettings(text->task, text->text, text->model, text->train);
}

OpenedProject TextWorkspace::showProject() {
    const Loaded& r = loaded_;
    const TextProjectFile& project = r.project;
    showTask(project.task);
    // The project's network and training settings: Continue Training starts from them.
    showSettings(project.task, project.text, project.model, project.train);
    if (project.task == TaskKind::Classify) {
        ClassificationMetrics metrics;
        std::vector<std::string> classes;
        if (ClassifyResultsView::loadMetrics(r.dir, metrics, classes))
            classify_->setResult(metrics, classes, r.dir, r.table, QString::fromStdString(project.text.textColumn),
                                 project.model.pooling == Pooling::Attention);
    } else {
        double bits = 0, unigram = 0;
        if (CharLmResultsView::loadMetrics(r.dir, bits, unigram)) charLm_->setResult(bits, unigram, QString(), r.dir);
    }
    OpenedProject out;
    out.dir = r.dir;
    out.task = project.task;
    out.history = r.history;
    out.clip = project.train.clip;
    out.summary = tr("Opened text project %1: %n epoch(s) trained, best epoch %2 (%3).", nullptr, project.epochsDone)
                      .arg(QDir::toNativeSeparators(r.dir))
                      .arg(project.bestEpoch)
                      .arg(QString::fromStdString(project.stopReason));
    return out;
}

}  // namespace studio
