#pragma once

// Copies of the fixture projects of tests/data/projects/ (STUDIO_FIXTURE_DIR): every file
// of one, its project.json naming the fixture data where the source tree is now.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>

namespace studio::test {

inline bool copyFixtureProject(const QString& version, const QString& name, const QString& to) {
    const QString fixtures = QStringLiteral(STUDIO_FIXTURE_DIR);
    const QDir from(fixtures + QLatin1Char('/') + version + QLatin1Char('/') + name);
    if (!from.exists() || !QDir().mkpath(to)) return false;
    for (const QString& file : from.entryList(QDir::Files)) {
        QFile in(from.filePath(file));
        if (!in.open(QIODevice::ReadOnly)) return false;
        QByteArray bytes = in.readAll();
        if (file == QLatin1String("project.json")) bytes.replace("@DATA_DIR@", (fixtures + "/data").toUtf8());
        QFile out(to + QLatin1Char('/') + file);
        if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size()) return false;
    }
    return true;
}

}  // namespace studio::test
