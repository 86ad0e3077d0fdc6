#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class QMenu;
class QWidget;

namespace studio {

// Export for every chart and table of a window: a right click on a chart offers it as PNG,
// SVG or PDF (ChartExport), on a table as CSV (TableExport). It also remembers the chart
// or table the user last clicked or focused, which File ▸ Export Chart or Table… writes
// (exportWidget(current(…))). Installed on the application by its window, so that the
// charts and tables of every panel and dialog have the menu without each asking for it;
// the events of other windows pass by, and a widget that sets its own context menu policy
// keeps its own menu. GUI thread only.
class ExportMenu : public QObject {
    Q_OBJECT
public:
    // Asks where to write: the path, or an empty string when the user cancels.
    using ChoosePath = std::function<QString(QWidget* parent, const QString& caption, const QString& suggested,
                                             const QString& filters)>;

    explicit ExportMenu(QWidget* window);

    // Tests and scripted runs answer for the save dialog (the default is QFileDialog's).
    void setChoosePath(ChoosePath choose) { choose_ = std::move(choose); }
    // The folder the save dialog opens in.
    void setFolder(const QString& folder) { folder_ = folder; }

    // The chart or table that `object` is or is part of (a view's viewport, a table's
    // header), or nullptr.
    static QWidget* targetOf(QObject* object);
    // The chart or table of this window last clicked or given the focus (a click, Tab), while
    // it is on screen; else `fallback`.
    QWidget* current(QWidget* fallback = nullptr) const;
    // The context menu of `target`: one action per format, each asking for a file and
    // writing it (queued, after the menu has closed). The caller owns the menu.
    QMenu* menuFor(QWidget* target, QWidget* parent);
    // Asks for a file and writes `target` there: `suffix` ("png", "svg", "pdf", "csv")
    // names the format offered first; a name typed without a suffix gets it. False when
    // the user cancels or writing fails (failed() says why).
    bool exportWidget(QWidget* target, const QString& suffix = {});

Q_SIGNALS:
    void exported(const QString& path);
    void failed(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool belongsHere(const QWidget* widget) const;

    QWidget* window_ = nullptr;
    QPointer<QWidget> last_;
    ChoosePath choose_;
    QString folder_;
};

}  // namespace studio
