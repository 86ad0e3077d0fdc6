#pragma once

#include "project/run_ledger.h"
#include "tasks/train_params.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <vector>

class QCustomPlot;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace studio {

// The Runs dock: the project's runs (jobs/runs.h) in a sortable table (star, id, start,
// duration, status, epochs, validation loss, the test metrics, the settings that differ
// between runs, notes), a filter, and for the runs selected their validation-loss curves
// and (forecasts) test predictions overlaid. Make Current, Use These Settings, Rerun,
// Star and Delete act on the selection; Delete asks first. The ledger is read on the GUI
// thread (a query of a few rows); reruns are MainWindow's to run. GUI thread only.
class RunsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(QWidget* parent = nullptr);

    // Shows the runs of the project in `dir` (empty or no project: none).
    void setProject(const QString& dir);
    void refresh();
    QString projectDir() const { return dir_; }
    // The ids of the runs selected, in table order.
    QStringList selectedRuns() const;
    void selectRuns(const QStringList& ids);
    // How Delete asks (a message box by default); tests answer themselves.
    void setConfirm(std::function<bool(const QString& question)> confirm) { confirm_ = std::move(confirm); }
    // Runs that could not be read, or an action that failed: said in the panel.
    QString problem() const;
    QTableWidget* table() const { return table_; }
    QCustomPlot* lossPlot() const { return lossPlot_; }
    QCustomPlot* predictionPlot() const { return predictionPlot_; }
    // Locks the actions that write the project (a training run holds it).
    void setBusy(bool busy);

Q_SIGNALS:
    void currentRunChanged(const QString& id);  // Make Current: the project's files are this run's now
    void settingsChosen(const studio::TrainingJobConfig& job);
    void rerunRequested(const QString& id);

private:
    void rebuildTable();
    QStringList headerLabels() const;  // the table's column names, in the language shown
    // The texts of a run's star and id cells: the tips and the id's " (current)".
    static void setRunTexts(QTableWidgetItem* star, QTableWidgetItem* id, QTableWidgetItem* status, const LedgerRun& r);
    // The headers and cells that follow the language, in the table as it is (selection, order, widths kept).
    void retranslateTable();
    void applyFilter();
    void onSelectionChanged();
    void drawSelection();
    void makeCurrent();
    void useSettings();
    void toggleStar();
    void deleteSelected();
    void onItemChanged(int row, int column);
    void fail(const QString& message);
    void updateButtons();

    QString dir_;
    std::vector<LedgerRun> runs_;
    QStringList metricNames_, paramNames_;
    bool busy_ = false;
    bool filling_ = false;
    QLineEdit* filter_ = nullptr;
    QTableWidget* table_ = nullptr;
    QCustomPlot* lossPlot_ = nullptr;
    QCustomPlot* predictionPlot_ = nullptr;
    QPushButton* current_ = nullptr;
    QPushButton* settings_ = nullptr;
    QPushButton* rerun_ = nullptr;
    QPushButton* star_ = nullptr;
    QPushButton* delete_ = nullptr;
    QWidget* problemLabel_ = nullptr;
    QString problem_;
    std::function<bool(const QString&)> confirm_;
};

}  // namespace studio
