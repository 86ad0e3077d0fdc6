#pragma once

// For tests that drive lstm-studio-cli (STUDIO_CLI, set by tests/CMakeLists.txt) and read
// the files it writes.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <random>

namespace studio::test {

struct CliResult {
    int code = -1;  // -1: did not finish in time; -2: died of a signal
    QString out, err;
};

inline CliResult runCli(const QStringList& args) {
    QProcess p;
    p.start(STUDIO_CLI, args);
    CliResult r;
    if (!p.waitForFinished(600000)) return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// A bundled data set (datasets/NAME).
inline QString dataset(const char* name) { return QStringLiteral(STUDIO_SOURCE_DIR "/datasets/") + name; }

inline QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline QJsonObject readJson(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject{};
}

inline QStringList readLines(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts)
                                       : QStringList{};
}

// A labeled-text CSV (text,label) of 100 short reviews and, at row 37, one of 100,000
// words: the text that made classification slow and deaf to Ctrl+C without limits.
inline bool writeLongTextCsv(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    f.write("text,label\n");
    std::mt19937 rng(4);
    const char* words[] = {"good", "bad", "fine", "poor", "great", "awful", "ok", "meh"};
    for (int i = 0; i < 100; ++i) {
        QByteArray text;
        const int n = i == 37 ? 100000 : 5 + static_cast<int>(rng() % 10);
        for (int w = 0; w < n; ++w) text += QByteArray(words[rng() % 8]) + ' ';
        f.write(text.trimmed() + (i % 2 ? ",pos\n" : ",neg\n"));
    }
    return true;
}

} // namespace studio::test
