#include "shell/project_session.h"

#include "project/project_folder.h"

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
    // project.json comes last: a folder whose project.json exists holds the files it describes.
    for (const QString& name : optionalFileNames() + fileNames()) {
        if (!from.exists(name)) continue;
        const QString destination = to.filePath(name);
        // Copy next to the destination, then swap: a failed save leaves the old file whole.
        const QString partial = destination + QStringLiteral(".part");
        QFile::remove(partial);
        if (!QFile::copy(from.filePath(name), partial))
            return tr("Cannot write %1.").arg(QDir::toNativeSeparators(partial));
        QFile::remove(destination);
        if (!QFile::rename(partial, destination))
            return tr("Cannot write %1.").arg(QDir::toNativeSeparators(destination));
    }
    dir_ = target;
    return {};
}

}  // namespace studio
