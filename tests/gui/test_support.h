#pragma once

// Helpers shared by the GUI tests: dataset paths, fixtures made with lstm-studio-cli, and
// waiting for MainWindow's asynchronous operations with QSignalSpy (never processEvents loops).

#include "shell/main_actions.h"
#include "shell/main_window.h"
#include "shell/studio_settings.h"
#include "workspace/model_panel.h"

#include <QAction>
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

namespace studio::test {

inline QString dataset(const char* name) { return QStringLiteral(STUDIO_SOURCE_DIR "/datasets/") + name; }

// What a run of lstm-studio-cli left: its standard output, and why it failed (its error
// output and exit code), empty on success, for QVERIFY2.
struct CliRun {
    QByteArray output;
    QString error;
    bool ok() const { return error.isEmpty(); }
};

// Runs the build's lstm-studio-cli with `args` and waits for it to end. The wait is longer
// than ctest gives a whole test program: a slow machine fails on ctest's timeout, not here.
inline CliRun runCli(const QStringList& args) {
    QProcess process;
    process.start(QStringLiteral(STUDIO_CLI), args);
    CliRun run;
    if (!process.waitForFinished(300000)) {
        run.error = process.errorString();
        return run;
    }
    run.output = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        run.error = QString::fromUtf8(process.readAllStandardError()) +
                    QStringLiteral(" (exit code %1)").arg(process.exitCode());
    return run;
}

// Trains sunspots_monthly.csv's sunspots with the CLI into the project folder `out`, with
// `options` such as --epochs and --window.
inline CliRun trainSunspots(const QString& out, const QStringList& options) {
    return runCli(QStringList{QStringLiteral("train"), QStringLiteral("--data"), dataset("sunspots_monthly.csv"),
                              QStringLiteral("--target"), QStringLiteral("sunspots")} +
                  options + QStringList{QStringLiteral("--out"), out});
}

// Writes a text of about 20 kB, a few sentences again and again, for the text tasks.
inline bool writeStory(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return false;
    const QByteArray sentences = "The cat sat on the mat. A dog ran in the park. Birds sing at dawn.\n";
    while (file.size() < 20000) file.write(sentences);
    return true;
}

// Settings of the tests stay apart from a user's, and from other test programs': each
// program starts from an empty settings file of its own, removed when it ends (windows
// save their session on close, and a later window would otherwise restore it).
inline void isolateSettings() {
    QCoreApplication::setOrganizationName(QStringLiteral("lstm-studio-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("lstm-studio-tests"));
    static QTemporaryDir dir;
    StudioSettings::useFile(dir.filePath(QStringLiteral("settings.ini")));
}

// Answers every question the window asks with `choice`; counts them in `*asked`.
inline MainWindow::Ask answerWith(MainWindow::Choice choice, int* asked = nullptr) {
    return [choice, asked](const QString&, const QList<MainWindow::Choice>& choices) {
        if (asked) ++*asked;
        return choices.contains(choice) ? choice : MainWindow::Choice::Cancel;
    };
}

inline bool openCsvAndWait(MainWindow& window, const QString& path) {
    QSignalSpy loaded(&window, &MainWindow::dataLoaded);
    window.openCsv(path);
    return loaded.wait(20000);
}

inline bool openProjectAndWait(MainWindow& window, const QString& dir) {
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    window.openProject(dir);
    return opened.wait(20000);
}

// The tool bar button a user clicks for an action.
inline QToolButton* buttonFor(MainWindow& window, QAction* action) {
    for (QToolBar* bar : window.findChildren<QToolBar*>())
        if (auto* button = qobject_cast<QToolButton*>(bar->widgetForAction(action))) return button;
    return nullptr;
}

inline void setSpin(MainWindow& window, const char* name, int value) {
    auto* box = window.modelPanel()->findChild<QSpinBox*>(QString::fromLatin1(name));
    QVERIFY2(box, name);
    box->setValue(value);
}

// Small, quick settings: the small preset, window 30, `epochs` epochs, no early stop.
inline void quickSettings(MainWindow& window, int epochs) {
    window.modelPanel()->setPreset(QStringLiteral("small"));
    setSpin(window, "window", 30);
    setSpin(window, "epochs", epochs);
    setSpin(window, "patience", 0);
}

// Opens `csv`, trains it for `epochs` epochs with quickSettings and waits for the end.
inline bool trainQuickly(MainWindow& window, const QString& csv, int epochs) {
    if (!openCsvAndWait(window, csv)) return false;
    quickSettings(window, epochs);
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    return window.startTraining() && finished.wait(120000);
}

inline int dataLines(const QString& csvPath) {
    QFile file(csvPath);
    if (!file.open(QIODevice::ReadOnly)) return -1;
    int lines = 0;
    while (!file.atEnd())
        if (!file.readLine().trimmed().isEmpty()) ++lines;
    return lines - 1;  // the header
}

}  // namespace studio::test
