// MainWindow's file handling: choosing files and folders, saving the project, recent
// files, the window's own state, and drag and drop.

#include "shell/main_window.h"

#include "shell/about_dialog.h"
#include "shell/message_bar.h"
#include "shell/recent_files_menu.h"
#include "shell/training_controller.h"
#include "widgets/export_menu.h"
#include "workspace/workspace.h"
#include "tasks/registry.h"
#include "tasks/task_files.h"

#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>

namespace studio {

void MainWindow::remember(const QString& path) {
    restorePending_ = false;
    // The file or project reopened at start is not the user's choice: Recent keeps the
    // order of the user's own opens, and the last path stays what it was.
    if (!StudioSettings::takeAutomaticOpen(path)) {
        settings_.addRecentFile(path);
        settings_.setLastPath(path);
        settings_.setLastFolder(QFileInfo(path).absolutePath());  // a project's parent, a file's folder
    }
    exporter_->setFolder(settings_.lastFolder());
}

void MainWindow::chooseCsv() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open CSV"), settings_.lastFolder(),
                                                      tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
    if (!path.isEmpty()) openCsv(path);
}

void MainWindow::chooseText() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Text"), settings_.lastFolder(),
        tr("Texts (*.csv *.txt *.text *.md);;Labeled texts (*.csv);;Plain text for a language model (*.txt);;"
           "All files (*)"));
    if (!path.isEmpty()) openText(path);
}

void MainWindow::chooseProject() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Project"), settings_.lastFolder());
    if (!dir.isEmpty()) openProject(dir);
}

namespace {

QString choiceText(MainWindow::Choice choice) {
    switch (choice) {
        case MainWindow::Choice::Save: return MainWindow::tr("Save…");
        case MainWindow::Choice::Discard: return MainWindow::tr("Discard");
        case MainWindow::Choice::Replace: return MainWindow::tr("Replace");
        case MainWindow::Choice::NewProject: return MainWindow::tr("New Project");
        case MainWindow::Choice::Cancel: return MainWindow::tr("Cancel");
    }
    return {};
}

MainWindow::Choice askInBox(QWidget* parent, const QString& text, const QList<MainWindow::Choice>& choices) {
    QMessageBox box(QMessageBox::Question, MainWindow::tr("LSTM Studio"), text, QMessageBox::NoButton, parent);
    box.setWindowModality(Qt::WindowModal);
    std::vector<std::pair<QAbstractButton*, MainWindow::Choice>> buttons;
    for (MainWindow::Choice c : choices) {
        const QMessageBox::ButtonRole role = c == MainWindow::Choice::Cancel    ? QMessageBox::RejectRole
                                             : c == MainWindow::Choice::Discard ? QMessageBox::DestructiveRole
                                                                                : QMessageBox::AcceptRole;
        buttons.emplace_back(box.addButton(choiceText(c), role), c);
    }
    box.setDefaultButton(qobject_cast<QPushButton*>(buttons.front().first));
    box.exec();
    for (const auto& [button, choice] : buttons)
        if (box.clickedButton() == button) return choice;
    return MainWindow::Choice::Cancel;  // closed with Escape
}

}  // namespace

MainWindow::Choice MainWindow::ask(const QString& text, const QList<Choice>& choices) {
    return ask_ ? ask_(text, choices) : askInBox(this, text, choices);
}

bool MainWindow::mayLeaveUnsavedModel(const QString& what) {
    if (!session_.isTemporary() || !session_.hasProject()) return true;
    const Choice choice = ask(tr("The trained model is not saved. Save it before %1?").arg(what),
                               {Choice::Save, Choice::Discard, Choice::Cancel});
    if (choice == Choice::Save) {
        saveProjectAs();
        return !session_.isTemporary();  // saved, unless the user cancelled the folder
    }
    return choice == Choice::Discard;
}

bool MainWindow::mayTrainOver() {
    if (!session_.hasProject()) return true;
    // Training adds a run to the project and replaces none. A project of other data or of
    // another task takes no run of this one: it goes to a new, unsaved project.
    bool same = false;
    try {
        const ProjectRecord record = loadProjectRecord(session_.dir().toStdString());
        same = taskOf(session_.dir().toStdString()) == current_->task() &&
               QDir::cleanPath(QString::fromStdString(record.dataPath)) ==
                   QDir::cleanPath(QFileInfo(current_->dataPath()).absoluteFilePath());
    } catch (const std::exception&) {
        // An unreadable project takes no run either.
    }
    if (same) return true;
    if (!mayLeaveUnsavedModel(tr("training on other data"))) return false;
    session_.startNew();
    updateTitle();
    return true;
}

void MainWindow::saveProject() {
    if (session_.isTemporary())
        saveProjectAs();
    else
        messages_->showInfo(tr("The project is saved in %1: training writes there directly.")
                                .arg(QDir::toNativeSeparators(session_.dir())));
}

void MainWindow::saveProjectAs() {
    // A project is a folder: the name typed is the new folder's (an existing one is chosen
    // by its name too), named after the data to begin with.
    const QString data = QFileInfo(current_->dataPath()).completeBaseName();
    const QString suggested =
        QDir(settings_.lastFolder()).filePath(data.isEmpty() ? tr("project") : tr("%1 project").arg(data));
    const QString dir = QFileDialog::getSaveFileName(this, tr("Save Project As"), suggested, tr("Project folders (*)"),
                                                     nullptr, QFileDialog::DontConfirmOverwrite);
    if (!dir.isEmpty()) saveProjectTo(dir);
}

void MainWindow::showAbout() {
    AboutDialog about(this);
    about.exec();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!isBusy() && !mayLeaveUnsavedModel(tr("quitting"))) {
        event->ignore();
        return;
    }
    // The controller's destructor waits for the stopped run (a batch or so).
    controller_->stop();
    saveSession();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!isBusy() && urls.size() == 1 && urls.front().isLocalFile()) {
        const QString path = urls.front().toLocalFile();
        const QString suffix = QFileInfo(path).suffix().toLower();
        if (ProjectSession::isProjectFolder(path) || suffix == QLatin1String("csv") || suffix == QLatin1String("tsv") ||
            suffix == QLatin1String("txt"))
            event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty()) return;
    openPath(urls.front().toLocalFile());
    event->acceptProposedAction();
}

}  // namespace studio
