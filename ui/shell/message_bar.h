#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace studio {

// A closable banner at the top of the main window for errors, warnings and outcomes:
// messages a user should read without a modal dialog blocking the window (and scripted
// runs). GUI thread only.
class MessageBar : public QFrame {
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };
    Q_ENUM(Level)

    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(Level level, const QString& text);
    void showInfo(const QString& text) { showMessage(Level::Info, text); }
    void showWarning(const QString& text) { showMessage(Level::Warning, text); }
    void showError(const QString& text) { showMessage(Level::Error, text); }
    void dismiss();

    QString text() const;
    Level level() const { return level_; }
    bool isShowingMessage() const { return !isHidden(); }

Q_SIGNALS:
    void messageShown(studio::MessageBar::Level level, const QString& text);

private:
    QLabel* icon_ = nullptr;
    QLabel* text_ = nullptr;
    QToolButton* close_ = nullptr;
    Level level_ = Level::Info;
};

}  // namespace studio
