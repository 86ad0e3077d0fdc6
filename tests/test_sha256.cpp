#include "base/error.h"
#include "base/sha256.h"

#include <QtTest/QtTest>

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <string>

class TestSha256 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void knownVectors_data();
    void knownVectors();
    void fileMatchesSha256sum_data();
    void fileMatchesSha256sum();
    void unreadableFile();
};

void TestSha256::knownVectors_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("digest");

    // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
    QTest::newRow("empty") << QByteArray()
                           << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    QTest::newRow("abc") << QByteArray("abc")
                         << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    QTest::newRow("448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                              << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    QTest::newRow("896 bits")
        << QByteArray(
               "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlm"
               "nopqrsmnopqrstnopqrstu")
        << "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
    QTest::newRow("million a") << QByteArray(1000000, 'a')
                               << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
}

void TestSha256::knownVectors() {
    QFETCH(QByteArray, input);
    QFETCH(QString, digest);
    QCOMPARE(QString::fromStdString(studio::sha256Hex(input.toStdString())), digest);
}

void TestSha256::fileMatchesSha256sum_data() {
    QTest::addColumn<int>("size");
    // Sizes around the 64-byte block and the 56-byte padding boundary, and several read chunks.
    QTest::newRow("55 bytes") << 55;
    QTest::newRow("56 bytes") << 56;
    QTest::newRow("64 bytes") << 64;
    QTest::newRow("4 KB") << 4096 + 17;
    QTest::newRow("200 KB") << 200 * 1024 + 3;
}

void TestSha256::fileMatchesSha256sum() {
    QFETCH(int, size);
    QRandomGenerator random(20240601u + static_cast<quint32>(size));
    QByteArray data(size, Qt::Uninitialized);
    for (char& byte : data) byte = static_cast<char>(random.bounded(256));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("random.bin");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(data), qint64(size));
    file.close();

    QProcess process;
    process.start("sha256sum", {path});
    if (!process.waitForStarted()) QSKIP("sha256sum is not installed");
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.exitCode(), 0);
    const QString expected = QString::fromLatin1(process.readAllStandardOutput()).section(' ', 0, 0);
    QCOMPARE(expected.size(), 64);

    QCOMPARE(QString::fromStdString(studio::sha256File(path.toStdString())), expected);
    QCOMPARE(QString::fromStdString(studio::sha256Hex(data.toStdString())), expected);
}

void TestSha256::unreadableFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const QString& path : {dir.filePath("missing.bin"), dir.path()}) {
        try {
            studio::sha256File(path.toStdString());
            QFAIL(qPrintable("hashed " + path));
        } catch (const studio::DataError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(path + ": "), e.what());
        }
    }
}

QTEST_APPLESS_MAIN(TestSha256)
#include "test_sha256.moc"
