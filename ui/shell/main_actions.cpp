#include "shell/main_actions.h"

#include "shell/language.h"
#include "widgets/retranslate.h"

#include <QAction>
#include <QActionGroup>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>
#include <QWidget>

namespace studio {

MainActions::MainActions(QWidget* window) : QObject(window) {
    QStyle* style = window->style();
    openCsv = make();
    openCsv->setShortcut(QKeySequence::Open);
    openCsv->setIcon(style->standardIcon(QStyle::SP_DialogOpenButton));
    openText = make();
    openProject = make();
    openProject->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openProject->setIcon(style->standardIcon(QStyle::SP_DirOpenIcon));
    saveProject = make();
    saveProject->setShortcut(QKeySequence::Save);
    saveProject->setIcon(style->standardIcon(QStyle::SP_DialogSaveButton));
    saveProjectAs = make();
    saveProjectAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    exportOnnx = make();
    exportOnnx->setEnabled(false);
    exportView = make();
    quit = make();
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    train = make();
    train->setShortcuts({QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_Return)});
    train->setIcon(style->standardIcon(QStyle::SP_MediaPlay));
    pause = make();
    pause->setCheckable(true);
    pause->setShortcut(QKeySequence(Qt::Key_F6));
    pause->setIcon(style->standardIcon(QStyle::SP_MediaPause));
    stop = make();
    stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    stop->setIcon(style->standardIcon(QStyle::SP_MediaStop));
    continueTraining = make();
    continueTraining->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F5));
    continueTraining->setIcon(style->standardIcon(QStyle::SP_MediaSeekForward));
    evaluate = make();
    evaluate->setShortcut(QKeySequence(Qt::Key_F7));
    evaluate->setIcon(style->standardIcon(QStyle::SP_DialogApplyButton));
    forecastAhead = make();
    forecastAhead->setShortcut(QKeySequence(Qt::Key_F8));
    forecastAhead->setEnabled(false);
    forecastFromFile = make();
    forecastFromFile->setEnabled(false);
    backtest = make();
    backtest->setEnabled(false);
    importance = make();
    importance->setEnabled(false);
    inspect = make();
    inspect->setEnabled(false);
    quantize = make();
    quantize->setEnabled(false);
    benchmark = make();
    benchmark->setEnabled(false);
    sweep = make();
    sweep->setEnabled(false);
    autoSearch = make();
    autoSearch->setEnabled(false);

    about = make();
    about->setMenuRole(QAction::AboutRole);
    aboutQt = make();
    aboutQt->setMenuRole(QAction::AboutQtRole);
    retranslate(this, [this] {
        setTexts(openCsv, tr("&Open CSV…"), tr("Open a CSV file with a price or other numeric series"));
        setTexts(openText, tr("Open &Text…"),
                 tr("Open labeled texts (.csv) to classify, or a plain text file for a character language model"));
        setTexts(openProject, tr("Open &Project…"), tr("Open a project folder written by LSTM Studio or its CLI"));
        setTexts(saveProject, tr("&Save Project"), tr("Keep the trained model, history and predictions in a folder"));
        setTexts(saveProjectAs, tr("Save Project &As…"), tr("Copy the project to another folder"));
        setTexts(exportOnnx, tr("&Export ONNX…"), tr("Export the trained model to an ONNX file for ONNX Runtime"));
        setTexts(exportView, tr("Export C&hart or Table…"),
                 tr("Write the chart or table you clicked last (else the loss per epoch) as PNG, SVG or PDF, or "
                    "as CSV; right-click a chart or table to export it directly"));
        setTexts(quit, tr("&Quit"), tr("Quit LSTM Studio"));
        setTexts(train, tr("&Train"), tr("Train a new model on the data with the settings of the model panel"));
        setTexts(pause, QString(), tr("Pause or resume the training run"));  // its text: showPaused
        setTexts(stop, tr("&Stop"), tr("Stop training; the best model so far is kept"));
        setTexts(continueTraining, tr("&Continue Training…"),
                 tr("Train the project's model further from its checkpoint, for as many more epochs as "
                    "you choose"));
        setTexts(evaluate, tr("&Evaluate"), tr("Recompute the test metrics of the project's saved model"));
        setTexts(forecastAhead, tr("&Forecast Ahead"),
                 tr("Forecast past the last row of the data with the project's model, with intervals"));
        setTexts(forecastFromFile, tr("Forecast From F&ile…"),
                 tr("Forecast past the last row of another CSV file that has the project's columns"));
        setTexts(backtest, tr("Back&test…"),
                 tr("Walk-forward backtest of the project's model against the naive, seasonal "
                    "naive, drift and linear baselines"));
        setTexts(importance, tr("Feature &Importance…"),
                 tr("How much the test error rises when each input column is shuffled (permutation importance)"));
        setTexts(inspect, tr("I&nspect…"),
                 tr("The gates and states inside the LSTM for one window or text, as heatmaps"));
        setTexts(quantize, tr("&Quantize…"),
                 tr("Quantize the project's model to int8 and compare it with the fp32 model"));
        setTexts(benchmark, tr("&Benchmark…"),
                 tr("Measure prediction latency and training speed of each inference backend"));
        setTexts(sweep, tr("S&weep…"), tr("Train a grid of settings as runs of the project and keep the best current"));
        setTexts(autoSearch, tr("&Auto Search…"),
                 tr("Search window, hidden units, layers and learning rate as train --auto does, and keep the "
                    "run of the lowest validation loss current"));
        setTexts(about, tr("&About LSTM Studio"), tr("Versions of LSTM Studio and its libraries"));
        setTexts(aboutQt, tr("About &Qt"), tr("Qt's own about box"));
        showPaused(pause->isChecked());
    });
}

QAction* MainActions::make() { return new QAction(this); }

void MainActions::setTexts(QAction* action, const QString& text, const QString& statusTip) {
    action->setText(text);
    action->setStatusTip(statusTip);
    action->setToolTip(statusTip);
}

void MainActions::populateMenus(QMenuBar* bar, QMenu* recent, const QList<QAction*>& viewActions) {
    QMenu* file = bar->addMenu(QString());
    file->addAction(openCsv);
    file->addAction(openText);
    file->addAction(openProject);
    file->addMenu(recent);
    file->addSeparator();
    file->addAction(saveProject);
    file->addAction(saveProjectAs);
    file->addSeparator();
    file->addAction(exportOnnx);
    file->addAction(exportView);
    file->addSeparator();
    file->addAction(quit);

    QMenu* model = bar->addMenu(QString());
    model->addAction(train);
    model->addAction(pause);
    model->addAction(stop);
    model->addAction(continueTraining);
    model->addSeparator();
    model->addAction(evaluate);
    model->addAction(forecastAhead);
    model->addAction(forecastFromFile);
    model->addAction(backtest);
    model->addAction(importance);
    model->addAction(inspect);
    model->addSeparator();
    model->addAction(quantize);
    model->addAction(benchmark);
    model->addAction(sweep);
    model->addAction(autoSearch);

    QMenu* view = bar->addMenu(QString());
    view->addActions(viewActions);
    view->addSeparator();
    QMenu* language = view->addMenu(QString());
    language->setObjectName(QStringLiteral("languageMenu"));
    // Each language is named in itself, whatever the language in effect.
    languages = new QActionGroup(this);
    for (const InterfaceLanguage& choice : interfaceLanguages()) {
        QAction* action = language->addAction(choice.name);
        action->setObjectName(QStringLiteral("language_") + choice.code);
        action->setData(choice.code);
        action->setCheckable(true);
        languages->addAction(action);
    }

    QMenu* help = bar->addMenu(QString());
    help->addAction(about);
    help->addAction(aboutQt);

    retranslate(bar, [=] {
        file->setTitle(tr("&File"));
        model->setTitle(tr("&Model"));
        view->setTitle(tr("&View"));
        language->setTitle(tr("&Language"));
        help->setTitle(tr("&Help"));
        for (QAction* action : languages->actions())
            action->setChecked(action->data().toString() == currentInterfaceLanguage());
    });
}

void MainActions::showPaused(bool paused) {
    QStyle* style = static_cast<QWidget*>(parent())->style();  // the window's
    pause->setText(paused ? tr("&Resume") : tr("&Pause"));
    pause->setIcon(style->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
}

void MainActions::populateToolBar(QToolBar* bar) const {
    bar->addAction(openCsv);
    bar->addAction(openProject);
    bar->addAction(saveProject);
    bar->addSeparator();
    bar->addAction(train);
    bar->addAction(pause);
    bar->addAction(stop);
    bar->addAction(evaluate);
}

}  // namespace studio
