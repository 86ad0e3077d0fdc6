#include "shell/tool_tip_wrapper.h"

#include <QHelpEvent>
#include <QStringList>
#include <QTextDocument>
#include <QToolTip>
#include <QWidget>

namespace studio {

QString ToolTipWrapper::wrap(const QString& text, int width) {
    QStringList out;
    for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
        QString line;
        for (const QString& word : paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
                out << line;
                line.clear();
            }
            line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
        }
        out << line;
    }
    return out.join(QLatin1Char('\n'));
}

bool ToolTipWrapper::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::ToolTip || !watched->isWidgetType()) return false;
    auto* widget = static_cast<QWidget*>(watched);
    const QString tip = widget->toolTip();
    if (tip.isEmpty() || Qt::mightBeRichText(tip)) return false;  // Qt's own handling
    const QString wrapped = wrap(tip);
    if (wrapped == tip) return false;
    QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(), wrapped, widget);
    return true;
}

}  // namespace studio
