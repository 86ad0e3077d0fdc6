#include "shell/dock_fitter.h"

#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QTimer>

namespace studio {
namespace {

int widthOf(const QDockWidget* dock) { return dock->isVisible() && !dock->isFloating() ? dock->width() : 0; }

}  // namespace

DockFitter::DockFitter(QMainWindow* window, QDockWidget* left, QDockWidget* right, QDockWidget* bottom)
    : QObject(window), window_(window), left_(left), right_(right), bottom_(bottom) {
    window->installEventFilter(this);
}

bool DockFitter::eventFilter(QObject* watched, QEvent* event) {
    // Once the layout has given the docks their sizes for the new window size.
    if (watched == window_ && window_->isVisible() &&
        (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        QTimer::singleShot(0, this, &DockFitter::fit);
    return false;
}

void DockFitter::fit() {
    const QSize size = window_->size();
    const int sides = widthOf(left_) + widthOf(right_);
    const int most = size.width() * 40 / 100;
    if (sides > most) {
        const double k = double(most) / sides;
        window_->resizeDocks({left_, right_}, {int(widthOf(left_) * k), int(widthOf(right_) * k)}, Qt::Horizontal);
    }
    const int bottomMost = size.height() * 18 / 100;
    if (bottom_->isVisible() && !bottom_->isFloating() && bottom_->height() > bottomMost)
        window_->resizeDocks({bottom_}, {bottomMost}, Qt::Vertical);
}

}  // namespace studio
