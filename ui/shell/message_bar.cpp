#include "shell/message_bar.h"

#include "widgets/retranslate.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace studio {

MessageBar::MessageBar(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::StyledPanel);
    icon_ = new QLabel(this);
    text_ = new QLabel(this);
    text_->setWordWrap(true);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text_->setTextFormat(Qt::PlainText);
    close_ = new QToolButton(this);
    close_->setAutoRaise(true);
    close_->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    retranslate(this, [this] { close_->setToolTip(tr("Dismiss this message")); });
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(icon_, 0, Qt::AlignTop);
    layout->addWidget(text_, 1);
    layout->addWidget(close_, 0, Qt::AlignTop);
    connect(close_, &QToolButton::clicked, this, &MessageBar::dismiss);
    hide();
}

void MessageBar::showMessage(Level level, const QString& text, Topic topic) {
    level_ = level;
    topic_ = topic;
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxInformation;
    QString colours = QStringLiteral("background:#e8f1fb; border:1px solid #9cc3ea;");
    if (level == Level::Warning) {
        pixmap = QStyle::SP_MessageBoxWarning;
        colours = QStringLiteral("background:#fff6dc; border:1px solid #e6c25a;");
    } else if (level == Level::Error) {
        pixmap = QStyle::SP_MessageBoxCritical;
        colours = QStringLiteral("background:#fde8e8; border:1px solid #e08c8c;");
    }
    setStyleSheet(QStringLiteral("#messageBar{%1} QLabel{color:#202020;}").arg(colours));
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon_->setPixmap(style()->standardIcon(pixmap).pixmap(size, size));
    text_->setText(text);
    show();
    Q_EMIT messageShown(level, text);
}

void MessageBar::dismiss() {
    text_->clear();
    topic_ = Topic::General;
    hide();
}

void MessageBar::clear(Topic topic) {
    if (isShowingMessage() && topic_ == topic && level_ != Level::Info) dismiss();
}

QString MessageBar::text() const { return text_->text(); }

}  // namespace studio
