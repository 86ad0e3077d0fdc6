#include "shell/studio_settings.h"

#include <QDir>
#include <QFileInfo>

namespace studio {
namespace {

const char* const kGeometry = "window/geometry";
const char* const kState = "window/state";
const char* const kLastFolder = "files/lastFolder";
const char* const kRecent = "files/recent";
const char* const kLogScale = "charts/logScaleLoss";

}  // namespace

StudioSettings::StudioSettings() = default;

QByteArray StudioSettings::windowGeometry() const { return settings_.value(kGeometry).toByteArray(); }

void StudioSettings::setWindowGeometry(const QByteArray& geometry) { settings_.setValue(kGeometry, geometry); }

QByteArray StudioSettings::windowState() const { return settings_.value(kState).toByteArray(); }

void StudioSettings::setWindowState(const QByteArray& state) { settings_.setValue(kState, state); }

QString StudioSettings::lastFolder() const {
    const QString folder = settings_.value(kLastFolder).toString();
    return !folder.isEmpty() && QFileInfo(folder).isDir() ? folder : QDir::homePath();
}

void StudioSettings::setLastFolder(const QString& folder) { settings_.setValue(kLastFolder, folder); }

QStringList StudioSettings::recentFiles() const { return settings_.value(kRecent).toStringList(); }

void StudioSettings::addRecentFile(const QString& path) {
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList files = recentFiles();
    files.removeAll(clean);
    files.prepend(clean);
    while (files.size() > kMaxRecentFiles) files.removeLast();
    settings_.setValue(kRecent, files);
}

void StudioSettings::removeRecentFile(const QString& path) {
    QStringList files = recentFiles();
    files.removeAll(path);
    settings_.setValue(kRecent, files);
}

void StudioSettings::clearRecentFiles() { settings_.remove(kRecent); }

bool StudioSettings::logScaleLoss() const { return settings_.value(kLogScale, true).toBool(); }

void StudioSettings::setLogScaleLoss(bool on) { settings_.setValue(kLogScale, on); }

}  // namespace studio
