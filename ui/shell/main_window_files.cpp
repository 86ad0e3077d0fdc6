// MainWindow's file handling: choosing files and folders, saving the project, recent
// files, the window's own state, and drag and drop.

#include "shell/main_window.h"

#include "shell/about_dialog.h"
#include "shell/message_bar.h"
#include "shell/recent_files_menu.h"
#include "shell/training_controller.h"

#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMimeData>

namespace studio {

void MainWindow::remember(const QString& path) {
    settings_.addRecentFile(path);
    const QFileInfo info(path);
    settings_.setLastFolder(info.absolutePath());  // a project's parent, a file's folder
}

void MainWindow::chooseCsv() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open CSV"), settings_.lastFolder(),
                                                      tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
    if (!path.isEmpty()) openCsv(path);
}

void MainWindow::chooseText() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Text"), settings_.lastFolder(),
        tr("Labeled texts (*.csv);;Plain text for a language model (*.txt);;All files (*)"));
    if (!path.isEmpty()) openText(path);
}

void MainWindow::chooseProject() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Project"), settings_.lastFolder());
    if (!dir.isEmpty()) openProject(dir);
}

void MainWindow::saveProject() {
    if (session_.isTemporary())
        saveProjectAs();
    else
        messages_->showInfo(tr("The project is saved in %1: training writes there directly.")
                                .arg(QDir::toNativeSeparators(session_.dir())));
}

void MainWindow::saveProjectAs() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Save Project To Folder"), settings_.lastFolder());
    if (!dir.isEmpty()) saveProjectTo(dir);
}

void MainWindow::showAbout() {
    AboutDialog about(this);
    about.exec();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // The controller's destructor waits for the stopped run (a batch or so).
    controller_->stop();
    settings_.setWindowGeometry(saveGeometry());
    settings_.setWindowState(saveState());
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
