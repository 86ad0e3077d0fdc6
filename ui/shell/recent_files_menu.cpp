#include "shell/recent_files_menu.h"

#include "shell/studio_settings.h"
#include "widgets/retranslate.h"

#include <QDir>
#include <QFileInfo>

namespace studio {

RecentFilesMenu::RecentFilesMenu(StudioSettings& settings, QWidget* parent) : QMenu(parent), settings_(settings) {
    connect(this, &QMenu::aboutToShow, this, &RecentFilesMenu::rebuild);
    // The entries' texts follow too, for whoever reads them before the menu next opens and rebuilds them.
    retranslate(this, [this] {
        setTitle(tr("&Recent"));
        rebuild();
    });
}

void RecentFilesMenu::rebuild() {
    clear();
    const QStringList files = settings_.recentFiles();
    int number = 1;
    for (const QString& path : files) {
        const QFileInfo info(path);
        const QString name = info.isDir() ? tr("%1 (project)").arg(info.fileName()) : info.fileName();
        // &1 … &8 make the entries reachable from the keyboard.
        QAction* action = addAction(QStringLiteral("&%1  %2").arg(number++).arg(name));
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
        action->setEnabled(info.exists());
        connect(action, &QAction::triggered, this, [this, path] { Q_EMIT pathChosen(path); });
    }
    if (files.isEmpty()) addAction(tr("No recent files"))->setEnabled(false);
    addSeparator();
    QAction* clearAction = addAction(tr("&Clear Recent"));
    clearAction->setEnabled(!files.isEmpty());
    connect(clearAction, &QAction::triggered, this, [this] {
        settings_.clearRecentFiles();
        rebuild();
    });
}

}  // namespace studio
