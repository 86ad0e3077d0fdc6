// Project folders: a GUI-trained project saved and opened again, and a project written
// by lstm-studio-cli opened, continued and evaluated in the window.

#include "data/csv_reader.h"
#include "workspace/data_panel.h"
#include "shell/continue_dialog.h"
#include "shell/message_bar.h"
#include "shell/runs_panel.h"
#include "workspace/prediction_view.h"
#include "tasks/forecast/forecast_project.h"
#include "shell/studio_settings.h"
#include "test_support.h"
#include "widgets/training_charts.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QTimer>
#include <QLineEdit>
#include <QMimeData>
#include <QTableWidget>
#include <QTemporaryDir>

#include <cmath>

using namespace studio;

namespace {

// predictions.csv rows, read with core's own reader as the oracle.
int predictionRows(const QString& dir) {
    return static_cast<int>(readCsv(QDir(dir).filePath(QStringLiteral("predictions.csv")).toStdString()).rowCount());
}

bool near(double a, double b) { return std::abs(a - b) <= 1e-4 * std::max(1.0, std::abs(b)); }

}  // namespace

class TestGuiProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void saveAndOpenAgain();
    void openCliProject();
    void notAProject();
    void dropAFileOnTheWindow();
    void newDataLeavesTheSavedProject();
    void unsavedModelIsNotDiscardedUnasked();
    void trainingAgainAddsARun();
    void saveAsCreatesTheFolder();

private:
    QTemporaryDir dir_;
};

void TestGuiProject::saveAndOpenAgain() {
    const QString saved = dir_.filePath(QStringLiteral("saved-project"));
    int predictions = 0;
    {
        MainWindow window;
        QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
        test::quickSettings(window, 2);
        test::setSpin(window, "hidden", 32);
        QVERIFY(!window.actions().saveProject->isEnabled());  // nothing trained yet
        QSignalSpy finished(&window, &MainWindow::trainingFinished);
        QVERIFY(window.startTraining());
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().first().toBool(), true);
        const QString temporary = window.projectDir();
        QVERIFY(window.isProjectTemporary());
        predictions = window.predictionView()->predictionCount();
        QCOMPARE(predictions, predictionRows(temporary));

        QVERIFY(window.saveProjectTo(saved));
        QVERIFY(!window.isProjectTemporary());
        QCOMPARE(window.projectDir(), QDir::cleanPath(saved));
        for (const QString& name : ProjectSession::fileNames())
            QVERIFY2(QFileInfo::exists(QDir(saved).filePath(name)), qPrintable(name));
        QCOMPARE(loadProjectFile(saved.toStdString()).epochsDone, 2);
    }

    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, saved));
    QCOMPARE(window.projectDir(), QDir::cleanPath(saved));
    QCOMPARE(window.charts()->epochPointCount(), 2);
    QCOMPARE(window.charts()->batchPointCount(), 0);  // batches are not part of a project
    QCOMPARE(window.predictionView()->predictionCount(), predictions);
    // The settings come back with the project.
    QCOMPARE(window.modelPanel()->modelSpec().hidden, 32);
    QCOMPARE(window.modelPanel()->seriesSpec().window, 30);
    QCOMPARE(window.modelPanel()->epochs(), 2);
    QCOMPARE(window.dataPanel()->roles().target(), QStringLiteral("sunspots"));
    QVERIFY(window.dataPanel()->filePath().endsWith(QStringLiteral("sunspots_monthly.csv")));
    const ProjectMetrics metrics = loadMetrics(saved.toStdString());
    QVERIFY(near(window.predictionView()->metricText(0, 0).toDouble(), metrics.model.mae));
    QVERIFY(near(window.predictionView()->metricText(0, 1).toDouble(), metrics.naive.mae));
    QVERIFY(window.actions().continueTraining->isEnabled());
    QCOMPARE(StudioSettings().recentFiles().value(0), QDir::cleanPath(saved));
}

void TestGuiProject::openCliProject() {
    const QString out = dir_.filePath(QStringLiteral("cli-project"));
    const test::CliRun train = test::trainSunspots(out, {"--epochs", "2", "--window", "30"});
    QVERIFY2(train.ok(), qPrintable(train.error));

    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, out));
    const std::vector<EpochStats> history = loadHistory(out.toStdString());
    QCOMPARE(history.size(), std::size_t(2));
    QCOMPARE(window.charts()->epochPointCount(), 2);
    QCOMPARE(window.charts()->lastValidationLoss(), history.back().valLoss);
    const int rows = predictionRows(out);
    QVERIFY(rows > 400);
    QCOMPARE(window.predictionView()->predictionCount(), rows);
    // The truth line comes from the data file: the test split plus the first window's inputs.
    QCOMPARE(window.predictionView()->truthPointCount(), rows + 30);
    const ProjectMetrics metrics = loadMetrics(out.toStdString());
    QVERIFY(near(window.predictionView()->metricText(0, 0).toDouble(), metrics.model.mae));
    QVERIFY(near(window.predictionView()->metricText(1, 0).toDouble(), metrics.model.rmse));
    QCOMPARE(window.dataPanel()->roles().target(), QStringLiteral("sunspots"));
    QCOMPARE(window.dataPanel()->roles().time(), QStringLiteral("month"));

    // Evaluate recomputes the same metrics from the saved model.
    QSignalSpy evaluated(&window, &MainWindow::evaluationFinished);
    QVERIFY(window.startEvaluation());
    QVERIFY(evaluated.wait(60000));
    QCOMPARE(evaluated.first().first().toBool(), true);
    QCOMPARE(window.predictionView()->predictionCount(), rows);
    QVERIFY(near(window.predictionView()->metricText(0, 0).toDouble(), metrics.model.mae));

    // Model > Continue Training… asks for more epochs, as many again as the project's
    // training by default, and says the total; one more takes the CLI's project to 3.
    test::setSpin(window, "epochs", 1);  // the model panel's Epochs no longer matters
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    window.actions().continueTraining->trigger();
    auto* dialog = window.findChild<ContinueDialog*>();
    QVERIFY(dialog);
    QCOMPARE(dialog->moreEpochs(), 2);
    QCOMPARE(dialog->totalEpochs(), 4);
    QVERIFY2(dialog->totalText().contains(QStringLiteral("trained 2 epoch")) &&
                 dialog->totalText().contains(QStringLiteral("4 in all")),
             qPrintable(dialog->totalText()));
    dialog->setMoreEpochs(1);
    QVERIFY2(dialog->totalText().contains(QStringLiteral("3 in all")), qPrintable(dialog->totalText()));
    dialog->accept();
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(window.lastResult()->train.epochsDone, 3);
    QCOMPARE(window.charts()->epochPointCount(), 3);
    QCOMPARE(loadProjectFile(out.toStdString()).epochsDone, 3);
    QCOMPARE(window.predictionView()->predictionCount(), rows);
}

// Every file of a folder with its bytes.
QMap<QString, QByteArray> snapshot(const QString& dir) {
    QMap<QString, QByteArray> files;
    for (const QFileInfo& f : QDir(dir).entryInfoList(QDir::Files | QDir::Hidden)) {
        QFile file(f.filePath());
        if (file.open(QIODevice::ReadOnly)) files.insert(f.fileName(), file.readAll());
    }
    files.remove(QStringLiteral(".lstm-studio.lock"));  // names its last holder, no project data
    return files;
}

// Save Project, then Open CSV of another series and Train: the saved project stays as it
// was (it used to be retargeted to the new data and overwritten); the new run is a new,
// unsaved project, and nothing of the old one (Evaluate, Continue) applies to the new data.
void TestGuiProject::newDataLeavesTheSavedProject() {
    const QString saved = dir_.filePath(QStringLiteral("kept-project"));
    MainWindow window;
    QVERIFY(test::trainQuickly(window, test::dataset("sunspots_monthly.csv"), 1));
    QVERIFY(window.saveProjectTo(saved));
    const auto before = snapshot(saved);
    QVERIFY(before.contains(QStringLiteral("model.pt")));

    QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
    QVERIFY(window.isProjectTemporary());
    QVERIFY(window.projectDir() != QDir::cleanPath(saved));
    QVERIFY(!window.actions().evaluate->isEnabled());
    QVERIFY(!window.actions().continueTraining->isEnabled());
    test::quickSettings(window, 1);
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    QVERIFY(window.startTraining());
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(loadProjectFile(window.projectDir().toStdString()).dataPath.find("sp500") != std::string::npos);
    const auto after = snapshot(saved);
    QCOMPARE(after.keys(), before.keys());
    for (const QString& name : before.keys()) QVERIFY2(after[name] == before[name], qPrintable(name + " changed"));
}

// A trained, unsaved model: Open CSV, Open Text and Quit ask first; Cancel keeps all as
// it was, Discard goes on. A run stopped in its first epoch says the model is still there.
void TestGuiProject::unsavedModelIsNotDiscardedUnasked() {
    MainWindow window;
    int asked = 0;
    window.setAsk(test::answerWith(MainWindow::Choice::Cancel, &asked));
    window.show();
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    test::quickSettings(window, 1);
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    QVERIFY(window.startTraining());
    QVERIFY(finished.wait(120000));
    const QString trained = window.projectDir();
    QVERIFY(window.isProjectTemporary());

    // Cancel: nothing opens, the model stays.
    QSignalSpy loaded(&window, &MainWindow::dataLoaded);
    window.openCsv(test::dataset("sp500_2000_2020.csv"));
    window.openText(test::dataset("pride_and_prejudice.txt"));
    QVERIFY(!loaded.wait(1500));
    QCOMPARE(asked, 2);
    QVERIFY(window.dataPanel()->filePath().endsWith(QStringLiteral("sunspots_monthly.csv")));
    QCOMPARE(window.projectDir(), trained);
    QVERIFY(window.actions().evaluate->isEnabled());
    // Quit is refused the same way.
    QVERIFY(!window.close());
    QCOMPARE(asked, 3);
    QVERIFY(window.isVisible());

    // Training again adds a run to the unsaved project and replaces nothing: no question.
    // Stopped in its first epoch, the run says the model from before is still the project's.
    test::quickSettings(window, 500);
    finished.clear();
    QVERIFY(window.startTraining());
    QCOMPARE(asked, 3);
    window.stopTraining();
    QVERIFY(finished.wait(120000));
    if (!finished.first().first().toBool())  // stopped before its first epoch ended
        QVERIFY2(window.messageBar()->text().contains(QStringLiteral("keeps the model it had before")),
                 qPrintable(window.messageBar()->text()));
    QVERIFY(QFileInfo::exists(QDir(trained).filePath(QStringLiteral("model.pt"))));
    QVERIFY(QFileInfo::exists(QDir(trained).filePath(QStringLiteral("runs/r1/model.pt"))));
    window.setAsk(test::answerWith(MainWindow::Choice::Discard, &asked));
    // And Open CSV goes on after Discard.
    QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
    QCOMPARE(asked, 4);
}

// Training again into a saved project adds a run there: the first run's files stay as
// they were, the new run becomes current, and the Runs dock lists both.
void TestGuiProject::trainingAgainAddsARun() {
    const QString saved = dir_.filePath(QStringLiteral("runs-project"));
    MainWindow window;
    int asked = 0;
    window.setAsk(test::answerWith(MainWindow::Choice::Cancel, &asked));
    QVERIFY(test::trainQuickly(window, test::dataset("sunspots_monthly.csv"), 1));
    QVERIFY(window.saveProjectTo(saved));
    const auto before = snapshot(saved + QStringLiteral("/runs/r1"));
    QVERIFY(before.contains(QStringLiteral("model.pt")));

    test::setSpin(window, "epochs", 2);
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    QVERIFY(window.startTraining());
    QVERIFY(finished.wait(120000));
    QCOMPARE(asked, 0);
    QCOMPARE(window.projectDir(), QDir::cleanPath(saved));
    QCOMPARE(snapshot(saved + QStringLiteral("/runs/r1")), before);
    QCOMPARE(loadProjectFile(saved.toStdString()).epochsDone, 2);
    QCOMPARE(window.runsPanel()->table()->rowCount(), 2);
}

void TestGuiProject::notAProject() {
    MainWindow window;
    QSignalSpy failed(&window, &MainWindow::openFailed);
    window.openProject(dir_.path());
    QVERIFY(failed.wait(20000));
    QVERIFY(window.messageBar()->text().contains(QStringLiteral("not an LSTM Studio project")));
    QVERIFY(!window.actions().saveProject->isEnabled());
    QVERIFY(window.isProjectTemporary());
}

void TestGuiProject::dropAFileOnTheWindow() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMimeData image;
    image.setUrls({QUrl::fromLocalFile(dir_.filePath(QStringLiteral("picture.png")))});
    QDragEnterEvent refused(QPoint(20, 20), Qt::CopyAction, &image, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &refused);
    QVERIFY(!refused.isAccepted());

    QMimeData csv;
    csv.setUrls({QUrl::fromLocalFile(test::dataset("sunspots_monthly.csv"))});
    QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &csv, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy loaded(&window, &MainWindow::dataLoaded);
    QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &csv, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QVERIFY(loaded.wait(20000));
    QCOMPARE(window.dataPanel()->targetPointCount(), test::dataLines(test::dataset("sunspots_monthly.csv")));
    QCOMPARE(window.dataPanel()->roles().target(), QStringLiteral("sunspots"));
}

// Save Project As… takes the name of a folder that does not exist yet, as a user types it
// in the dialog, and saves the project into it (it used to say "Directory not found").
void TestGuiProject::saveAsCreatesTheFolder() {
    const QString target = dir_.filePath(QStringLiteral("typed name"));
    QVERIFY(!QFileInfo::exists(target));
    MainWindow window;
    QVERIFY(test::trainQuickly(window, test::dataset("sunspots_monthly.csv"), 1));
    QString suggested;
    QTimer answer;
    QObject::connect(&answer, &QTimer::timeout, &window, [&] {
        auto* files = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (!files) return;
        answer.stop();
        suggested = files->selectedFiles().value(0);
        if (QWidget* focused = QApplication::focusWidget()) focused->clearFocus();
        files->selectFile(target);
        static_cast<QDialog*>(files)->accept();  // as the Save button
    });
    answer.start(50);
    window.actions().saveProjectAs->trigger();
    QVERIFY2(QFileInfo(suggested).fileName() == QStringLiteral("sunspots_monthly project"), qPrintable(suggested));
    QVERIFY(!window.isProjectTemporary());
    QCOMPARE(window.projectDir(), QDir::cleanPath(target));
    QVERIFY(QFileInfo::exists(QDir(target).filePath(QStringLiteral("project.json"))));
    QVERIFY(QFileInfo::exists(QDir(target).filePath(QStringLiteral("model.pt"))));
}

QTEST_MAIN(TestGuiProject)
#include "test_gui_project.moc"
