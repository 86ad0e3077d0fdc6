// MainWindow's memory across restarts: each task's Model panel and text options as the user
// last set them, the window's geometry and docks (the chart options and Recent are saved
// as they change, in main_window.cpp and main_window_files.cpp).

#include "shell/main_window.h"

#include "shell/training_controller.h"
#include "workspace/forecast_workspace.h"
#include "workspace/model_panel.h"
#include "workspace/text_options_panel.h"
#include "workspace/text_workspace.h"

namespace studio {
namespace {

// A text task's text options are kept with its Model panel's fields, under this prefix.
const QString kTextPrefix = QStringLiteral("text/");

}  // namespace

void MainWindow::connectSession() {
    for (Workspace* w : workspaces_) connect(w->modelPanel(), &ModelPanel::edited, this, [this, w] { noteEdit(w); });
    connect(text_->options(), &TextOptionsPanel::edited, this, [this] { noteEdit(text_); });
    for (TaskKind kind : allTaskKinds())
        if (QVariantMap values = settings_.taskSettings(kind); !values.isEmpty()) taskSettings_[kind] = values;
    for (Workspace* w : workspaces_) restoreTaskSettings(w);
}

QVariantMap MainWindow::panelValues(Workspace* workspace) const {
    QVariantMap values = workspace->modelPanel()->fieldValues();
    if (workspace == text_) {
        const QVariantMap text = text_->options()->fieldValues();
        for (auto it = text.begin(); it != text.end(); ++it) values.insert(kTextPrefix + it.key(), it.value());
    }
    return values;
}

void MainWindow::noteEdit(Workspace* workspace) {
    // The panel's task, not the window's: a text panel is set to the task of the file it opens
    // before the window enters it.
    taskSettings_[workspace->modelPanel()->task()] = panelValues(workspace);
}

void MainWindow::restoreTaskSettings(Workspace* workspace) {
    const auto found = taskSettings_.find(workspace->modelPanel()->task());
    if (found == taskSettings_.end()) return;
    QVariantMap panel, text;
    for (auto it = found->second.begin(); it != found->second.end(); ++it) {
        if (it.key().startsWith(kTextPrefix))
            text.insert(it.key().mid(kTextPrefix.size()), it.value());
        else
            panel.insert(it.key(), it.value());
    }
    if (workspace == text_) text_->options()->setFieldValues(text);
    workspace->modelPanel()->setFieldValues(panel);
}

void MainWindow::restoreAfterOpen(Workspace* workspace, TaskKind before) {
    // Opening a text file puts the task's defaults in the fields, and a new series the
    // automatic scaler: the user's own settings of the task replace them. Another file of
    // the forecast task keeps the fields as they are.
    if (restorePending_ || before != workspace->task() || workspace == text_) restoreTaskSettings(workspace);
    restorePending_ = false;
}

void MainWindow::saveSession() {
    for (const auto& [kind, values] : taskSettings_) settings_.setTaskSettings(kind, values);
    settings_.setWindowGeometry(saveGeometry());
    settings_.setWindowState(saveState());
}

}  // namespace studio
