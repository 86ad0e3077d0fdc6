#pragma once

#include "shell/job_runner.h"
#include "workspace/future_forecast_data.h"

#include <QWidget>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

class QCPGraph;
class QCPItemStraightLine;
class QLabel;
class QPushButton;
class QSpinBox;

namespace studio {

class LivePlot;
struct ProjectFile;

// Forecast ahead: past the last row of the series, with the project's saved model. A Steps
// box and a Forecast button (which asks for a forecast: forecastRequested; the window
// answers with start(), naming the project), a fan chart of the target's last rows, the
// mean forecast and a shaded band per interval level (the 95% band lighter than the 80%),
// a line at the last row, dates on the x axis where the data has them, and Export CSV….
// The forecast runs on a pool thread (JobRunner). GUI thread only.
class FutureForecastView : public QWidget {
    Q_OBJECT
public:
    explicit FutureForecastView(QWidget* parent = nullptr);
    ~FutureForecastView() override;

    // The model a forecast would use: sets the default steps (twice the horizon, at least
    // 12; only the horizon for a model with inputs besides its target, which cannot forecast
    // further) and enables Forecast. clear() forgets it and the chart.
    void setModel(const ProjectFile& project);
    void clear();
    bool hasModel() const { return hasModel_; }
    // Whether Forecast may start now (the window: no job runs over the project).
    void setAllowed(bool allowed);

    int steps() const;
    void setSteps(int steps);
    // Forecasts the project in `dir` from `dataPath` (empty: its own data) `steps()` rows
    // ahead; false when one is running. forecastFinished follows.
    bool start(const QString& dir, const QString& dataPath = {});
    bool isRunning() const { return runner_.isRunning(); }
    // Writes the forecast on show as core's CSV; false with *error.
    bool exportCsv(const QString& path, QString* error) const;
    void replotNow();

    const std::optional<FutureForecastData>& result() const { return result_; }
    int meanPointCount() const;
    double meanKey(int i) const;
    double meanValue(int i) const;
    int historyPointCount() const;
    QStringList bandNames() const;  // legend texts of the bands drawn
    bool dateAxis() const;          // the x axis shows dates
    LivePlot* plot() const { return plot_; }

Q_SIGNALS:
    void forecastRequested();
    // summary: one line saying what was forecast (the error when !ok); warnings: core's.
    // A forecast whose view was cleared while it ran ends with !ok and no summary.
    void forecastFinished(bool ok, const QString& summary, const QStringList& warnings);
    void exported(bool ok, const QString& text);

private:
    void onFinished(bool ok);
    void draw();
    // The texts of the forecast on show (its source, the x axis, the legend), in the language on show.
    void describeResult();
    // Shows what `text` says under the chart, now and in each language chosen later.
    void showSummary(std::function<QString()> text);
    void chooseExportFile();
    void updateButtons();
    QString summary() const;

    QSpinBox* steps_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* export_ = nullptr;
    QLabel* source_ = nullptr;
    QLabel* summary_ = nullptr;
    std::function<QString()> summaryText_ = [] { return QString(); };
    LivePlot* plot_ = nullptr;
    QCPGraph* history_ = nullptr;
    QCPGraph* mean_ = nullptr;
    // Per level: the lower edge (no legend entry) and the upper edge, filled down to it.
    struct BandGraphs {
        QCPGraph* lower;
        QCPGraph* upper;
        double level;
    };
    std::vector<BandGraphs> bands_;
    QCPItemStraightLine* origin_ = nullptr;
    bool hasModel_ = false;
    bool discard_ = false;  // cleared while running: the result belongs to what was on show
    bool allowed_ = true;
    int defaultSteps_ = 12;
    std::optional<FutureForecastData> result_;
    JobRunner runner_;
};

}  // namespace studio
