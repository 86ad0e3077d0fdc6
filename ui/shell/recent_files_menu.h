#pragma once

#include <QMenu>

namespace studio {

class StudioSettings;

// File ▸ Recent: the recently opened CSV files and project folders from StudioSettings,
// rebuilt each time it opens. GUI thread only.
class RecentFilesMenu : public QMenu {
    Q_OBJECT
public:
    RecentFilesMenu(StudioSettings& settings, QWidget* parent = nullptr);

    void rebuild();

Q_SIGNALS:
    void pathChosen(const QString& path);

private:
    StudioSettings& settings_;
};

}  // namespace studio
