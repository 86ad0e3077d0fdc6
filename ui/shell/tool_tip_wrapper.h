#pragma once

#include <QObject>
#include <QString>

namespace studio {

// Shows plain-text tool tips wrapped at about 60 characters: Qt draws them as one line as
// wide as the text, across the window (rich-text ones Qt wraps itself). Installed on the
// application; GUI thread only.
class ToolTipWrapper : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // `text` with each line broken into lines of at most `width` columns (a Chinese,
    // Japanese or Korean character takes two): at spaces, and between two CJK characters
    // (never before a closing mark such as "，" or "。"); a longer word stands alone;
    // existing line breaks stay.
    static QString wrap(const QString& text, int width = 60);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace studio
