#include "shell/main_actions.h"

#include <QAction>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>
#include <QWidget>

namespace studio {

MainActions::MainActions(QWidget* window) : QObject(window) {
    QStyle* style = window->style();
    openCsv = make(tr("&Open CSV…"), tr("Open a CSV file with a price or other numeric series"));
    openCsv->setShortcut(QKeySequence::Open);
    openCsv->setIcon(style->standardIcon(QStyle::SP_DialogOpenButton));
    openText = make(tr("Open &Text…"),
                    tr("Open labeled texts (.csv) to classify, or a plain text file for a character language model"));
    openProject = make(tr("Open &Project…"), tr("Open a project folder written by LSTM Studio or its CLI"));
    openProject->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openProject->setIcon(style->standardIcon(QStyle::SP_DirOpenIcon));
    saveProject = make(tr("&Save Project"), tr("Keep the trained model, history and predictions in a folder"));
    saveProject->setShortcut(QKeySequence::Save);
    saveProject->setIcon(style->standardIcon(QStyle::SP_DialogSaveButton));
    saveProjectAs = make(tr("Save Project &As…"), tr("Copy the project to another folder"));
    saveProjectAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    exportOnnx = make(tr("&Export ONNX…"), tr("Export the trained model to an ONNX file for ONNX Runtime"));
    exportOnnx->setEnabled(false);
    exportView = make(tr("Export C&hart or Table…"),
                      tr("Write the chart or table you clicked last (else the loss per epoch) as PNG, SVG or PDF, or "
                         "as CSV; right-click a chart or table to export it directly"));
    quit = make(tr("&Quit"), tr("Quit LSTM Studio"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    train = make(tr("&Train"), tr("Train a new model on the data with the settings of the model panel"));
    train->setShortcuts({QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_Return)});
    train->setIcon(style->standardIcon(QStyle::SP_MediaPlay));
    pause = make(tr("&Pause"), tr("Pause or resume the training run"));
    pause->setCheckable(true);
    pause->setShortcut(QKeySequence(Qt::Key_F6));
    pause->setIcon(style->standardIcon(QStyle::SP_MediaPause));
    stop = make(tr("&Stop"), tr("Stop training; the best model so far is kept"));
    stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    stop->setIcon(style->standardIcon(QStyle::SP_MediaStop));
    continueTraining = make(tr("&Continue Training…"),
                            tr("Train the project's model further from its checkpoint, for as many more epochs as "
                               "you choose"));
    continueTraining->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F5));
    continueTraining->setIcon(style->standardIcon(QStyle::SP_MediaSeekForward));
    evaluate = make(tr("&Evaluate"), tr("Recompute the test metrics of the project's saved model"));
    evaluate->setShortcut(QKeySequence(Qt::Key_F7));
    evaluate->setIcon(style->standardIcon(QStyle::SP_DialogApplyButton));
    forecastAhead = make(tr("&Forecast Ahead"),
                         tr("Forecast past the last row of the data with the project's model, with intervals"));
    forecastAhead->setShortcut(QKeySequence(Qt::Key_F8));
    forecastAhead->setEnabled(false);
    forecastFromFile = make(tr("Forecast From F&ile…"),
                            tr("Forecast past the last row of another CSV file that has the project's columns"));
    forecastFromFile->setEnabled(false);
    backtest = make(tr("Back&test…"), tr("Walk-forward backtest of the project's model against the naive, seasonal "
                                         "naive, drift and linear baselines"));
    backtest->setEnabled(false);
    importance = make(tr("Feature &Importance…"),
                      tr("How much the test error rises when each input column is shuffled (permutation importance)"));
    importance->setEnabled(false);
    inspect = make(tr("I&nspect…"), tr("The gates and states inside the LSTM for one window or text, as heatmaps"));
    inspect->setEnabled(false);
    quantize = make(tr("&Quantize…"), tr("Quantize the project's model to int8 and compare it with the fp32 model"));
    quantize->setEnabled(false);
    benchmark = make(tr("&Benchmark…"), tr("Measure prediction latency and training speed of each inference backend"));
    benchmark->setEnabled(false);
    sweep = make(tr("S&weep…"), tr("Train a grid of settings as runs of the project and keep the best current"));
    sweep->setEnabled(false);
    autoSearch = make(tr("&Auto Search…"),
                      tr("Search window, hidden units, layers and learning rate as train --auto does, and keep the "
                         "run of the lowest validation loss current"));
    autoSearch->setEnabled(false);

    about = make(tr("&About LSTM Studio"), tr("Versions of LSTM Studio and its libraries"));
    about->setMenuRole(QAction::AboutRole);
    aboutQt = make(tr("About &Qt"), tr("Qt's own about box"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

QAction* MainActions::make(const QString& text, const QString& statusTip) {
    auto* action = new QAction(text, this);
    action->setStatusTip(statusTip);
    action->setToolTip(statusTip);
    return action;
}

void MainActions::populateMenus(QMenuBar* bar, QMenu* recent, const QList<QAction*>& viewActions) const {
    QMenu* file = bar->addMenu(tr("&File"));
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

    QMenu* model = bar->addMenu(tr("&Model"));
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

    QMenu* view = bar->addMenu(tr("&View"));
    view->addActions(viewActions);

    QMenu* help = bar->addMenu(tr("&Help"));
    help->addAction(about);
    help->addAction(aboutQt);
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
