#include "shell/project_session.h"

#include "jobs/runs.h"
#include "project/project_folder.h"
#include "project/project_lock.h"

#include <QDirIterator>

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace studio {

ProjectSession::ProjectSession() { startNew(); }

void ProjectSession::startNew() {
    if (isTemporary() && !hasProject()) return;
    temp_ = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/lstm-studio-XXXXXX"));
    dir_ = temp_->isValid() ? temp_->path() : QString();
}

bool ProjectSession::hasProject() const {
    return isValid() && QFileInfo::exists(QDir(dir_).filePath(QString::fromLatin1(ProjectFolder::kProject)));
}

bool ProjectSession::hasCheckpoint() const {
    return hasProject() && QFileInfo::exists(QDir(dir_).filePath(QString::fromLatin1(ProjectFolder::kCheckpoint)));
}

void ProjectSession::useFolder(const QString& dir) { dir_ = QDir::cleanPath(QFileInfo(dir).absoluteFilePath()); }

namespace {
// Copies next to the destination, then swaps: a failed save leaves the old file whole.
bool copyReplacing(const QString& from, const QString& destination) {
    const QString partial = destination + QStringLiteral(".part");
    QFile::remove(partial);
    if (!QFile::copy(from, partial)) return false;
    QFile::remove(destination);
    return QFile::rename(partial, destination);
}

QStringList toQStringList(const std::vector<std::string>& names) {
    QStringList out;
    for (const auto& name : names) out << QString::fromStdString(name);
    return out;
}
}  // namespace

QStringList ProjectSession::fileNames() { return toQStringList(ProjectFolder::trainedFiles()); }

QStringList ProjectSession::optionalFileNames() { return toQStringList(ProjectFolder::derivedFiles()); }

bool ProjectSession::isProjectFolder(const QString& path) {
    const QFileInfo info(path);
    return info.isDir() && QFileInfo::exists(QDir(path).filePath(QString::fromLatin1(ProjectFolder::kProject)));
}

QString ProjectSession::saveTo(const QString& dir) {
    if (!hasProject()) return tr("There is nothing to save yet: train a model first.");
    const QString target = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    if (target == dir_) return {};
    if (!QDir().mkpath(target)) return tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(target));
    const QDir from(dir_), to(target);
    // The runs first, each file copied beside its place and renamed (the ledger is rebuilt
    // from them where it is missing); then the current run's files, project.json last: a
    // folder whose project.json exists holds the files it describes.
    QDirIterator runs(from.filePath(QString::fromLatin1(kRunsFolder)), QDir::Files, QDirIterator::Subdirectories);
    while (runs.hasNext()) {
        const QString file = runs.next();
        if (QFileInfo(file).fileName() == QLatin1String(ProjectLock::kLockFile)) continue;
        const QString destination = to.filePath(from.relativeFilePath(file));
        if (!QDir().mkpath(QFileInfo(destination).absolutePath()) || !copyReplacing(file, destination))
            return tr("Cannot write %1.").arg(QDir::toNativeSeparators(destination));
    }
    for (const QString& name : optionalFileNames() + fileNames() + QStringList{QString::fromLatin1(kRunFile)}) {
        if (!from.exists(name)) continue;
        const QString destination = to.filePath(name);
        if (!copyReplacing(from.filePath(name), destination))
            return tr("Cannot write %1.").arg(QDir::toNativeSeparators(destination));
    }
    dir_ = target;
    return {};
}

}  // namespace studio
