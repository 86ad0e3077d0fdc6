#include "shell/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace studio {
namespace {

const QString kEnglish = QStringLiteral("en");

// The translators installed for the language in effect, owned by the application.
struct Installed {
    QString code = kEnglish;
    QPointer<QTranslator> studio;
    QPointer<QTranslator> qt;
};

Installed& installed() {
    static Installed state;
    return state;
}

void remove(QPointer<QTranslator>& translator) {
    if (translator.isNull()) return;
    QCoreApplication::removeTranslator(translator);
    delete translator;
}

}  // namespace

QList<InterfaceLanguage> interfaceLanguages() {
    return {{kEnglish, QStringLiteral("English")}, {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
}

QString startupLanguage(const QString& saved) {
    for (const InterfaceLanguage& language : interfaceLanguages())
        if (language.code == saved) return saved;
    // uiLanguages() lists BCP 47 names, most preferred first: "zh-CN", "zh-Hans-CN", "zh"…
    for (QString name : QLocale::system().uiLanguages()) {
        name.replace(QLatin1Char('-'), QLatin1Char('_'));
        if (name.startsWith(QLatin1String("en"))) return kEnglish;
        const QLocale locale(name);
        if (locale.language() == QLocale::Chinese && locale.script() != QLocale::TraditionalChineseScript &&
            locale.territory() != QLocale::Taiwan && locale.territory() != QLocale::HongKong &&
            locale.territory() != QLocale::Macao)
            return QStringLiteral("zh_CN");
    }
    return kEnglish;
}

bool setInterfaceLanguage(const QString& code) {
    Installed& state = installed();
    if (code == state.code) return true;
    // Both are loaded before anything changes, and the language in effect is set before they are
    // installed: each installation sends the LanguageChange on which widgets read it.
    QTranslator* studio = nullptr;
    QTranslator* qt = nullptr;
    if (code != kEnglish) {
        studio = new QTranslator(QCoreApplication::instance());
        if (!studio->load(QStringLiteral(":/i18n/lstm-studio_") + code)) {
            delete studio;
            return false;
        }
        qt = new QTranslator(QCoreApplication::instance());
        if (!qt->load(QStringLiteral("qtbase_") + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            delete qt;
            qt = nullptr;
        }
    }
    state.code = studio ? code : kEnglish;
    QLocale::setDefault(studio ? QLocale(code) : QLocale(QLocale::English, QLocale::UnitedStates));
    remove(state.studio);
    remove(state.qt);
    if (qt) QCoreApplication::installTranslator(qt);
    if (studio) QCoreApplication::installTranslator(studio);  // the last installed is asked first
    state.qt = qt;
    state.studio = studio;
    return true;
}

QString currentInterfaceLanguage() { return installed().code; }

}  // namespace studio
