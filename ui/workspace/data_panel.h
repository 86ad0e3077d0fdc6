#pragma once

#include "workspace/column_roles.h"
#include "data/series_dataset.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QPlainTextEdit;
class QTableWidget;
class QCPGraph;
class QCPItemRect;

namespace studio {

class IndicatorPanel;

struct CsvTable;
class LivePlot;

// The data: the first rows of the open CSV file in a table, a role for each column
// (time, target, feature, ignored; guessed, then the user's), the parse report (rows
// read, used and dropped, and why, from core's buildSeriesDataset), and the target
// series with the train/validation/test split drawn as coloured bands that follow the
// split fractions. Files are read on a pool thread; GUI thread only otherwise.
class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(QWidget* parent = nullptr);
    ~DataPanel() override;

    // Reads the file in the background with a progress bar and a Cancel button; emits
    // loaded(), loadFailed() or loadCancelled(). A table already shown stays until the new
    // one has been read. roles: those of a project (else guessed).
    void openFile(const QString& path, const std::optional<SeriesSpec>& roles = std::nullopt);
    // Stops a load in progress (as the Cancel button does); loadCancelled() follows.
    void cancelLoading();
    // Shows a table read elsewhere (an opened project's data file).
    void showTable(const QString& path, std::shared_ptr<const CsvTable> table,
                   const std::optional<SeriesSpec>& roles = std::nullopt);
    bool isLoading() const { return loading_; }
    bool hasTable() const { return table_ != nullptr; }
    QString filePath() const { return path_; }
    std::shared_ptr<const CsvTable> table() const { return table_; }

    const ColumnRoles& roles() const { return roles_; }
    void setRole(const QString& column, ColumnRole role);
    // Fills target, time column, features and technical indicators of a spec from the roles
    // and the indicator list.
    void applyRoles(SeriesSpec& spec) const;
    IndicatorPanel* indicators() const { return indicators_; }

    // Window, horizon, stride, split, missing policy and scaler as the model panel has them.
    void setSeriesOptions(const SeriesSpec& options);
    // Recomputes a pending report now instead of after the debounce.
    void flushReport();
    bool isReady() const { return problem_.isEmpty(); }
    QString problem() const { return problem_; }

    int previewRowCount() const;
    int targetPointCount() const;
    QString reportText() const;
    // x of the split edges: train start, validation start, test start, end. Empty
    // when no split is drawn.
    std::vector<double> splitEdges() const { return edges_; }
    // Rows per split from core's split: train, validation, test.
    std::vector<std::size_t> splitRows() const { return splitRows_; }

Q_SIGNALS:
    void loaded(const QString& path);
    void loadFailed(const QString& message);
    void loadCancelled(const QString& path);
    void rolesChanged();
    void readinessChanged(bool ready);

private:
    struct Load {
        std::shared_ptr<const CsvTable> table;
        QString error;
        bool cancelled = false;
    };
    // Shared with the reading thread: how far it got, and whether to stop.
    struct LoadState {
        std::atomic<int> permille{0};
        std::atomic<bool> cancel{false};
    };
    void showLoadProgress();
    void onLoadFinished();
    void fillPreview();
    // The preview's texts (headers, their tooltips, the roles' names), on the items fillPreview() made.
    void namePreview();
    // Shows what `text` says about the file, now and in each language chosen later.
    void showFileText(std::function<QString()> text);
    void refreshRoleCombos();
    void scheduleReport();
    void computeReport();
    void plotTarget();
    void drawBands();
    void updateIndicatorColumns();

    QLabel* file_ = nullptr;
    std::function<QString()> fileText_;
    QTableWidget* preview_ = nullptr;
    QPlainTextEdit* report_ = nullptr;
    LivePlot* plot_ = nullptr;
    IndicatorPanel* indicators_ = nullptr;
    QCPGraph* series_ = nullptr;
    std::vector<QCPItemRect*> bands_;
    std::vector<QCPGraph*> bandKeys_;  // the bands' legend entries (no data)

    QProgressBar* loadProgress_ = nullptr;
    QPushButton* cancelLoad_ = nullptr;
    QTimer progressTimer_;
    std::shared_ptr<LoadState> loadState_;
    QFutureWatcher<Load> watcher_;
    QString loadingPath_;
    std::optional<SeriesSpec> pendingRoles_;
    bool loading_ = false;

    QString path_;
    std::shared_ptr<const CsvTable> table_;
    ColumnRoles roles_;
    SeriesSpec options_;
    QTimer reportTimer_;
    QString problem_;
    std::vector<double> edges_;
    std::vector<std::size_t> splitRows_;
};

}  // namespace studio
