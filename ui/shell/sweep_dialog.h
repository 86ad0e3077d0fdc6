#pragma once

#include <QDialog>
#include <QHash>
#include <QJsonArray>
#include <QProcess>
#include <QStringList>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace studio {

class ParallelCoordinates;

// Model > Sweep…: trains a grid of settings as runs of a project by running
// `lstm-studio-cli sweep` in a child process (the CLI trains the trials in processes of
// its own, in parallel, and makes the best one the current run). The form names up to
// three settings with comma-separated values, the mode (the whole grid, N random points
// of it, or successive halving), the trials at once and the epochs per trial. The CLI's
// stderr lines ("[k/n] r6 (hidden=8, lr=0.01): finished, val_loss 0.36") fill the
// progress bar and a table, one row per trial; at the end the dialog reads `runs --json`
// and draws the sweep's trials as parallel coordinates, the best one thick. Stop sends the
// CLI SIGINT: it stops its trials and keeps the finished ones. Closing the dialog stops a
// running sweep; destroying it also waits for the CLI (at most ~15 s). Auto search fills the
// form the way `train --auto` sizes its search (app/cli_runs.cpp's cliAutoSearch) for the
// budget in its spin box, starts it, and at its end keeps train --auto's rule: the best trial
// stays current only when its validation loss is below the first run's, else the first run
// is made current again (`runs --select`). sweep_dialog_auto.cpp. GUI thread only.
class SweepDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr int kParameters = 4;
    enum class Mode { Grid, Random, Halving, RandomHalving };

    SweepDialog(const QString& projectDir, const QString& cliPath, QWidget* parent = nullptr);
    ~SweepDialog() override;

    // Checks the form and starts the CLI; false (and the reason shown) when the form is
    // invalid or a sweep runs already. sweepFinished reports the end.
    bool start();
    // Asks a running sweep to stop (SIGINT); sweepFinished(false) follows.
    void stop();
    bool isRunning() const;
    // Fills the form as `train --auto` would search after the current run for the budget
    // (seconds) in the Auto spin box: window half/as is/twice the current run's (where every
    // split keeps 10 windows), hidden 32,64,128, layers 1,2, lr 0.001,0.003, successive
    // halving, random N sized from the current run's seconds per epoch, its seed. False (the
    // reason shown, the form unchanged) for a project with no current forecast run or a
    // budget too small for a search. Reads the project's files on the calling thread.
    bool fillAuto();
    // Auto search end to end: fillAuto, then start. At the end of the sweep the best trial
    // stays current only when its validation loss is below that of the run current before
    // the search (the first run); else the first run is made current again. autoSummary()
    // then says which run is current and why; sweepFinished reports the end. False (the
    // reason shown) as for fillAuto or start.
    bool startAuto();
    // The budget of Auto and Auto search, seconds (at least 1).
    void setAutoBudget(int seconds);
    // Whether the running (or last) sweep is an auto search.
    bool isAutoSearch() const { return run_.autoSearch; }
    // After an auto search: the run it made current (window, hidden, layers, learning rate)
    // and its validation loss against the first run's; or why it chose none.
    QString autoSummary() const { return run_.autoSummary; }

    // The CLI's arguments for the form, or the reason it cannot run (in *error).
    QStringList arguments(QString* error) const;
    QString sweepId() const { return run_.id; }
    QString errorText() const { return run_.error; }
    QString message() const;
    // The sweep's runs as `runs --json` printed them after the end.
    QJsonArray runs() const { return run_.runs; }
    ParallelCoordinates* chart() const { return chart_; }

Q_SIGNALS:
    // The CLI has begun sweep `sweepId` (e.g. "s1"); its trials are being started.
    void sweepStarted(const QString& sweepId);
    // ok: the sweep ran to the end (not failed, not stopped).
    void sweepFinished(bool ok);

protected:
    void reject() override;

private:
    struct Parameter {
        QString name;
        QStringList values;
    };
    QList<Parameter> parameters(QString* error) const;
    void buildForm();
    bool startSweep(bool autoSearch);
    void setRunning(bool running);
    void readErrors();
    void parseLine(const QString& line);
    void putTrial(const QString& run, const QHash<QString, QString>& values, const QString& status,
                  const QString& loss);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    // `runs --project <dir> --json` with `extra` options (e.g. --select ID): every run of the
    // project, or false with the reason in *error. Waits for the CLI (at most 30 s).
    bool runsCommand(const QStringList& extra, QJsonArray* runs, QString* error) const;
    bool loadRuns();
    void showRuns();
    // The end of an auto search: train --auto's choice between the best trial and the
    // first run, and the sentence that says it.
    void finishAuto(bool ok);
    void say(const QString& text, bool error = false);

    const QString dir_;
    const QString cli_;
    QWidget* form_ = nullptr;
    QComboBox* names_[kParameters] = {};
    QLineEdit* values_[kParameters] = {};
    QComboBox* mode_ = nullptr;
    QSpinBox* randomCount_ = nullptr;
    QSpinBox* jobs_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QSpinBox* autoBudget_ = nullptr;
    QPushButton* auto_ = nullptr;      // Auto search: fill, start, choose
    QPushButton* autoFill_ = nullptr;  // fill the form only
    QString seed_;  // --seed of a random draw, set by Auto (as train --auto's); empty: the CLI's
    QString autoFirst_;  // the current run when Auto last filled the form
    QPushButton* start_ = nullptr;
    QPushButton* stop_ = nullptr;
    QLabel* status_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QTableWidget* table_ = nullptr;
    ParallelCoordinates* chart_ = nullptr;
    QProcess* process_ = nullptr;

    // The running (or last) sweep.
    struct Run {
        QStringList swept;  // its settings, the table's and the chart's columns
        QString id;         // "s3", from the CLI's first line
        QString error;
        QString pending;  // stderr after its last newline
        QStringList errorLines;
        QString lastLine;
        QJsonArray runs;
        bool stopping = false;
        bool autoSearch = false;
        QString autoFirst;  // the run current before an auto search
        QString autoSummary;
    } run_;
};

}  // namespace studio
