#include "workspace/forecast_project_loader.h"

#include "data/csv_reader.h"
#include "base/error.h"

#include <QDir>
#include <QFileInfo>

namespace studio {

ForecastEvaluation ForecastProjectLoader::readPredictions(const QString& path, std::size_t horizon) {
    const CsvTable table = readCsv(path.toStdString());
    ForecastEvaluation e;
    e.horizon = horizon;
    const int rowColumn = table.find("row");
    if (rowColumn < 0) throw DataError(path.toStdString() + ": no 'row' column");
    std::vector<int> predColumns, trueColumns;
    for (std::size_t h = 1; h <= horizon; ++h) {
        predColumns.push_back(table.find("pred_" + std::to_string(h)));
        trueColumns.push_back(table.find("true_" + std::to_string(h)));
        if (predColumns.back() < 0 || trueColumns.back() < 0)
            throw DataError(path.toStdString() + ": expected columns pred_" + std::to_string(h) + " and true_" +
                            std::to_string(h) + " for horizon " + std::to_string(horizon));
    }
    for (std::size_t r = 0; r < table.rowCount(); ++r) {
        const double row = table.columns[rowColumn].numbers[r];
        if (!(row >= 0))
            throw DataError(path.toStdString() + ": line " + std::to_string(table.lineOfRow[r]) +
                            ": 'row' is not a row number");
        e.rows.push_back(static_cast<std::size_t>(row));
        for (std::size_t h = 0; h < horizon; ++h) e.pred.push_back(table.columns[predColumns[h]].numbers[r]);
        for (std::size_t h = 0; h < horizon; ++h) e.truth.push_back(table.columns[trueColumns[h]].numbers[r]);
    }
    return e;
}

LoadedForecastProject ForecastProjectLoader::load(const QString& dir) {
    LoadedForecastProject p;
    p.dir = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    const std::string d = p.dir.toStdString();
    try {
        p.project = loadProjectFile(d);
    } catch (const std::exception& e) {
        p.error = tr("%1 is not an LSTM Studio project: %2")
                      .arg(QDir::toNativeSeparators(p.dir), QString::fromUtf8(e.what()));
        return p;
    }
    try {
        p.history = loadHistory(d);
    } catch (const std::exception& e) {
        p.warnings << tr("No training history: %1").arg(QString::fromUtf8(e.what()));
    }
    try {
        p.table = std::make_shared<const CsvTable>(readCsv(p.project.dataPath));
    } catch (const std::exception& e) {
        p.warnings << tr("The project's data file cannot be read (%1); the truth comes from predictions.csv.")
                          .arg(QString::fromUtf8(e.what()));
    }
    ForecastEvaluation evaluation;
    bool haveMetrics = false;
    const QString predictions = QDir(p.dir).filePath(QStringLiteral("predictions.csv"));
    try {
        evaluation = readPredictions(predictions, static_cast<std::size_t>(p.project.series.horizon));
    } catch (const std::exception& e) {
        p.warnings << tr("No predictions: %1").arg(QString::fromUtf8(e.what()));
    }
    try {
        const ProjectMetrics metrics = loadMetrics(d);
        evaluation.model = metrics.model;
        evaluation.baseline = metrics.naive;
        haveMetrics = true;
    } catch (const std::exception& e) {
        p.warnings << tr("No metrics: %1").arg(QString::fromUtf8(e.what()));
    }
    p.predictions = PredictionData::build(evaluation, haveMetrics, p.table.get(), p.project.series);
    return p;
}

}  // namespace studio
