#include "widgets/retranslate.h"

#include <QCoreApplication>
#include <QEvent>
#include <QPointer>

#include <algorithm>
#include <utility>
#include <vector>

namespace studio {
namespace {

// Watches the application object for QEvent::LanguageChange and runs the texts of every live owner again, in
// the order they were registered (so a form's own rows come before the panel's texts that refine them).
class LanguageWatch : public QObject {
public:
    // The application's watch, made with (and owned by) the application object.
    static LanguageWatch& instance() {
        static QPointer<LanguageWatch> watch;
        if (watch.isNull()) {
            watch = new LanguageWatch(QCoreApplication::instance());
            QCoreApplication::instance()->installEventFilter(watch);
        }
        return *watch;
    }

    void add(QObject* owner, std::function<void()> apply) { entries_.push_back({owner, std::move(apply)}); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::LanguageChange && watched == QCoreApplication::instance()) runAll();
        return false;
    }

private:
    using QObject::QObject;

    struct Entry {
        QPointer<QObject> owner;
        std::function<void()> apply;
    };

    void runAll() {
        entries_.erase(
            std::remove_if(entries_.begin(), entries_.end(), [](const Entry& e) { return e.owner.isNull(); }),
            entries_.end());
        // An apply may register more texts (a widget made while texts are set): those ran already, so only
        // the entries present now run, by index, since the vector may grow meanwhile.
        const std::size_t count = entries_.size();
        for (std::size_t i = 0; i < count; ++i) {
            if (entries_[i].owner.isNull()) continue;
            const std::function<void()> apply = entries_[i].apply;  // a copy: the vector may reallocate
            apply();
        }
    }

    std::vector<Entry> entries_;
};

}  // namespace

void retranslate(QObject* owner, std::function<void()> apply) {
    apply();
    LanguageWatch::instance().add(owner, std::move(apply));
}

}  // namespace studio
