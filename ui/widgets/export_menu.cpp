#include "widgets/export_menu.h"

#include "widgets/chart_export.h"
#include "widgets/table_export.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QFocusEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QMenu>
#include <QRegularExpression>
#include <QTableView>

namespace studio {
namespace {

bool isTarget(const QWidget* widget) { return ChartExport::isChart(widget) || qobject_cast<const QTableView*>(widget); }

// A file name from a chart's title or a table's name: letters, digits and spaces.
QString fileNameFrom(const QString& text, const QString& fallback) {
    QString name = text;
    name.replace(QRegularExpression(QStringLiteral("[^\\w\\s-]+")), QStringLiteral(" "));
    name = name.simplified().left(60).trimmed();
    return name.isEmpty() ? fallback : name;
}

}  // namespace

ExportMenu::ExportMenu(QWidget* window) : QObject(window), window_(window) {
    choose_ = [](QWidget* parent, const QString& caption, const QString& suggested, const QString& filters) {
        return QFileDialog::getSaveFileName(parent, caption, suggested, filters);
    };
    folder_ = QDir::homePath();
}

QWidget* ExportMenu::targetOf(QObject* object) {
    auto* widget = qobject_cast<QWidget*>(object);
    if (!widget) return nullptr;
    // A scroll area's viewport gets its mouse and context menu events: a table's cells,
    // a QChartView's scene, a header's sections.
    if (auto* area = qobject_cast<QAbstractScrollArea*>(widget->parentWidget()); area && area->viewport() == widget)
        widget = area;
    if (auto* header = qobject_cast<QHeaderView*>(widget); header && qobject_cast<QTableView*>(header->parentWidget()))
        widget = header->parentWidget();
    return isTarget(widget) ? widget : nullptr;
}

bool ExportMenu::belongsHere(const QWidget* widget) const {
    for (const QWidget* w = widget; w; w = w->parentWidget())
        if (w == window_) return true;
    return false;
}

QWidget* ExportMenu::current(QWidget* fallback) const { return last_ && last_->isVisible() ? last_.data() : fallback; }

QMenu* ExportMenu::menuFor(QWidget* target, QWidget* parent) {
    auto* menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("exportMenu"));
    const QPointer<QWidget> guarded(target);
    auto add = [&](const QString& text, const QString& suffix) {
        QAction* action = menu->addAction(text);
        action->setData(suffix);
        // Queued: the file dialog opens once the menu has closed.
        connect(
            action, &QAction::triggered, this,
            [this, guarded, suffix] {
                if (guarded) exportWidget(guarded, suffix);
            },
            Qt::QueuedConnection);
    };
    if (ChartExport::isChart(target)) {
        add(tr("Export Chart as &PNG…"), QStringLiteral("png"));
        add(tr("Export Chart as &SVG…"), QStringLiteral("svg"));
        add(tr("Export Chart as P&DF…"), QStringLiteral("pdf"));
    } else {
        add(tr("Export Table as &CSV…"), QStringLiteral("csv"));
    }
    return menu;
}

bool ExportMenu::exportWidget(QWidget* target, const QString& suffix) {
    if (!target || !isTarget(target)) {
        Q_EMIT failed(tr("There is no chart or table to export: click one first."));
        return false;
    }
    const bool chart = ChartExport::isChart(target);
    const QString extension = suffix.isEmpty() ? (chart ? QStringLiteral("png") : QStringLiteral("csv")) : suffix;
    // The format asked for first in the dialog's list.
    QStringList filters = (chart ? ChartExport::fileFilters() : TableExport::fileFilters()).split(QStringLiteral(";;"));
    std::stable_partition(filters.begin(), filters.end(),
                          [&](const QString& f) { return f.contains(QStringLiteral("*.") + extension); });
    const QString name = chart
                             ? fileNameFrom(ChartExport::title(target), fileNameFrom(target->objectName(), tr("chart")))
                             : fileNameFrom(target->objectName(), tr("table"));
    const QString suggested = QDir(folder_).filePath(name + QLatin1Char('.') + extension);
    QString path = choose_(window_, chart ? tr("Export Chart") : tr("Export Table"), suggested,
                           filters.join(QStringLiteral(";;")));
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + extension;
    const QString error =
        chart ? ChartExport::save(target, path) : TableExport::save(*qobject_cast<QTableView*>(target), path);
    if (!error.isEmpty()) {
        Q_EMIT failed(error);
        return false;
    }
    folder_ = QFileInfo(path).absolutePath();
    Q_EMIT exported(path);
    return true;
}

bool ExportMenu::eventFilter(QObject* watched, QEvent* event) {
    const QEvent::Type type = event->type();
    if (type != QEvent::ContextMenu && type != QEvent::MouseButtonPress && type != QEvent::FocusIn) return false;
    // Focus the user gave: a click, Tab; not a window coming to the front.
    if (type == QEvent::FocusIn) {
        const Qt::FocusReason reason = static_cast<QFocusEvent*>(event)->reason();
        if (reason != Qt::MouseFocusReason && reason != Qt::TabFocusReason && reason != Qt::BacktabFocusReason &&
            reason != Qt::ShortcutFocusReason)
            return false;
    }
    QWidget* target = targetOf(watched);
    if (!target || !belongsHere(target)) return false;
    last_ = target;
    if (type != QEvent::ContextMenu || target->contextMenuPolicy() != Qt::DefaultContextMenu) return false;
    QMenu* menu = menuFor(target, target);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(static_cast<QContextMenuEvent*>(event)->globalPos());
    return true;
}

}  // namespace studio
