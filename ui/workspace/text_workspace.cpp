#include "workspace/text_workspace.h"

#include "data/text_dataset.h"
#include "tasks/registry.h"

#include "workspace/char_lm_results_view.h"
#include "workspace/classify_results_view.h"
#include "workspace/model_panel.h"
#include "tasks/forecast/forecast_project.h"
#include "workspace/text_data_panel.h"
#include "workspace/text_options_panel.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace studio {

TextWorkspace::TextWorkspace(ModelPanel* modelPanel, QWidget* parentWidget)
    : QObject(parentWidget), modelPanel_(modelPanel) {
    data_ = new TextDataPanel(parentWidget);
    options_ = new TextOptionsPanel(parentWidget);
    classify_ = new ClassifyResultsView(parentWidget);
    charLm_ = new CharLmResultsView(parentWidget);
    connect(&watcher_, &QFutureWatcher<Loaded>::finished, this, &TextWorkspace::onProjectLoaded);
}

TextWorkspace::~TextWorkspace() { watcher_.waitForFinished(); }

QString TextWorkspace::metricName(TaskKind task) {
    return task == TaskKind::Classify ? tr("validation accuracy (%)") : tr("validation bits per character");
}

void TextWorkspace::applyDefaults(TaskKind task) {
    options_->setTask(task);
    modelPanel_->setTask(task);
    // The task's defaults, the ones the CLI starts from too.
    const TaskDefaults defaults = taskFor(task).defaults();
    ModelSpec m = modelPanel_->modelSpec();
    m.hidden = defaults.hidden;
    m.layers = 1;
    m.dropout = 0.1;
    m.bidirectional = defaults.bidirectional;
    modelPanel_->setModelSpec(m);
    TrainConfig t = modelPanel_->trainConfig();
    t.lr = defaults.lr;
    modelPanel_->setTrainConfig(t);
}

TextJobConfig TextWorkspace::config(const QString& outDir, QString* error) {
    TextJobConfig c;
    if (!data_->isReady()) {
        *error = data_->problem();
        return c;
    }
    if (!modelPanel_->isValid()) {
        *error = modelPanel_->errors().join(QLatin1Char('\n'));
        return c;
    }
    c.task = data_->task();
    c.text = options_->textSpec();
    if (c.task == TaskKind::Classify) {
        c.text.textColumn = data_->textColumn().toStdString();
        c.text.labelColumn = data_->labelColumn().toStdString();
    }
    const SeriesSpec series = modelPanel_->seriesSpec();
    c.text.trainFraction = series.trainFraction;
    c.text.valFraction = series.valFraction;
    c.text.testFraction = series.testFraction;
    c.train = modelPanel_->trainConfig();
    c.text.seed = c.train.seed;
    c.model = options_->textModelSpec();
    const ModelSpec m = modelPanel_->modelSpec();
    c.model.hidden = m.hidden;
    c.model.layers = m.layers;
    c.model.dropout = m.dropout;
    c.model.bidirectional = c.task == TaskKind::Classify && m.bidirectional;
    c.vectorsPath = options_->vectorsPath().toStdString();
    c.freezeVectors = options_->freezeVectors();
    c.outDir = outDir.toStdString();
    c.dataPath = data_->filePath().toStdString();
    runPooling_ = c.model.pooling;
    return c;
}

void TextWorkspace::clearResults() {
    classify_->clear();
    charLm_->clear();
    data_->clearReport();
}

void TextWorkspace::showResult(const TextJobResult& r, const QString& dir) {
    data_->setTrainingReport(r);
    if (r.task == TaskKind::Classify) {
        classify_->setResult(r.classify, r.classes, dir, data_->table(), data_->textColumn(),
                             runPooling_ == Pooling::Attention);
    } else {
        charLm_->setResult(r.bitsPerChar, r.unigramBitsPerChar, QString::fromStdString(r.sample), dir);
    }
}

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

void TextWorkspace::onProjectLoaded() {
    loaded_ = watcher_.result();
    const Loaded& r = loaded_;
    if (!r.error.isEmpty()) {
        Q_EMIT projectFailed(r.error);
        return;
    }
    options_->setFromProject(r.project.text, r.project.model);
    modelPanel_->setTask(r.project.task);
    clearResults();
    if (r.project.task == TaskKind::Classify) {
        ClassificationMetrics m;
        std::vector<std::string> classes;
        if (ClassifyResultsView::loadMetrics(r.dir, m, classes))
            classify_->setResult(m, classes, r.dir, r.table, QString::fromStdString(r.project.text.textColumn),
                                 r.project.model.pooling == Pooling::Attention);
    } else {
        double bits = 0, unigram = 0;
        if (CharLmResultsView::loadMetrics(r.dir, bits, unigram)) charLm_->setResult(bits, unigram, QString(), r.dir);
    }
    Q_EMIT projectLoaded(r.dir);
}

}  // namespace studio
