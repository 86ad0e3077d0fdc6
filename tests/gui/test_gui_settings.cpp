// What a restart brings back (the GUI-polish issue): the last project or file, each task's
// Model panel as the user left it, the chart options, the docks and the window's size, and
// Recent in the order of the user's own opens. Every window here reads and writes a
// temporary settings file, one per test function, so the user's settings and the other
// tests' never mix in.

#include "../fixture_copy.h"
#include "shell/project_session.h"
#include "shell/studio_settings.h"
#include "test_support.h"
#include "widgets/training_charts.h"
#include "workspace/text_options_panel.h"
#include "workspace/text_workspace.h"

#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QTemporaryDir>

using namespace studio;

namespace {

QString clean(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }

template <class W>
W* field(QWidget* root, const char* name) {
    auto* w = root->findChild<W*>(QString::fromLatin1(name));
    if (!w) qWarning("no field %s", name);
    return w;
}

// Chooses the item whose data is `data`, as a user's pick from the list does.
bool choose(QWidget* root, const char* name, const QString& data) {
    auto* box = field<QComboBox>(root, name);
    const int index = box ? box->findData(data) : -1;
    if (index < 0) return false;
    box->setCurrentIndex(index);
    return true;
}

QString chosen(QWidget* root, const char* name) {
    auto* box = field<QComboBox>(root, name);
    return box ? box->currentData().toString() : QString();
}

int spin(QWidget* root, const char* name) {
    auto* box = field<QSpinBox>(root, name);
    return box ? box->value() : -1;
}

// Opens a file or a project folder as the command line and Recent do, and waits for it.
bool openAndWait(MainWindow& window, const QString& path) {
    QSignalSpy loaded(&window, &MainWindow::dataLoaded);
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    window.openPath(path);
    return ProjectSession::isProjectFolder(path) ? opened.wait(20000) : loaded.wait(20000);
}

}  // namespace

class TestGuiSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void restartBringsBackTheSession();
    void automaticOpenKeepsRecent();
    void projectSettingsWin();

private:
    QTemporaryDir dir_;
    QString story_;
};

void TestGuiSettings::initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    story_ = dir_.filePath(QStringLiteral("story.txt"));
    QVERIFY(test::writeStory(story_));
}

// A fresh, temporary settings file for each test function.
void TestGuiSettings::init() {
    StudioSettings::useFile(dir_.filePath(QString::fromLatin1(QTest::currentTestFunction()) + QStringLiteral(".ini")));
}

void TestGuiSettings::cleanupTestCase() { StudioSettings::useFile({}); }

void TestGuiSettings::restartBringsBackTheSession() {
    const QString sp500 = test::dataset("sp500_2000_2020.csv");
    const QString sunspots = test::dataset("sunspots_monthly.csv");
    QSize closedSize;
    {
        MainWindow window;
        window.show();
        window.resize(1500, 1250);  // above the window's minimum, unlike the first size
        // A language model first: its own settings, text options included.
        QVERIFY(openAndWait(window, story_));
        QVERIFY(window.task() == TaskKind::CharLm);
        ModelPanel* text = window.modelPanel();
        QVERIFY(spin(text, "hidden") != 24);
        test::setSpin(window, "hidden", 24);
        auto* chunk = field<QSpinBox>(window.textWorkspace()->options(), "chunk");
        QVERIFY(chunk && chunk->value() != 50);
        chunk->setValue(50);

        // Then two series; the forecast settings are edited after the second.
        QVERIFY(openAndWait(window, sp500));
        QVERIFY(openAndWait(window, sunspots));
        QVERIFY(window.task() == TaskKind::Forecast);
        ModelPanel* panel = window.modelPanel();
        test::setSpin(window, "window", 21);
        test::setSpin(window, "horizon", 3);
        test::setSpin(window, "hidden", 48);
        test::setSpin(window, "layers", 2);
        test::setSpin(window, "epochs", 7);
        QVERIFY(choose(panel, "scaler", QStringLiteral("zscore")));
        QVERIFY(choose(panel, "calendar", QStringLiteral("month")));
        field<QLineEdit>(panel, "lr")->setText(QStringLiteral("0.004"));
        QCOMPARE(panel->preset(), QStringLiteral("custom"));

        // Chart options and docks.
        QVERIFY(window.charts()->logScale());  // the default
        window.charts()->setLogScale(false);
        auto* runsDock = window.findChild<QDockWidget*>(QStringLiteral("runsDock"));
        QVERIFY(runsDock && runsDock->isVisible());
        runsDock->hide();
        closedSize = window.size();
        QVERIFY(window.close());
    }

    // The user's opens, most recent first; the last one is what a restart opens.
    StudioSettings settings;
    QCOMPARE(settings.recentFiles(), (QStringList{clean(sunspots), clean(sp500), clean(story_)}));
    const QString start = settings.startupPath(sp500);
    QCOMPARE(start, clean(sunspots));

    MainWindow window;
    window.show();
    ModelPanel* panel = window.modelPanel();
    QCOMPARE(spin(panel, "window"), 21);
    QCOMPARE(spin(panel, "horizon"), 3);
    QCOMPARE(spin(panel, "hidden"), 48);
    QCOMPARE(spin(panel, "layers"), 2);
    QCOMPARE(panel->epochs(), 7);
    QCOMPARE(panel->trainConfig().lr, 0.004);
    QCOMPARE(chosen(panel, "scaler"), QStringLiteral("zscore"));
    QCOMPARE(chosen(panel, "calendar"), QStringLiteral("month"));
    QCOMPARE(panel->preset(), QStringLiteral("custom"));
    QVERIFY(!window.charts()->logScale());
    QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("runsDock"))->isHidden());
    QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("modelDock"))->isVisible());
    QCOMPARE(window.size(), closedSize);
    QVERIFY(closedSize != QSize(1440, 900));  // the size of a first start

    // The automatic reopening: a new series would start from the automatic scaler, but
    // the user's settings stay; Recent does not move.
    QVERIFY(openAndWait(window, start));
    QCOMPARE(window.workspace()->dataPath(), clean(sunspots));
    QCOMPARE(chosen(panel, "scaler"), QStringLiteral("zscore"));
    QCOMPARE(spin(panel, "window"), 21);
    QCOMPARE(settings.recentFiles(), (QStringList{clean(sunspots), clean(sp500), clean(story_)}));

    // The language model's settings come back when a text opens, not its defaults.
    QVERIFY(openAndWait(window, story_));
    QVERIFY(window.task() == TaskKind::CharLm);
    QCOMPARE(spin(window.modelPanel(), "hidden"), 24);
    QCOMPARE(spin(window.textWorkspace()->options(), "chunk"), 50);
    QCOMPARE(settings.recentFiles(), (QStringList{clean(story_), clean(sunspots), clean(sp500)}));
    // And the forecast's again on the way back.
    QVERIFY(openAndWait(window, sp500));
    QCOMPARE(spin(window.modelPanel(), "window"), 21);
    QCOMPARE(settings.recentFiles(), (QStringList{clean(sp500), clean(story_), clean(sunspots)}));
}

// Nothing opened yet, or the last file is gone: the bundled series opens, and neither it
// nor a reopened last file pushes itself up Recent. The user's own open of it does.
void TestGuiSettings::automaticOpenKeepsRecent() {
    const QString sp500 = test::dataset("sp500_2000_2020.csv");
    const QString gone = dir_.filePath(QStringLiteral("gone.csv"));
    QVERIFY(QFile::copy(test::dataset("sunspots_monthly.csv"), gone));
    {
        MainWindow window;
        QVERIFY(openAndWait(window, story_));
        QVERIFY(openAndWait(window, gone));
        QVERIFY(window.close());
    }
    QVERIFY(QFile::remove(gone));
    StudioSettings settings;
    const QStringList before{clean(gone), clean(story_)};
    QCOMPARE(settings.recentFiles(), before);
    QCOMPARE(settings.startupPath(sp500), sp500);

    MainWindow window;
    QVERIFY(openAndWait(window, sp500));
    QCOMPARE(settings.recentFiles(), before);
    QCOMPARE(settings.lastPath(), clean(gone));
    // The user opens it: now it counts.
    QVERIFY(openAndWait(window, sp500));
    QCOMPARE(settings.recentFiles(), (QStringList{clean(sp500), clean(gone), clean(story_)}));
    QCOMPARE(settings.lastPath(), clean(sp500));
}

// A project shows the settings it was trained with, whatever the user last set; a restart
// reopens the project and still shows its settings.
void TestGuiSettings::projectSettingsWin() {
    const QString project = dir_.filePath(QStringLiteral("forecast_lstm"));
    QVERIFY(test::copyFixtureProject(QStringLiteral("v1"), QStringLiteral("forecast_lstm"), project));
    {
        MainWindow window;
        QVERIFY(openAndWait(window, test::dataset("sunspots_monthly.csv")));
        test::setSpin(window, "window", 21);
        test::setSpin(window, "hidden", 48);
        QVERIFY(openAndWait(window, project));
        QCOMPARE(window.projectDir(), clean(project));
        QCOMPARE(spin(window.modelPanel(), "window"), 12);  // the project's
        QCOMPARE(spin(window.modelPanel(), "hidden"), 8);
        QVERIFY(window.close());
    }
    StudioSettings settings;
    const QString start = settings.startupPath(test::dataset("sp500_2000_2020.csv"));
    QCOMPARE(start, clean(project));
    MainWindow window;
    QCOMPARE(spin(window.modelPanel(), "window"), 21);  // the user's, until the project opens
    QVERIFY(openAndWait(window, start));
    QCOMPARE(window.projectDir(), clean(project));
    QCOMPARE(spin(window.modelPanel(), "window"), 12);
    QCOMPARE(spin(window.modelPanel(), "hidden"), 8);
    QCOMPARE(settings.recentFiles().value(0), clean(project));
}

QTEST_MAIN(TestGuiSettings)
#include "test_gui_settings.moc"
