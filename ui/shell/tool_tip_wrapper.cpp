#include "shell/tool_tip_wrapper.h"

#include <QHelpEvent>
#include <QStringList>
#include <QTextDocument>
#include <QToolTip>
#include <QWidget>

#include <vector>

namespace studio {

namespace {

// Characters drawn two columns wide: Hangul jamo, CJK scripts and symbols, Hangul syllables,
// compatibility ideographs, vertical and full-width forms.
bool wide(char16_t c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6);
}

// Punctuation that must not begin a line: it stays with the character before it.
bool closing(QChar c) {
    return QStringView(u"，。、；：？！）」』》〉】,.;:?!)%").contains(c);
}

// A piece of a line that is never broken: a word of narrow characters, or one wide
// character; either with the closing punctuation after it.
struct Piece {
    QString text;
    int columns = 0;
    bool spaceBefore = false;  // the text had a space before it (kept between pieces on a line)
};

std::vector<Piece> pieces(const QString& paragraph) {
    std::vector<Piece> out;
    bool space = false;
    for (const QChar c : paragraph) {
        if (c == QLatin1Char(' ')) {
            space = true;
            continue;
        }
        const bool isWide = wide(c.unicode());
        // A closing mark joins the piece before it; a narrow character joins a narrow word.
        const bool joins =
            !out.empty() && !space && (closing(c) || (!isWide && !wide(out.back().text.back().unicode())));
        if (!joins) out.push_back({QString(), 0, space});
        out.back().text += c;
        out.back().columns += isWide ? 2 : 1;
        space = false;
    }
    return out;
}

}  // namespace

QString ToolTipWrapper::wrap(const QString& text, int width) {
    QStringList out;
    for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
        QString line;
        int columns = 0;
        for (const Piece& piece : pieces(paragraph)) {
            const int gap = piece.spaceBefore && !line.isEmpty() ? 1 : 0;
            if (!line.isEmpty() && columns + gap + piece.columns > width) {
                out << line;
                line.clear();
                columns = 0;
            }
            if (piece.spaceBefore && !line.isEmpty()) {
                line += QLatin1Char(' ');
                ++columns;
            }
            line += piece.text;
            columns += piece.columns;
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
