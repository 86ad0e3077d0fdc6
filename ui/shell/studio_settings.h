#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace studio {

// The one owner of LSTM Studio's persistent settings: every QSettings key and its
// default live here and nowhere else. Uses the application's organization and name
// (set in main), so tests that set their own names never touch a user's settings.
// GUI thread only.
class StudioSettings {
public:
    static constexpr int kMaxRecentFiles = 8;

    StudioSettings();

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

    bool logScaleLoss() const;  // default true: losses span decades
    void setLogScaleLoss(bool on);

private:
    QSettings settings_;
};

}  // namespace studio
