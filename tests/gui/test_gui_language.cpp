// View > Language: the window switches to Simplified Chinese at once and back, every widget
// retranslating itself; menus, the docks, the model panel, the charts' axis labels and a dialog
// opened afterwards speak Chinese (Qt's own buttons too); nothing is cut at 1280x720; the choice
// is remembered.

#include "shell/continue_dialog.h"
#include "shell/language.h"
#include "test_support.h"
#include "widgets/training_charts.h"

#include <QAbstractButton>
#include <QActionGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QStyleOptionComboBox>
#include <QTabBar>
#include <QTemporaryDir>

#include <qcustomplot.h>

using namespace studio;

namespace {

// True when `text` holds a CJK ideograph: it was translated, not left in English.
bool chinese(const QString& text) {
    for (const QChar c : text)
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
    return false;
}

QStringList menuTitles(MainWindow& window) {
    QStringList titles;
    for (QAction* action : window.menuBar()->actions()) titles << action->text();
    return titles;
}

QAction* languageAction(MainWindow& window, const QString& code) {
    return window.findChild<QAction*>(QStringLiteral("language_") + code);
}

// The visible charts' axis labels, non-empty ones only.
QStringList axisLabels(QWidget* root) {
    QStringList labels;
    for (QCustomPlot* plot : root->findChildren<QCustomPlot*>()) {
        if (!plot->isVisible()) continue;
        for (QCPAxis* axis : plot->axisRect()->axes())
            if (axis->visible() && !axis->label().isEmpty()) labels << axis->label();
    }
    return labels;
}

QString plain(QString text) { return text.remove(QLatin1Char('&')); }

// Pending layouts done, and what the window queued for later (a panel filled on the next
// pass of the event loop): checked at once, a combo box could still have its first, tiny
// size on a busy machine.
void settle() {
    for (int pass = 0; pass < 3; ++pass) {
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    }
}

// Every visible text of the window whole: labels and buttons at least as wide as their text
// needs (and wrapped labels as tall), tabs and combo boxes wide enough for their text. Counts
// the texts it checked into `*checked`.
void checkNothingCut(MainWindow& window, int* checked) {
    for (QLabel* label : window.findChildren<QLabel*>()) {
        if (!label->isVisible() || label->text().isEmpty() || label->textFormat() == Qt::RichText) continue;
        ++*checked;
        const QString name = QStringLiteral("label '%1'").arg(label->text().left(40));
        if (label->wordWrap()) {
            QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                     qPrintable(name + QStringLiteral(": %1 px high, needs %2")
                                           .arg(label->height())
                                           .arg(label->heightForWidth(label->width()))));
        } else {
            QVERIFY2(label->width() >= label->minimumSizeHint().width(),
                     qPrintable(name + QStringLiteral(": %1 px wide, needs %2")
                                           .arg(label->width())
                                           .arg(label->minimumSizeHint().width())));
        }
    }
    for (QAbstractButton* button : window.findChildren<QAbstractButton*>()) {
        if (!button->isVisible() || button->text().isEmpty() || qobject_cast<QTabBar*>(button->parentWidget()))
            continue;
        ++*checked;
        QVERIFY2(button->width() >= button->minimumSizeHint().width(),
                 qPrintable(QStringLiteral("button '%1': %2 px wide, needs %3")
                                .arg(button->text())
                                .arg(button->width())
                                .arg(button->minimumSizeHint().width())));
    }
    for (QTabBar* bar : window.findChildren<QTabBar*>()) {
        if (!bar->isVisible()) continue;
        for (int i = 0; i < bar->count(); ++i) {
            ++*checked;
            const int needs = bar->fontMetrics().horizontalAdvance(plain(bar->tabText(i)));
            QVERIFY2(bar->tabRect(i).width() >= needs, qPrintable(QStringLiteral("tab '%1': %2 px wide, its text %3")
                                                                      .arg(bar->tabText(i))
                                                                      .arg(bar->tabRect(i).width())
                                                                      .arg(needs)));
        }
    }
    for (QComboBox* box : window.findChildren<QComboBox*>()) {
        if (!box->isVisible() || box->currentText().isEmpty()) continue;
        ++*checked;
        QStyleOptionComboBox option;
        option.initFrom(box);
        option.editable = box->isEditable();
        option.frame = box->hasFrame();
        const QRect field =
            box->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, box);
        const int needs = box->fontMetrics().horizontalAdvance(box->currentText());
        QVERIFY2(field.width() >= needs, qPrintable(QStringLiteral("combo box '%1': %2 px for a text of %3")
                                                        .arg(box->currentText())
                                                        .arg(field.width())
                                                        .arg(needs)));
    }
}

}  // namespace

class TestGuiLanguage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void startupLanguage();
    void switchesAtOnce();
    void nothingCutInChinese();

private:
    bool showProject(MainWindow& window);

    QTemporaryDir dir_;
    QString project_;  // sunspots, trained by the CLI: the results tabs filled
};

void TestGuiLanguage::initTestCase() {
    test::isolateSettings();
    QCoreApplication::setApplicationName(QStringLiteral("lstm-studio-tests-language"));
    project_ = dir_.filePath(QStringLiteral("sunspots"));
    const test::CliRun train = test::trainSunspots(project_, {"--epochs", "2", "--window", "24", "--hidden", "16"});
    QVERIFY2(train.ok(), qPrintable(train.error));
}

// The window at 1280x720, shown, with the project open and laid out.
bool TestGuiLanguage::showProject(MainWindow& window) {
    window.resize(1280, 720);
    window.show();
    const bool ok = QTest::qWaitForWindowExposed(&window) && test::openProjectAndWait(window, project_);
    settle();
    return ok;
}

void TestGuiLanguage::cleanup() { setInterfaceLanguage(QStringLiteral("en")); }

void TestGuiLanguage::startupLanguage() {
    QCOMPARE(studio::startupLanguage(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QCOMPARE(studio::startupLanguage(QStringLiteral("en")), QStringLiteral("en"));
    // A code that is no interface language falls back to the system's, which is one of them.
    QStringList codes;
    for (const InterfaceLanguage& language : interfaceLanguages()) codes << language.code;
    QVERIFY(codes.contains(studio::startupLanguage(QStringLiteral("tlh"))));
    QVERIFY(!setInterfaceLanguage(QStringLiteral("tlh")));  // no such translation: nothing changes
    QCOMPARE(currentInterfaceLanguage(), QStringLiteral("en"));
}

void TestGuiLanguage::switchesAtOnce() {
    MainWindow window;
    QVERIFY(showProject(window));

    const QStringList english = menuTitles(window);
    QCOMPARE(english, (QStringList{"&File", "&Model", "&View", "&Help"}));
    auto* modelDock = window.findChild<QDockWidget*>(QStringLiteral("modelDock"));
    QVERIFY(modelDock);
    const QString modelTitle = modelDock->windowTitle();
    auto* window_ = window.findChild<QSpinBox*>(QStringLiteral("window"));
    QVERIFY(window_);
    auto* form = qobject_cast<QFormLayout*>(window_->parentWidget()->layout());
    QVERIFY(form);
    auto* windowLabel = qobject_cast<QLabel*>(form->labelForField(window_));
    QVERIFY(windowLabel);
    const QString windowText = windowLabel->text();
    const QString windowTip = window_->toolTip();
    auto* charts = window.findChild<TrainingCharts*>();
    QVERIFY(charts);
    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("centreTabs"));
    QVERIFY(tabs);
    tabs->setCurrentWidget(window.findChild<QWidget*>(QStringLiteral("trainingPage")));  // the project shows results
    const QStringList englishAxes = axisLabels(charts);
    QVERIFY(!englishAxes.isEmpty());
    for (const QString& label : englishAxes) QVERIFY2(!chinese(label), qPrintable(label));

    QAction* zh = languageAction(window, QStringLiteral("zh_CN"));
    QVERIFY(zh);
    QVERIFY(languageAction(window, QStringLiteral("en"))->isChecked());
    zh->trigger();
    QCOMPARE(currentInterfaceLanguage(), QStringLiteral("zh_CN"));
    QVERIFY(zh->isChecked());
    QCOMPARE(StudioSettings().language(), QStringLiteral("zh_CN"));  // remembered for the next start

    // The menus, a dock, a form's label and tooltip, and every axis label of the training charts.
    const QStringList titles = menuTitles(window);
    QCOMPARE(titles.size(), english.size());
    for (const QString& title : titles) QVERIFY2(chinese(title), qPrintable(title));
    QVERIFY2(titles.first().contains(QStringLiteral("(&F)")), qPrintable(titles.first()));  // the same mnemonic
    QVERIFY2(chinese(modelDock->windowTitle()) && modelDock->windowTitle() != modelTitle,
             qPrintable(modelDock->windowTitle()));
    QVERIFY2(chinese(windowLabel->text()), qPrintable(windowLabel->text()));
    QVERIFY2(chinese(window_->toolTip()), qPrintable(window_->toolTip()));
    const QStringList chineseAxes = axisLabels(charts);
    QCOMPARE(chineseAxes.size(), englishAxes.size());
    for (const QString& label : chineseAxes) QVERIFY2(chinese(label), qPrintable(label));
    for (QAction* action : window.findChild<QMenu*>(QStringLiteral("languageMenu"))->actions())
        QVERIFY(!action->text().isEmpty());  // each language named in itself

    // A dialog opened now: its own texts and Qt's standard buttons in Chinese.
    {
        ContinueDialog dialog(2, 5, &window);
        QVERIFY2(chinese(dialog.windowTitle()), qPrintable(dialog.windowTitle()));
        auto* buttons = dialog.findChild<QDialogButtonBox*>();
        QVERIFY(buttons);
        const QString cancel = buttons->button(QDialogButtonBox::Cancel)->text();
        QVERIFY2(chinese(cancel), qPrintable(cancel + QStringLiteral(": Qt's own translation (qtbase_zh_CN.qm)")));
        QVERIFY2(chinese(buttons->button(QDialogButtonBox::Ok)->text()),
                 qPrintable(buttons->button(QDialogButtonBox::Ok)->text()));
    }

    // And back, at once: the same English texts as before.
    languageAction(window, QStringLiteral("en"))->trigger();
    QCOMPARE(currentInterfaceLanguage(), QStringLiteral("en"));
    QCOMPARE(menuTitles(window), english);
    QCOMPARE(modelDock->windowTitle(), modelTitle);
    QCOMPARE(windowLabel->text(), windowText);
    QCOMPARE(window_->toolTip(), windowTip);
    QCOMPARE(axisLabels(charts), englishAxes);
    QCOMPARE(StudioSettings().language(), QStringLiteral("en"));
}

void TestGuiLanguage::nothingCutInChinese() {
    QVERIFY(setInterfaceLanguage(QStringLiteral("zh_CN")));
    MainWindow window;
    QVERIFY(showProject(window));
    QVERIFY2(window.minimumSizeHint().width() <= 1280 && window.minimumSizeHint().height() <= 720,
             qPrintable(QStringLiteral("minimum size %1x%2")
                            .arg(window.minimumSizeHint().width())
                            .arg(window.minimumSizeHint().height())));
    QCOMPARE(window.size(), QSize(1280, 720));
    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("centreTabs"));
    QVERIFY(tabs);
    for (int page = 0; page < tabs->count(); ++page) {
        tabs->setCurrentIndex(page);
        settle();
        int checked = 0;
        checkNothingCut(window, &checked);
        if (QTest::currentTestFailed()) return;
        QVERIFY2(checked >= 40, qPrintable(QStringLiteral("only %1 texts in view").arg(checked)));
    }
    // The same window switched at run time, not built in Chinese, lays out as well.
    languageAction(window, QStringLiteral("en"))->trigger();
    languageAction(window, QStringLiteral("zh_CN"))->trigger();
    settle();
    int checked = 0;
    checkNothingCut(window, &checked);
    QVERIFY2(checked >= 40, qPrintable(QStringLiteral("only %1 texts in view").arg(checked)));
}

QTEST_MAIN(TestGuiLanguage)
#include "test_gui_language.moc"
