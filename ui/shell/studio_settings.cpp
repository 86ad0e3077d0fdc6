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
const char* const kLanguage = "interface/language";
const char* const kLastPath = "session/lastPath";
const QString kTaskGroup = QStringLiteral("model/%1");  // one group of field names per task

QString& settingsFile() {
    static QString path;
    return path;
}

// The path startupPath() chose in this process, until its open.
QString& automaticOpen() {
    static QString path;
    return path;
}

QString cleanAbsolute(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }

QSettings* newSettings() {
    return settingsFile().isEmpty() ? new QSettings() : new QSettings(settingsFile(), QSettings::IniFormat);
}

}  // namespace

StudioSettings::StudioSettings() : own_(newSettings()), settings_(*own_) {}

StudioSettings::~StudioSettings() = default;

void StudioSettings::useFile(const QString& path) { settingsFile() = path; }

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

QString StudioSettings::lastPath() const { return settings_.value(kLastPath).toString(); }

void StudioSettings::setLastPath(const QString& path) { settings_.setValue(kLastPath, cleanAbsolute(path)); }

QString StudioSettings::startupPath(const QString& fallback) {
    const QString last = lastPath();
    const QString path = !last.isEmpty() && QFileInfo::exists(last) ? last : fallback;
    automaticOpen() = path.isEmpty() ? QString() : cleanAbsolute(path);
    return path;
}

bool StudioSettings::takeAutomaticOpen(const QString& path) {
    if (automaticOpen().isEmpty() || automaticOpen() != cleanAbsolute(path)) return false;
    automaticOpen().clear();
    return true;
}

QVariantMap StudioSettings::taskSettings(TaskKind kind) const {
    settings_.beginGroup(kTaskGroup.arg(QString::fromStdString(toString(kind))));
    QVariantMap values;
    for (const QString& key : settings_.allKeys()) values.insert(key, settings_.value(key));
    settings_.endGroup();
    return values;
}

void StudioSettings::setTaskSettings(TaskKind kind, const QVariantMap& values) {
    const QString group = kTaskGroup.arg(QString::fromStdString(toString(kind)));
    settings_.remove(group);  // fields a newer panel no longer has go too
    settings_.beginGroup(group);
    for (auto it = values.begin(); it != values.end(); ++it) settings_.setValue(it.key(), it.value());
    settings_.endGroup();
}

QString StudioSettings::language() const { return settings_.value(kLanguage).toString(); }

void StudioSettings::setLanguage(const QString& code) { settings_.setValue(kLanguage, code); }

bool StudioSettings::logScaleLoss() const { return settings_.value(kLogScale, true).toBool(); }

void StudioSettings::setLogScaleLoss(bool on) { settings_.setValue(kLogScale, on); }

}  // namespace studio
