#pragma once

#include <QObject>

class QAction;
class QActionGroup;
class QMenu;
class QMenuBar;
class QToolBar;
class QWidget;

namespace studio {

// The main window's actions with their texts, shortcuts and icons, and the menus and
// tool bar built from them. Actions marked "later" exist, disabled, for features that a
// later version enables. GUI thread only.
class MainActions : public QObject {
    Q_OBJECT
public:
    explicit MainActions(QWidget* window);

    // File
    QAction* openCsv = nullptr;
    QAction* openText = nullptr;  // classification CSV or language-model text
    QAction* openProject = nullptr;
    QAction* saveProject = nullptr;
    QAction* saveProjectAs = nullptr;
    QAction* exportOnnx = nullptr;
    QAction* exportView = nullptr;  // the chart or table last clicked (ExportMenu)
    QAction* quit = nullptr;
    // Model
    QAction* train = nullptr;
    QAction* pause = nullptr;  // checkable: checked while paused
    QAction* stop = nullptr;
    QAction* continueTraining = nullptr;
    QAction* evaluate = nullptr;
    QAction* forecastAhead = nullptr;     // forecast past the last row (the Forecast tab)
    QAction* forecastFromFile = nullptr;  // the same from another CSV file with the project's columns
    QAction* quantize = nullptr;
    QAction* benchmark = nullptr;
    QAction* sweep = nullptr;
    QAction* autoSearch = nullptr;  // the Sweep dialog's Auto Search, started at once
    QAction* backtest = nullptr;
    QAction* importance = nullptr;  // Feature Importance…, forecast projects
    QAction* inspect = nullptr;     // Inspect…: the gates inside the LSTM
    // Help
    QAction* about = nullptr;
    QAction* aboutQt = nullptr;

    // View > Language: one checkable action per interface language, its data the language's code ("zh_CN");
    // the one in effect is checked. Made by populateMenus.
    QActionGroup* languages = nullptr;

    // Adds File, Model, View and Help menus; `recent` goes into File, `viewActions`
    // (the docks' toggles) and the Language menu into View.
    void populateMenus(QMenuBar* bar, QMenu* recent, const QList<QAction*>& viewActions);
    void populateToolBar(QToolBar* bar) const;
    // Pause reads "Resume", with a play icon, while the run is paused.
    void showPaused(bool paused);

private:
    QAction* make();
    static void setTexts(QAction* action, const QString& text, const QString& statusTip);
};

}  // namespace studio
