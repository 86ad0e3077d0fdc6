#pragma once

// For tests that drive lstm-studio-cli (STUDIO_CLI, set by tests/CMakeLists.txt) and read
// the files it writes.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

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

inline QJsonObject readJson(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject{};
}

inline QStringList readLines(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts)
                                       : QStringList{};
}

} // namespace studio::test
