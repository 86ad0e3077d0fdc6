#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include "tasks/task_kind.h"

#include <memory>

namespace studio {

// The one owner of LSTM Studio's persistent settings: every QSettings key and its
// default live here and nowhere else. Uses the application's organization and name
// (set in main), so tests that set their own names never touch a user's settings, or the
// file useFile() names. Instances on one file share their values at once. GUI thread only.
class StudioSettings {
public:
    static constexpr int kMaxRecentFiles = 8;

    StudioSettings();
    ~StudioSettings();

    // Every StudioSettings made after this call reads and writes the INI file `path`
    // instead (tests point it at a temporary folder); an empty path goes back to the
    // application's settings.
    static void useFile(const QString& path);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    // The folder file dialogs open in; the home folder until something was opened.
    QString lastFolder() const;
    void setLastFolder(const QString& folder);

    // CSV files and project folders, most recent first, at most kMaxRecentFiles.
    QStringList recentFiles() const;
    void addRecentFile(const QString& path);
    void removeRecentFile(const QString& path);
    void clearRecentFiles();

    // The project folder or file the user opened last (their own opens only; see
    // startupPath); empty until one was opened.
    QString lastPath() const;
    void setLastPath(const QString& path);
    // What to open at start when no file is named: lastPath() while it still exists, else
    // `fallback` (the bundled S&P 500). The returned path is this process's automatic
    // open: its first open does not count as the user's (takeAutomaticOpen).
    QString startupPath(const QString& fallback);
    // True once, when `path` is the automatic open startupPath() chose: opening it neither
    // moves it in Recent nor becomes the last path or folder.
    static bool takeAutomaticOpen(const QString& path);

    // The Model panel's fields (and a text task's text options) as the user last set them
    // for `kind`, by field name (ModelPanel::fieldValues); empty: the task's defaults.
    QVariantMap taskSettings(TaskKind kind) const;
    void setTaskSettings(TaskKind kind, const QVariantMap& values);

    // The interface language chosen in View > Language ("en", "zh_CN"); empty until one was
    // chosen: the system's language is used.
    QString language() const;
    void setLanguage(const QString& code);

    bool logScaleLoss() const;  // default true: losses span decades
    void setLogScaleLoss(bool on);

private:
    std::unique_ptr<QSettings> own_;  // the application's, or useFile()'s
    QSettings& settings_;             // *own_
};

}  // namespace studio
