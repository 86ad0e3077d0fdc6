#pragma once

#include <QObject>

class QDockWidget;
class QMainWindow;

namespace studio {

// Keeps the centre the larger part of a main window as it is resized: the side docks
// together take at most 40% of its width and the bottom one at most 18% of its height, so
// a window made smaller takes the room from the docks (whose contents scroll), not from
// the charts. A user may still drag the docks wider until the next resize. GUI thread
// only; owned by the window.
class DockFitter : public QObject {
public:
    DockFitter(QMainWindow* window, QDockWidget* left, QDockWidget* right, QDockWidget* bottom);

    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fit();

    QMainWindow* window_;
    QDockWidget* left_;
    QDockWidget* right_;
    QDockWidget* bottom_;
};

}  // namespace studio
