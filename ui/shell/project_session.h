#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace studio {

// Where training writes its project: a temporary folder owned by the session (removed
// when the session ends) until the user saves to, or opens, a folder of their own; from
// then on training writes there. GUI thread only.
class ProjectSession {
    Q_DECLARE_TR_FUNCTIONS(ProjectSession)

public:
    ProjectSession();

    QString dir() const { return dir_; }
    bool isTemporary() const { return temp_ && dir_ == temp_->path(); }
    bool isValid() const { return !dir_.isEmpty(); }
    // A trained model is there (training, or the opened project, wrote project.json).
    bool hasProject() const;
    bool hasCheckpoint() const;

    // Makes `dir` the project folder (an opened or saved project).
    void useFolder(const QString& dir);
    // New data: training writes into a new temporary folder, so the project folder in use
    // (a saved project of other data) is never retargeted or overwritten. A temporary
    // folder with nothing trained in it is kept.
    void startNew();
    // Copies the project's files into `dir` (created when missing, same-named files
    // replaced) and makes it the project folder. Returns an empty string or the error.
    QString saveTo(const QString& dir);

    // The files of a project folder, in the order they are copied (project.json last:
    // it describes the others).
    static QStringList fileNames();
    // Files a project may hold besides those (the int8 model and its report).
    static QStringList optionalFileNames();
    // A folder holding a project.json.
    static bool isProjectFolder(const QString& path);

private:
    std::unique_ptr<QTemporaryDir> temp_;
    QString dir_;
};

}  // namespace studio
