#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace studio {

// A closable banner at the top of the main window for errors, warnings and outcomes:
// messages a user should read without a modal dialog blocking the window (and scripted
// runs). A message may name its topic, the state it describes, so that it is taken down
// (clear()) when that state is gone: a settings error once the settings are valid, an
// export error once an export succeeds. GUI thread only.
class MessageBar : public QFrame {
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };
    Q_ENUM(Level)
    // General: taken down only by the next message or dismiss(). Run: a job that failed or
    // could not start (taken down when the next one starts).
    enum class Topic { General, Settings, Run, OnnxExport, ViewExport };

    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(Level level, const QString& text, Topic topic = Topic::General);
    void showInfo(const QString& text, Topic topic = Topic::General) { showMessage(Level::Info, text, topic); }
    void showWarning(const QString& text, Topic topic = Topic::General) { showMessage(Level::Warning, text, topic); }
    void showError(const QString& text, Topic topic = Topic::General) { showMessage(Level::Error, text, topic); }
    void dismiss();
    // Dismisses the warning or error on show when it is about `topic`; information stays.
    void clear(Topic topic);

    QString text() const;
    Level level() const { return level_; }
    Topic topic() const { return topic_; }
    bool isShowingMessage() const { return !isHidden(); }

Q_SIGNALS:
    void messageShown(studio::MessageBar::Level level, const QString& text);

private:
    QLabel* icon_ = nullptr;
    QLabel* text_ = nullptr;
    QToolButton* close_ = nullptr;
    Level level_ = Level::Info;
    Topic topic_ = Topic::General;
};

}  // namespace studio
