#pragma once

#include <QList>
#include <QString>

namespace studio {

// A language the interface is translated into: its code ("zh_CN", the suffix of its
// translation files) and its name in itself ("简体中文").
struct InterfaceLanguage {
    QString code;
    QString name;
};

// English (the source texts) first, then every language with a translation.
QList<InterfaceLanguage> interfaceLanguages();

// The language to start in: `saved` (the user's choice in View > Language) when it is one of
// interfaceLanguages(), else the first of the system's UI languages that has a translation
// (zh_CN for zh-Hans, zh-CN and zh-SG), else English.
QString startupLanguage(const QString& saved);

// Makes `code` the interface language now: installs LSTM Studio's translation (embedded in the
// program) and Qt's own for its dialogs and buttons (qtbase_<code>.qm from Qt's translations
// folder), replacing those of the language before, and makes the language's locale the default
// for numbers shown. Installing them sends QEvent::LanguageChange, on which every widget sets its
// texts again (retranslate()). False, and nothing changes, when LSTM Studio's translation
// cannot be loaded; Qt's missing (a machine without qt6-translations-l10n) leaves Qt's own
// buttons in English and is no error. GUI thread only.
bool setInterfaceLanguage(const QString& code);

// The code of the language in effect; "en" until setInterfaceLanguage chose another.
QString currentInterfaceLanguage();

}  // namespace studio
