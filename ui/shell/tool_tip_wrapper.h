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

    // `text` with each line broken at spaces into lines of at most `width` characters (a
    // longer word stands alone); existing line breaks stay.
    static QString wrap(const QString& text, int width = 60);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace studio
