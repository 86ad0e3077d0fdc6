// ForecastTask::benchWorkload: a call starts from raw CSV rows and includes what a deployed
// forecaster does: windowing the last `window` rows, computing the technical indicators of
// those rows from the raw rows they look back on, scaling them with the project's scalers,
// the network, and turning the output back into the target's units.

#include "tasks/forecast/forecast_task.h"

#include "data/csv_reader.h"
#include "data/series_dataset.h"
#include "data/series_rows.h"
#include "data/technical_indicators.h"
#include "runtime/inference_engine.h"
#include "runtime/quantized_model.h"
#include "base/error.h"
#include "nn/model.h"
#include "project/project_folder.h"
#include "tasks/forecast/forecast_project.h"
#include "tasks/task_files.h"
#include "training/metrics.h"
#include "training/trainer.h"

#include <algorithm>
#include <optional>
#include <cmath>
#include <limits>

namespace studio {
namespace {

// The project's feature and target columns as raw numbers, rows with a missing cell
// handled as the project says (dropped or filled from above): what a deployed forecaster
// holds before it builds a window.
// The indicators are not among these columns: every call computes them from the rows.
struct RawSeries {
    int features = 0;            // the file's columns, then calendar inputs
    std::size_t fileFeatures = 0;
    std::vector<Indicator> indicators;
    std::vector<std::size_t> indicatorColumn;  // [indicator] -> the column it reads
    std::size_t indicatorFeatures = 0;         // macd gives two
    std::size_t lookBack = 0;                  // rows before a window that its indicators read
    std::vector<double> x;       // [rows, features]
    std::vector<double> target;  // [rows]
    std::size_t rows() const { return target.size(); }
};

RawSeries rawSeries(const CsvTable& table, const ProjectFile& project) {
    SeriesReport report;
    SeriesSpec plain = project.series;
    plain.indicators.clear();
    const SeriesRows rows = readInferenceRows(table, plain, project.featureScaler.kind, report);
    RawSeries s;
    s.features = static_cast<int>(rows.features.size());
    s.fileFeatures = rows.fileFeatures();
    const std::vector<std::string> files(rows.featureNames.begin(), rows.featureNames.begin() + s.fileFeatures);
    s.indicators = parseIndicators(project.series.indicators, files, project.series.target);
    for (const Indicator& ind : s.indicators) {
        s.indicatorColumn.push_back(
            static_cast<std::size_t>(std::find(files.begin(), files.end(), ind.column) - files.begin()));
        s.indicatorFeatures += ind.featureNames().size();
    }
    s.lookBack = indicatorLookBack(s.indicators);
    s.x.reserve(rows.size() * rows.features.size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (const std::vector<double>& column : rows.features) s.x.push_back(column[r]);
    s.target = rows.target;
    return s;
}

// Raw rows -> scaled windows -> engine -> target units, the path a single prediction takes.
class TimedForecaster {
public:
    TimedForecaster(InferenceEngine& engine, const ProjectFile& project)
        : engine_(engine), project_(project), time_(project.series.window), horizon_(project.series.horizon) {}

    // Predicts the `batch` windows whose last rows are end, end+1, ... (end >= s.lookBack + window - 1).
    void predict(const RawSeries& s, std::size_t end, int batch, double* out) {
        const std::size_t R = static_cast<std::size_t>(s.features), F = R + s.indicatorFeatures, T = time_;
        x_.resize(std::size_t(batch) * T * F);
        y_.resize(std::size_t(batch) * horizon_);
        for (int b = 0; b < batch; ++b) {
            const std::size_t last = end + b, first = last + 1 - T;
            // The window's features as the model reads them: file columns, indicators, calendar.
            rows_.resize(T * F);
            for (std::size_t t = 0; t < T; ++t) {
                const double* raw = s.x.data() + (first + t) * R;
                std::copy(raw, raw + s.fileFeatures, rows_.data() + t * F);
                std::copy(raw + s.fileFeatures, raw + R, rows_.data() + t * F + s.fileFeatures + s.indicatorFeatures);
            }
            std::size_t column = s.fileFeatures;
            for (std::size_t i = 0; i < s.indicators.size(); ++i) {
                history_.resize(s.lookBack + T);
                for (std::size_t r = 0; r < history_.size(); ++r)
                    history_[r] = s.x[(first - s.lookBack + r) * R + s.indicatorColumn[i]];
                for (const std::vector<double>& values : indicatorValues(s.indicators[i], history_)) {
                    for (std::size_t t = 0; t < T; ++t) rows_[t * F + column] = values[s.lookBack + t];
                    ++column;
                }
            }
            for (std::size_t t = 0; t < T; ++t)
                for (std::size_t f = 0; f < F; ++f)
                    x_[(std::size_t(b) * T + t) * F + f] =
                        static_cast<float>(project_.featureScaler.apply(f, rows_[t * F + f], rows_[(T - 1) * F + f]));
        }
        engine_.predict(x_.data(), batch, time_, y_.data());
        for (int b = 0; b < batch; ++b)
            for (int h = 0; h < horizon_; ++h)
                out[b * horizon_ + h] = project_.targetScaler.invert(0, y_[b * horizon_ + h], s.target[end + b]);
    }

private:
    InferenceEngine& engine_;
    const ProjectFile& project_;
    int time_, horizon_;
    std::vector<float> x_, y_;
    std::vector<double> rows_, history_;
};

class ForecastBenchWorkload : public BenchWorkload {
public:
    explicit ForecastBenchWorkload(const std::string& dir)
        : folder_(dir),
          project_(loadProjectFile(dir)),
          table_(readCsv(project_.dataPath)),
          ds_(buildSeriesDataset(table_, project_.series)),
          raw_(rawSeries(table_, project_)),
          model_(loadForecastModel(dir, project_, "cpu")) {}

    void describe(BenchReport& r) const override {
        r.model = project_.model;
        r.inputSize = model_.inputSize(), r.window = project_.series.window, r.horizon = project_.series.horizon;
        r.parameters = model_.parameterCount();
    }

    TrainConfig trainConfig() const override { return project_.train; }

    void train(const TrainConfig& train, TrainObserver* observer, const std::atomic<bool>* cancel,
               BenchReport& r) const override {
        Trainer::seed(train.seed);
        Model copy(model_.spec(), model_.inputSize(), model_.outputSize());
        copy.setParameters(model_.parameters());
        copy.to(train.device);
        r.trainDevice = copy.device();
        resetDeviceMemoryPeak(r.trainDevice);
        Trainer trainer(copy, train, ds_.train, ds_.val, project_.series.window);
        trainer.run(observer, cancel);
        r.deviceMemory = deviceMemory(r.trainDevice);
    }

    void addEngine(BenchBackend& bb) override {
        if (bb.backend == Backend::OnednnInt8) {
            const std::string bin = folder_.path(ProjectFolder::kInt8Model),
                              json = folder_.path(ProjectFolder::kInt8Scales);
            std::optional<QuantizedModel> stored;
            if (folder_.has(ProjectFolder::kInt8Model) && folder_.has(ProjectFolder::kInt8Scales))
                stored = loadQuantizedModel(bin, json);
            if (stored && madeFromCurrentWeights(folder_.dir(), stored->weightsSha256)) {
                engines_.push_back(createInt8Engine(*stored));
                bb.note = "model.int8.bin";
            } else {
                engines_.push_back(
                    createInt8Engine(quantizeModel(model_, ds_.train.x, int(ds_.train.count), project_.series.window)));
                bb.note = stored ? kStaleInt8Note : "quantized in memory with default options (run quantize to store it)";
            }
        } else {
            engines_.push_back(createEngine(bb.backend, model_));
        }
        bb.bytes = engines_.back()->weightBytes();
        forecasters_.emplace_back(*engines_.back(), project_);
    }

    void checkAccuracy(std::vector<BenchBackend>& backends) override {
        const SeriesWindows& w = ds_.test;
        const int time = project_.series.window, horizon = project_.series.horizon;
        const std::size_t n = w.count, perWindow = std::size_t(time) * model_.inputSize();
        const std::vector<float> refScaled = model_.predict(w.x, static_cast<int>(n), time);
        std::vector<double> ref(n * horizon);
        for (std::size_t i = 0; i < ref.size(); ++i)
            ref[i] = project_.targetScaler.invert(0, refScaled[i], w.lastValue[i / horizon]);
        const double refRmse = forecastMetrics(ref, w.truth, w.lastValue, horizon, project_.naiveScale).rmse;
        for (std::size_t k = 0; k < engines_.size(); ++k) {
            std::vector<float> scaled(n * horizon);
            // One window per call: the answer a single prediction gets.
            for (std::size_t i = 0; i < n; ++i)
                engines_[k]->predict(w.x.data() + i * perWindow, 1, time, scaled.data() + i * horizon);
            std::vector<double> pred(n * horizon);
            BenchBackend& bb = backends[k];
            for (std::size_t i = 0; i < pred.size(); ++i) {
                pred[i] = project_.targetScaler.invert(0, scaled[i], w.lastValue[i / horizon]);
                bb.maxAbsDifference = std::max(bb.maxAbsDifference, std::abs(pred[i] - ref[i]));
            }
            bb.testRmse = forecastMetrics(pred, w.truth, w.lastValue, horizon, project_.naiveScale).rmse;
            bb.testMetric = bb.testRmse;
            bb.metricDelta = bb.testRmse - refRmse;
            bb.metricDeltaPercent = refRmse > 0 ? 100.0 * bb.metricDelta / refRmse : 0.0;
        }
    }

    // Windows ending in the last rows of the file (the test split), cycled through.
    std::size_t calls(int batch) const override {
        const std::size_t time = project_.series.window + raw_.lookBack;
        if (raw_.rows() < time + batch) return 0;
        return lastEnd(batch) - firstEnd(batch) + 1;
    }

    std::string tooFewInputs(int batch) const override {
        return "batch " + std::to_string(batch) + " needs more rows than the data has; skipped";
    }

    void call(std::size_t engine, std::size_t i, int batch) override {
        out_.resize(std::size_t(batch) * project_.series.horizon);
        forecasters_[engine].predict(raw_, firstEnd(batch) + i, batch, out_.data());
    }

private:
    std::size_t lastEnd(int batch) const { return raw_.rows() - batch; }
    std::size_t firstEnd(int batch) const {
        const std::size_t last = lastEnd(batch);
        return std::max<std::size_t>(raw_.lookBack + project_.series.window - 1, last > 500 ? last - 500 : 0);
    }

    ProjectFolder folder_;
    ProjectFile project_;
    CsvTable table_;
    SeriesDataset ds_;
    RawSeries raw_;
    Model model_;
    std::vector<std::unique_ptr<InferenceEngine>> engines_;
    std::vector<TimedForecaster> forecasters_;
    std::vector<double> out_;
};

}  // namespace

std::unique_ptr<BenchWorkload> ForecastTask::benchWorkload(const std::string& dir) const {
    return std::make_unique<ForecastBenchWorkload>(dir);
}

}  // namespace studio
