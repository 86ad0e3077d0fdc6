#include "data/csv_reader.h"
#include "base/error.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <clocale>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#ifndef STUDIO_SOURCE_DIR
#error "STUDIO_SOURCE_DIR must name the source tree (the test reads datasets/ from it)"
#endif

using studio::CsvColumn;
using studio::CsvOptions;
using studio::CsvTable;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const QByteArray kBom = "\xEF\xBB\xBF";

// Keeps embedded NUL bytes, which a plain `const char*` conversion would cut off.
template <std::size_t N>
QByteArray bytes(const char (&literal)[N]) {
    return QByteArray(literal, static_cast<int>(N - 1));
}

QString kindName(CsvColumn::Kind kind) {
    switch (kind) {
        case CsvColumn::Kind::Numeric:
            return QStringLiteral("Numeric");
        case CsvColumn::Kind::Date:
            return QStringLiteral("Date");
        case CsvColumn::Kind::Text:
            return QStringLiteral("Text");
    }
    return QStringLiteral("?");
}

CsvTable parse(const QByteArray& text, const CsvOptions& options = {}) {
    return studio::parseCsv(text.toStdString(), "t.csv", options);
}

const CsvColumn& column(const CsvTable& table, const QString& name) {
    const int index = table.find(name.toStdString());
    if (index < 0) throw std::runtime_error("no column " + name.toStdString());
    return table.columns[static_cast<std::size_t>(index)];
}

// `count` lines "i" for the numbers 1..count, then the extra cells.
QByteArray numberColumn(int count, const QList<QByteArray>& extra) {
    QByteArray text = "v\n";
    for (int i = 1; i <= count; ++i) text += QByteArray::number(i) + '\n';
    for (const QByteArray& cell : extra) text += cell + '\n';
    return text;
}

}  // namespace

class TestCsvReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseNumber_data();
    void parseNumber();
    void parseDate_data();
    void parseDate();
    void numbersIgnoreLocale();
    void delimiter_data();
    void delimiter();
    void cellValues_data();
    void cellValues();
    void columnStats_data();
    void columnStats();
    void lineOfRow();
    void carriageReturnLines();
    void findColumn();
    void progressAndCancel();
    void brokenInput_data();
    void brokenInput();
    void unreadablePath_data();
    void unreadablePath();
    void readProgressAndCancel();
    void fileShrinksWhileRead();
    void fileDeletedWhileReadIsReadWhole();
    void pipeIsRefused();
    void sp500File();
    void sunspotsFile();
};

void TestCsvReader::parseNumber_data() {
    QTest::addColumn<QByteArray>("cell");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("value");

    QTest::newRow("integer") << QByteArray("42") << true << 42.0;
    QTest::newRow("negative exponent, spaces") << QByteArray(" -2.5e-3 ") << true << -0.0025;
    QTest::newRow("leading plus") << QByteArray("+.5") << true << 0.5;
    QTest::newRow("capital E") << QByteArray("-1.5E3") << true << -1500.0;
    QTest::newRow("trailing point") << QByteArray("7.") << true << 7.0;
    QTest::newRow("tab padded") << QByteArray("\t3\t") << true << 3.0;
    QTest::newRow("decimal comma") << QByteArray("1,5") << false << 0.0;
    QTest::newRow("nan") << QByteArray("nan") << false << 0.0;
    QTest::newRow("NaN") << QByteArray("NaN") << false << 0.0;
    QTest::newRow("inf") << QByteArray("inf") << false << 0.0;
    QTest::newRow("-infinity") << QByteArray("-infinity") << false << 0.0;
    QTest::newRow("hex") << QByteArray("0x1A") << false << 0.0;
    QTest::newRow("plus minus") << QByteArray("+-5") << false << 0.0;
    QTest::newRow("double minus") << QByteArray("--5") << false << 0.0;
    QTest::newRow("dangling exponent") << QByteArray("1e") << false << 0.0;
    QTest::newRow("inner space") << QByteArray("1 000") << false << 0.0;
    QTest::newRow("overflow") << QByteArray("1e400") << false << 0.0;
    QTest::newRow("lone point") << QByteArray(".") << false << 0.0;
    QTest::newRow("empty") << QByteArray("") << false << 0.0;
    QTest::newRow("spaces only") << QByteArray("   ") << false << 0.0;
    QTest::newRow("unit suffix") << QByteArray("12kg") << false << 0.0;
}

void TestCsvReader::parseNumber() {
    QFETCH(QByteArray, cell);
    QFETCH(bool, ok);
    QFETCH(double, value);
    double out = 123.0;
    QCOMPARE(studio::parseNumber(cell.toStdString(), out), ok);
    QCOMPARE(out, ok ? value : 123.0);  // a failed parse leaves the output alone
}

void TestCsvReader::parseDate_data() {
    QTest::addColumn<QByteArray>("cell");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("days");

    // Day numbers from Python's datetime.date(...) - date(1970, 1, 1).
    QTest::newRow("epoch") << QByteArray("1970-01-01") << true << 0.0;
    QTest::newRow("before epoch") << QByteArray("1969-12-31") << true << -1.0;
    QTest::newRow("2000-01-03") << QByteArray("2000-01-03") << true << 10959.0;
    QTest::newRow("leap day") << QByteArray("2020-02-29") << true << 18321.0;
    QTest::newRow("year-month") << QByteArray("1749-02") << true << -80687.0;
    QTest::newRow("space time") << QByteArray("2000-01-03 12:00") << true << 10959.5;
    QTest::newRow("T time Z") << QByteArray("2000-01-03T06:00:00Z") << true << 10959.25;
    QTest::newRow("fractional seconds") << QByteArray("1970-01-01 00:00:01.5") << true << 1.5 / 86400;
    QTest::newRow("padded") << QByteArray(" 2024-03-01 ") << true << 19783.0;
    QTest::newRow("not a leap year") << QByteArray("2021-02-29") << false << 0.0;
    QTest::newRow("1900 not leap") << QByteArray("1900-02-29") << false << 0.0;
    QTest::newRow("April 31") << QByteArray("2021-04-31") << false << 0.0;
    QTest::newRow("month 13") << QByteArray("2021-13") << false << 0.0;
    QTest::newRow("month 0") << QByteArray("2021-00-10") << false << 0.0;
    QTest::newRow("day 0") << QByteArray("2021-01-00") << false << 0.0;
    QTest::newRow("hour 24") << QByteArray("2021-01-01 24:00") << false << 0.0;
    QTest::newRow("Z without T") << QByteArray("2021-01-01 10:00Z") << false << 0.0;
    QTest::newRow("slashes") << QByteArray("2021/01/01") << false << 0.0;
    QTest::newRow("year only") << QByteArray("2021") << false << 0.0;
    QTest::newRow("trailing junk") << QByteArray("2021-01-01x") << false << 0.0;
    QTest::newRow("one digit month") << QByteArray("2021-1-01") << false << 0.0;
}

void TestCsvReader::parseDate() {
    QFETCH(QByteArray, cell);
    QFETCH(bool, ok);
    QFETCH(double, days);
    double out = 123.0;
    QCOMPARE(studio::parseDate(cell.toStdString(), out), ok);
    if (ok) QCOMPARE(out, days);
}

void TestCsvReader::numbersIgnoreLocale() {
    const QByteArray text = "a;b\n2.5;1,5\n";
    auto check = [&] {
        double value = 0;
        QVERIFY(!studio::parseNumber("1,5", value));
        QVERIFY(studio::parseNumber("2.5", value));
        QCOMPARE(value, 2.5);
        const CsvTable table = parse(text);
        QCOMPARE(table.columns[0].numbers.at(0), 2.5);
        QCOMPARE(kindName(table.columns[1].kind), QStringLiteral("Text"));
    };
    check();
    const std::string previous = std::setlocale(LC_NUMERIC, nullptr);
    const char* german = nullptr;
    for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "de_DE"})
        if ((german = std::setlocale(LC_NUMERIC, name))) break;
    if (!german) {
        qInfo("no German locale installed; only the C-locale half of this test ran");
        return;
    }
    QCOMPARE(std::localeconv()->decimal_point[0], ',');  // proves the locale is really active
    check();
    std::setlocale(LC_NUMERIC, previous.c_str());
}

void TestCsvReader::delimiter_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("option");
    QTest::addColumn<int>("delimiter");
    QTest::addColumn<QString>("names");
    QTest::addColumn<int>("rows");

    QTest::newRow("comma") << QByteArray("a,b,c\n1,2,3\n") << 0 << int(',') << "a|b|c" << 1;
    QTest::newRow("semicolon") << QByteArray("a;b;c\n1;2;3\n4;5;6\n") << 0 << int(';') << "a|b|c" << 2;
    QTest::newRow("tab") << QByteArray("a\tb\n1\t2\n") << 0 << int('\t') << "a|b" << 1;
    QTest::newRow("semicolon beats decimal commas")
        << QByteArray("a;b\n1,5;2,5\n") << 0 << int(';') << "a|b" << 1;
    QTest::newRow("quoted delimiters do not count")
        << QByteArray("\"a,b,c\";d;e\n1;2;3\n") << 0 << int(';') << "a,b,c|d|e" << 1;
    QTest::newRow("tie goes to comma") << QByteArray("a;b,c\n1;2,3\n") << 0 << int(',') << "a;b|c" << 1;
    QTest::newRow("explicit option") << QByteArray("a;b,c\n1;2,3\n") << int(';') << int(';') << "a|b,c" << 1;
    QTest::newRow("one column") << QByteArray("value\n1\n2\n") << 0 << int(',') << "value" << 2;
    QTest::newRow("names trimmed and unquoted")
        << QByteArray(" \" x \" , y \n1,2\n") << 0 << int(',') << "x|y" << 1;
    QTest::newRow("trailing delimiter everywhere")
        << QByteArray("a,b,\n1,2,\n3,4,\n") << 0 << int(',') << "a|b" << 2;
    QTest::newRow("UTF-8 names") << QByteArray("pr\u00e9cio;\u65e5\n1;2\n") << 0 << int(';')
                                 << QString::fromUtf8("pr\u00e9cio|\u65e5") << 1;
}

void TestCsvReader::delimiter() {
    QFETCH(QByteArray, text);
    QFETCH(int, option);
    QFETCH(int, delimiter);
    QFETCH(QString, names);
    QFETCH(int, rows);
    CsvOptions options;
    options.delimiter = static_cast<char>(option);
    const CsvTable table = parse(text, options);
    QCOMPARE(int(table.delimiter), delimiter);
    QStringList actual;
    for (const CsvColumn& c : table.columns) actual << QString::fromStdString(c.name);
    QCOMPARE(actual.join('|'), names);
    QCOMPARE(int(table.rowCount()), rows);
    // Text is kept for text columns only, when every cell of the others parsed.
    for (const CsvColumn& c : table.columns) QCOMPARE(int(c.text.size()), c.kind == CsvColumn::Kind::Text ? rows : 0);
}

void TestCsvReader::cellValues_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("column");
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("number");  // unused for Text columns, whose numbers are empty
    QTest::addColumn<QByteArray>("raw");

    QTest::newRow("comma") << QByteArray("a,b\n1,2\n3,4\n") << "b" << 1 << "Numeric" << 4.0 << QByteArray();
    QTest::newRow("semicolon") << QByteArray("a;b\n1;2.5\n") << "b" << 0 << "Numeric" << 2.5 << QByteArray();
    QTest::newRow("tab") << QByteArray("a\tb\n1\t-7\n") << "b" << 0 << "Numeric" << -7.0 << QByteArray();
    QTest::newRow("quoted comma") << QByteArray("name,v\n\"Smith, J\",1\n") << "name" << 0 << "Text" << 0.0
                                  << QByteArray("Smith, J");
    QTest::newRow("doubled quotes") << QByteArray("name,v\n\"say \"\"hi\"\"\",1\n") << "name" << 0 << "Text"
                                    << 0.0 << QByteArray("say \"hi\"");
    QTest::newRow("embedded newline") << QByteArray("name,v\n\"two\nlines\",1\n") << "name" << 0 << "Text"
                                      << 0.0 << QByteArray("two\nlines");
    QTest::newRow("after embedded newline")
        << QByteArray("name,v\n\"two\nlines\",1\nx,2\n") << "v" << 1 << "Numeric" << 2.0 << QByteArray();
    QTest::newRow("quoted number") << QByteArray("a,b\n\"1.5\",2\n") << "a" << 0 << "Numeric" << 1.5
                                   << QByteArray();
    QTest::newRow("BOM") << kBom + "x,y\n1,2\n"
                         << "x" << 0 << "Numeric" << 1.0 << QByteArray();
    QTest::newRow("CRLF numbers") << QByteArray("x,y\r\n1,2\r\n3,4\r\n") << "y" << 1 << "Numeric" << 4.0
                                  << QByteArray();
    QTest::newRow("CRLF text") << QByteArray("x,name\r\n1,ab\r\n") << "name" << 0 << "Text" << 0.0
                               << QByteArray("ab");
    QTest::newRow("CRLF quoted") << QByteArray("x,name\r\n1,\"ab\"\r\n") << "name" << 0 << "Text" << 0.0
                                 << QByteArray("ab");
    QTest::newRow("ISO date") << QByteArray("date,v\n2000-01-03,1\n") << "date" << 0 << "Date" << 10959.0
                              << QByteArray();
    QTest::newRow("ISO date time") << QByteArray("t,v\n2000-01-03 12:00,1\n") << "t" << 0 << "Date" << 10959.5
                                   << QByteArray();
    QTest::newRow("YYYY-MM") << QByteArray("month,v\n1749-02,1\n") << "month" << 0 << "Date" << -80687.0
                             << QByteArray();
    QTest::newRow("quoted YYYY-MM") << QByteArray("\"month\",\"v\"\n\"1749-01\",58\n") << "month" << 0
                                    << "Date" << -80718.0 << QByteArray();
    QTest::newRow("plain years") << QByteArray("year,v\n1749,1\n1750,2\n") << "year" << 1 << "Numeric"
                                 << 1750.0 << QByteArray();
    QTest::newRow("decimal years") << QByteArray("t,v\n1749.042,1\n1749.125,2\n") << "t" << 0 << "Numeric"
                                   << 1749.042 << QByteArray();
    QTest::newRow("scientific") << QByteArray("a,b\n1.5e3,2E-2\n") << "a" << 0 << "Numeric" << 1500.0
                                << QByteArray();
    QTest::newRow("scientific negative exponent")
        << QByteArray("a,b\n1.5e3,2E-2\n") << "b" << 0 << "Numeric" << 0.02 << QByteArray();
    QTest::newRow("spaces around number")
        << QByteArray("a,b\n  42  ,1\n") << "a" << 0 << "Numeric" << 42.0 << QByteArray();
    QTest::newRow("missing cell") << QByteArray("a,b\n1,\n2,3\n") << "b" << 0 << "Numeric" << kNaN
                                  << QByteArray();
    QTest::newRow("all empty column")
        << QByteArray("a,b\n1,\n2, \n") << "b" << 1 << "Numeric" << kNaN << QByteArray();
    QTest::newRow("unparsable kept") << numberColumn(9, {"n/a"}) << "v" << 9 << "Numeric" << kNaN
                                     << QByteArray("n/a");
    QTest::newRow("parsed next to unparsable")
        << numberColumn(9, {"n/a"}) << "v" << 8 << "Numeric" << 9.0 << QByteArray();
    QTest::newRow("unparsable date kept")
        << QByteArray(
               "d\n2000-01-01\n2000-01-02\n2000-01-03\n2000-01-04\n2000-01-05\n2000-01-06\n"
               "2000-01-07\n2000-01-08\n2000-01-09\nsoon\n")
        << "d" << 9 << "Date" << kNaN << QByteArray("soon");
    QTest::newRow("text keeps numbers raw")
        << QByteArray("w\nabc\n1.50\n") << "w" << 1 << "Text" << 0.0 << QByteArray("1.50");
    // Cells that parse are kept as values while reading; a second pass brings back their
    // text where the column's kind needs it.
    QTest::newRow("text keeps dates raw")
        << QByteArray("w\nabc\n2000-01-02\ndef\n") << "w" << 1 << "Text" << 0.0 << QByteArray("2000-01-02");
    QTest::newRow("numbers keep a date cell raw")
        << numberColumn(9, {"2000-01-01"}) << "v" << 9 << "Numeric" << kNaN << QByteArray("2000-01-01");
    QTest::newRow("dates keep a number cell raw")
        << QByteArray(
               "d\n2000-01-01\n2000-01-02\n2000-01-03\n2000-01-04\n2000-01-05\n2000-01-06\n"
               "2000-01-07\n2000-01-08\n2000-01-09\n 2021 \n")
        << "d" << 9 << "Date" << kNaN << QByteArray(" 2021 ");
    QTest::newRow("text keeps padding")
        << QByteArray("w,v\n  a b ,1\n") << "w" << 0 << "Text" << 0.0 << QByteArray("  a b ");
}

void TestCsvReader::cellValues() {
    QFETCH(QByteArray, text);
    QFETCH(QString, column);
    QFETCH(int, row);
    QFETCH(QString, kind);
    QFETCH(double, number);
    QFETCH(QByteArray, raw);
    const CsvTable table = parse(text);
    const CsvColumn& c = ::column(table, column);
    QCOMPARE(kindName(c.kind), kind);
    const bool textKept = c.kind == CsvColumn::Kind::Text || c.unparsableCells > 0;
    QCOMPARE(int(c.text.size()), textKept ? int(table.rowCount()) : 0);
    if (c.kind == CsvColumn::Kind::Text) {
        QVERIFY(c.numbers.empty());
    } else {
        QCOMPARE(int(c.numbers.size()), int(table.rowCount()));
        QCOMPARE(c.numbers.at(std::size_t(row)), number);
    }
    QCOMPARE(c.text.empty() ? QByteArray() : QByteArray::fromStdString(c.text.at(std::size_t(row))), raw);
}

void TestCsvReader::columnStats_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("emptyCells");
    QTest::addColumn<int>("unparsableCells");

    QTest::newRow("all numbers") << numberColumn(10, {}) << "Numeric" << 0 << 0;
    QTest::newRow("90% numbers") << numberColumn(9, {"n/a"}) << "Numeric" << 0 << 1;
    QTest::newRow("80% numbers is text") << numberColumn(8, {"n/a", "x"}) << "Text" << 0 << 0;
    QTest::newRow("empty cells are not counted")
        << numberColumn(9, {"\"\"", "n/a", "\"  \""}) << "Numeric" << 2 << 1;
    QTest::newRow("all empty") << QByteArray("a,v\n1,\n2,\n3,\"\"\n") << "Numeric" << 3 << 0;
    QTest::newRow("dates with one bad")
        << QByteArray(
               "v\n2000-01\n2000-02\n2000-03\n2000-04\n2000-05\n2000-06\n2000-07\n2000-08\n2000-09\nTBD\n")
        << "Date" << 0 << 1;
    QTest::newRow("impossible dates are text")
        << QByteArray("v\n2021-02-29\n2021-04-31\n") << "Text" << 0 << 0;
    QTest::newRow("words") << QByteArray("v\nham\nspam\n\nham\n") << "Text" << 0 << 0;
    QTest::newRow("text with empty cell") << QByteArray("v,n\nham,1\n,2\n") << "Text" << 1 << 0;
}

void TestCsvReader::columnStats() {
    QFETCH(QByteArray, text);
    QFETCH(QString, kind);
    QFETCH(int, emptyCells);
    QFETCH(int, unparsableCells);
    const CsvTable table = parse(text);
    const CsvColumn& c = ::column(table, "v");
    QCOMPARE(kindName(c.kind), kind);
    QCOMPARE(int(c.emptyCells), emptyCells);
    QCOMPARE(int(c.unparsableCells), unparsableCells);
    if (c.kind == CsvColumn::Kind::Numeric) {  // empty and unparsable cells, and only those, read as NaN
        const auto nans =
            std::count_if(c.numbers.begin(), c.numbers.end(), [](double v) { return std::isnan(v); });
        QCOMPARE(int(nans), emptyCells + unparsableCells);
    }
}

void TestCsvReader::lineOfRow() {
    const CsvTable table = parse("\n\na,b\n\n1,2\n\"x\ny\",3\n  \n\r\n4,5");
    QCOMPARE(int(table.rowCount()), 3);
    QCOMPARE(table.lineOfRow, (std::vector<std::size_t>{5, 6, 10}));
    QCOMPARE(table.columns[1].numbers, (std::vector<double>{2, 3, 5}));
    QCOMPARE(table.path, std::string("t.csv"));
}

// Classic Mac OS line ends (a lone CR): rows, not one long header line. A CR inside a file
// that has LFs stays inside its quoted field.
void TestCsvReader::carriageReturnLines() {
    const CsvTable table = parse("date,close\r2020-01-01,31\r2020-01-02,32.5\r");
    QCOMPARE(int(table.rowCount()), 2);
    QCOMPARE(table.columns[1].numbers, (std::vector<double>{31, 32.5}));
    QCOMPARE(table.lineOfRow, (std::vector<std::size_t>{2, 3}));
    const CsvTable mixed = parse("a,b\n\"x\ry\",1\n");
    QCOMPARE(int(mixed.rowCount()), 1);
    QCOMPARE(mixed.columns[0].text[0], std::string("x\ry"));
}

void TestCsvReader::findColumn() {
    const CsvTable table = parse("Date,close,CLOSE\n2000-01-01,1,2\n");
    QCOMPARE(table.find("CLOSE"), 2);  // exact match wins over the earlier case-insensitive one
    QCOMPARE(table.find("Close"), 1);  // otherwise the first case-insensitive match
    QCOMPARE(table.find("date"), 0);
    QCOMPARE(table.find("volume"), -1);
}

void TestCsvReader::progressAndCancel() {
    QByteArray text = "i,twice\n";
    for (int i = 0; i < 10000; ++i) text += QByteArray::number(i) + ',' + QByteArray::number(2 * i) + '\n';

    std::vector<std::pair<std::size_t, std::size_t>> calls;
    CsvOptions options;
    options.progress = [&](std::size_t done, std::size_t total) {
        calls.emplace_back(done, total);
        return true;
    };
    const CsvTable table = parse(text, options);
    QCOMPARE(int(table.rowCount()), 10000);
    QCOMPARE(table.columns[1].numbers.back(), 19998.0);
    QVERIFY2(calls.size() >= 3, "expected calls after 4096 and 8192 lines and at the end");
    for (std::size_t i = 0; i < calls.size(); ++i) {
        QCOMPARE(calls[i].second, std::size_t(text.size()));
        if (i > 0) QVERIFY(calls[i].first > calls[i - 1].first);
    }
    QCOMPARE(calls.back().first, std::size_t(text.size()));

    options.progress = [](std::size_t, std::size_t) { return false; };
    try {
        parse(text, options);
        QFAIL("a progress callback returning false must cancel");
    } catch (const studio::CancelledError& e) {
        QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("t.csv: cancelled"));
    }
}

void TestCsvReader::brokenInput_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << bytes("") << "t.csv:1:1: is empty";
    QTest::newRow("blank lines only") << bytes("\n \r\n") << "t.csv:1:1: is empty";
    QTest::newRow("BOM only") << kBom << "t.csv:1:1: is empty";
    QTest::newRow("header only") << bytes("a,b\n") << "t.csv:2:1: has a header but no data rows";
    QTest::newRow("header then blank lines")
        << bytes("a,b\n\n\n") << "t.csv:4:1: has a header but no data rows";
    QTest::newRow("short row") << bytes("a,b,c\n1,2,3\n4,5\n")
                               << "t.csv:3:4: expected 3 fields separated by ',', found 2";
    QTest::newRow("long row") << bytes("a,b\n1,2,3\n")
                              << "t.csv:2:5: expected 2 fields separated by ',', found 3";
    QTest::newRow("short row semicolon")
        << bytes("a;b;c\n1;2\n") << "t.csv:2:4: expected 3 fields separated by ';', found 2";
    QTest::newRow("long row tab") << bytes("a\tb\n1\t2\t3\n")
                                  << "t.csv:2:5: expected 2 fields separated by tabs, found 3";
    QTest::newRow("short row CRLF") << bytes("a,b,c\r\n1,2\r\n")
                                    << "t.csv:2:4: expected 3 fields separated by ',', found 2";
    QTest::newRow("after a multi-line field")
        << bytes("a,b\n\"x\ny\",1\n1,2,3\n") << "t.csv:4:5: expected 2 fields separated by ',', found 3";
    QTest::newRow("unterminated quote")
        << bytes("a,b\n1,\"xy\n2,3\n") << "t.csv:2:3: unterminated quoted field (opened here)";
    QTest::newRow("text after closing quote")
        << bytes("a,b\n\"x\"y,1\n") << "t.csv:2:4: expected ',' or end of line after the closing quote";
    QTest::newRow("duplicate header")
        << bytes("a,b,a\n1,2,3\n") << "t.csv:1:5: duplicate column name 'a' (also column 1)";
    QTest::newRow("duplicate after trim")
        << bytes("\"a\", a \n1,2\n") << "t.csv:1:5: duplicate column name 'a'";
    QTest::newRow("empty header name") << bytes("a,,c\n1,2,3\n") << "t.csv:1:3: empty column name (column 2)";
    QTest::newRow("blank header name")
        << bytes("a,  ,c\n1,2,3\n") << "t.csv:1:3: empty column name (column 2)";
    QTest::newRow("quoted empty header")
        << bytes("\"\",b\n1,2\n") << "t.csv:1:1: empty column name (column 1)";
    QTest::newRow("BOM not counted as a column") << kBom + "a,,b\n1,2,3\n"
                                                 << "t.csv:1:3: empty column name";
    QTest::newRow("value in nameless column")
        << bytes("a,b,\n1,2,3\n") << "t.csv:2:5: expected an empty field";
    QTest::newRow("NUL byte") << bytes("a,b\n1,\0\n") << "t.csv:2:3: NUL byte";
    QTest::newRow("UTF-16 with BOM") << bytes("\xFF\xFE") + bytes("a\0,\0b\0") << "t.csv:1:1: UTF-16 text";
    QTest::newRow("UTF-16 without BOM") << bytes("a\0,\0b\0\n\0001\0,\0002\0\n\0")
                                        << "t.csv:1:2: NUL byte: this looks like UTF-16 text";
    QTest::newRow("Latin-1") << bytes("a,b\n1,\xE9t\xE9\n")
                             << "t.csv:2:3: byte 0xE9 is not valid UTF-8; expected UTF-8";
    QTest::newRow("control character") << bytes("a,b\n1,\x01\n")
                                       << "t.csv:2:3: control character 0x01: this looks like a binary file";
    QTest::newRow("binary") << bytes("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\x01\0")
                            << "t.csv:1:1: byte 0x89 is not valid UTF-8: this looks like a binary file";
    QTest::newRow("columns count characters")
        << bytes("a,b\n\xC3\xA9,\xFF\n") << "t.csv:2:3: byte 0xFF is not valid UTF-8";
    QTest::newRow("overlong") << bytes("a\n\xC0\xAF\n") << "t.csv:2:1: byte 0xC0 is not valid UTF-8";
    QTest::newRow("overlong 3 bytes") << bytes("a\n\xE0\x80\xAF\n") << "t.csv:2:1: byte 0xE0 is not valid UTF-8";
    QTest::newRow("above U+10FFFF") << bytes("a\n\xF4\x90\x80\x80\n") << "t.csv:2:1: byte 0xF4 is not valid UTF-8";
    QTest::newRow("surrogate") << bytes("a\n\xED\xA0\x80\n") << "t.csv:2:1: byte 0xED is not valid UTF-8";
    QTest::newRow("truncated sequence") << bytes("a\nx\xE2\x82") << "t.csv:2:2: byte 0xE2 is not valid UTF-8";
}

void TestCsvReader::brokenInput() {
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    try {
        const CsvTable table = parse(text);
        QFAIL(qPrintable("parsed without error into " + QString::number(table.columns.size()) + " columns"));
    } catch (const studio::DataError& e) {
        const QString actual = QString::fromUtf8(e.what());
        QVERIFY2(actual.contains(message), qPrintable(actual));
    }
}

void TestCsvReader::unreadablePath_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing") << STUDIO_SOURCE_DIR "/datasets/no_such_file.csv"
                             << STUDIO_SOURCE_DIR "/datasets/no_such_file.csv: cannot be opened";
    QTest::newRow("directory") << STUDIO_SOURCE_DIR "/datasets"
                               << STUDIO_SOURCE_DIR "/datasets: is a directory";
}

void TestCsvReader::unreadablePath() {
    QFETCH(QString, path);
    QFETCH(QString, message);
    try {
        studio::readCsv(path.toStdString());
        QFAIL("read a path that is not a readable file");
    } catch (const studio::DataError& e) {
        const QString actual = QString::fromUtf8(e.what());
        QVERIFY2(actual.startsWith(message), qPrintable(actual));
    }
}

namespace {

// A file of `rows` rows "i,2i" (about 14 bytes each for 100,000 rows).
QString writeNumbers(const QTemporaryDir& dir, int rows) {
    QByteArray text = "i,twice\n";
    for (int i = 0; i < rows; ++i) text += QByteArray::number(i) + ',' + QByteArray::number(2 * i) + '\n';
    const QString path = dir.filePath(QStringLiteral("numbers.csv"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size()) return {};
    return path;
}

}  // namespace

void TestCsvReader::readProgressAndCancel() {
    QTemporaryDir dir;
    const QString path = writeNumbers(dir, 100000);
    QVERIFY(!path.isEmpty());
    const auto size = static_cast<std::size_t>(QFileInfo(path).size());
    std::vector<std::pair<std::size_t, std::size_t>> calls;
    CsvOptions options;
    options.progress = [&](std::size_t done, std::size_t total) {
        calls.emplace_back(done, total);
        return true;
    };
    const CsvTable table = studio::readCsv(path.toStdString(), options);
    QCOMPARE(int(table.rowCount()), 100000);
    // Reading reports each 1 MiB chunk, parsing every 4096 rows; both count the file once.
    QVERIFY(calls.size() >= 2 + 100000 / 4096);
    for (std::size_t i = 0; i < calls.size(); ++i) {
        QCOMPARE(calls[i].second, 2 * size);
        if (i > 0) QVERIFY(calls[i].first > calls[i - 1].first);
    }
    QCOMPARE(calls.front().first, std::min<std::size_t>(size, std::size_t(1) << 20));
    QCOMPARE(calls.back().first, 2 * size);

    // Cancelling while parsing (past the reading half) throws CancelledError, nothing else.
    options.progress = [&](std::size_t done, std::size_t total) { return done <= total * 3 / 4; };
    try {
        studio::readCsv(path.toStdString(), options);
        QFAIL("a progress callback returning false must cancel");
    } catch (const studio::CancelledError& e) {
        QCOMPARE(QString::fromUtf8(e.what()), path + QStringLiteral(": cancelled"));
    }
}

void TestCsvReader::fileShrinksWhileRead() {
    // The progress callback runs between the reads of 1 MiB chunks: cutting the file there is
    // another program truncating it while the reader is half way.
    QTemporaryDir dir;
    const QString path = writeNumbers(dir, 200000);
    const auto size = static_cast<std::size_t>(QFileInfo(path).size());
    QVERIFY(size > (std::size_t(3) << 20) / 2);
    CsvOptions options;
    bool cut = false;
    options.progress = [&](std::size_t, std::size_t) {
        if (!cut) std::filesystem::resize_file(path.toStdString(), std::size_t(3) << 19);
        cut = true;
        return true;
    };
    try {
        studio::readCsv(path.toStdString(), options);
        QFAIL("a file that shrank while it was read must not parse");
    } catch (const studio::DataError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(path + QStringLiteral(": changed while it was read (") + QString::number(size) +
                                    QStringLiteral(" bytes when opened, 1572864 read)")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("work on a copy")), qPrintable(message));
    }
}

void TestCsvReader::fileDeletedWhileReadIsReadWhole() {
    // Deleting a file takes only its name: the open file is read to its end, as it was.
    QTemporaryDir dir;
    const QString path = writeNumbers(dir, 200000);
    CsvOptions options;
    options.progress = [&](std::size_t, std::size_t) {
        QFile::remove(path);
        return true;
    };
    const CsvTable table = studio::readCsv(path.toStdString(), options);
    QVERIFY(!QFile::exists(path));
    QCOMPARE(int(table.rowCount()), 200000);
    QCOMPARE(table.columns[1].numbers.back(), 399998.0);
}

void TestCsvReader::pipeIsRefused() {
    // Opening a pipe for reading blocks until a writer comes; the reader refuses it at once.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("pipe.csv"));
    QVERIFY(::mkfifo(path.toLocal8Bit().constData(), 0600) == 0);
    try {
        studio::readCsv(path.toStdString());
        QFAIL("read a pipe");
    } catch (const studio::DataError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(path + QStringLiteral(": is not a regular file (a pipe, socket or device)")),
                 qPrintable(message));
    }
}

void TestCsvReader::sp500File() {
    const CsvTable table = studio::readCsv(STUDIO_SOURCE_DIR "/datasets/sp500_2000_2020.csv");
    // 5105 data rows, as Python's csv module also counts: the last line has no line feed, so
    // `wc -l` (and the 5104 in shared/datasets/SOURCES.md) is one short.
    QCOMPARE(int(table.rowCount()), 5105);
    QCOMPARE(int(table.columns.size()), 7);
    QCOMPARE(table.delimiter, ',');
    QCOMPARE(table.lineOfRow.front(), std::size_t(2));
    const CsvColumn& date = table.columns[std::size_t(table.find("date"))];
    QCOMPARE(kindName(date.kind), QStringLiteral("Date"));
    QCOMPARE(date.numbers.front(), 10959.0);  // 2000-01-03
    const CsvColumn& close = table.columns[std::size_t(table.find("close"))];
    QCOMPARE(kindName(close.kind), QStringLiteral("Numeric"));
    QCOMPARE(close.numbers.front(), 1455.219971);
    QCOMPARE(close.numbers.back(), 2874.560059);  // last line of the file
    QCOMPARE(table.columns[6].numbers.at(1), 1009000000.0);
    for (const CsvColumn& c : table.columns) QCOMPARE(int(c.emptyCells + c.unparsableCells), 0);
}

void TestCsvReader::sunspotsFile() {
    const CsvTable table = studio::readCsv(STUDIO_SOURCE_DIR "/datasets/sunspots_monthly.csv");
    QCOMPARE(int(table.rowCount()), 3177);
    QCOMPARE(int(table.columns.size()), 2);
    QCOMPARE(table.columns[0].name, std::string("month"));
    QCOMPARE(table.columns[1].name, std::string("sunspots"));
    QCOMPARE(kindName(table.columns[0].kind), QStringLiteral("Date"));
    QCOMPARE(table.columns[0].numbers.at(0), -80718.0);  // 1749-01-01
    QCOMPARE(table.columns[0].numbers.at(1), -80687.0);  // 1749-02-01
    QCOMPARE(kindName(table.columns[1].kind), QStringLiteral("Numeric"));
    QCOMPARE(table.columns[1].numbers.at(0), 58.0);
    QCOMPARE(table.columns[1].numbers.at(1), 62.6);
}

QTEST_APPLESS_MAIN(TestCsvReader)
#include "test_csv_reader.moc"
