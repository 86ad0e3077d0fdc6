// Calendar inputs: the sine and cosine of each date's month, weekday and hour, checked against
// dates worked out by hand (2024-03-15 was a Friday; 2024-01-01 a Monday), the parts chosen for
// each frequency, and the refusals.

#include "data/calendar_inputs.h"

#include "base/error.h"
#include "data/csv_reader.h"

#include <QtTest>

#include <cmath>

using namespace studio;

namespace {

constexpr double kPi = 3.14159265358979323846;

double dateOf(const char* text) {
    double value = 0;
    if (!parseDate(text, value)) qFatal("test data: cannot parse %s", text);
    return value;
}

}  // namespace

class TestCalendarInputs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void values_data();
    void values();
    void partsForFrequencies_data();
    void partsForFrequencies();
    void namesAndRefusals();
};

void TestCalendarInputs::values_data() {
    QTest::addColumn<QString>("time");
    QTest::addColumn<int>("part");
    QTest::addColumn<double>("phase");  // the hand-worked position in the cycle
    QTest::addColumn<double>("period");
    const auto month = static_cast<int>(CalendarPart::Month), weekday = static_cast<int>(CalendarPart::Weekday),
               hour = static_cast<int>(CalendarPart::Hour);
    QTest::newRow("January") << "2024-01-31" << month << 0.0 << 12.0;
    QTest::newRow("March") << "2024-03-15" << month << 2.0 << 12.0;
    QTest::newRow("December") << "1999-12-01" << month << 11.0 << 12.0;
    QTest::newRow("Monday") << "2024-01-01" << weekday << 0.0 << 7.0;
    QTest::newRow("Friday") << "2024-03-15" << weekday << 4.0 << 7.0;
    QTest::newRow("Sunday") << "2024-03-17" << weekday << 6.0 << 7.0;
    QTest::newRow("before 1970, a Thursday") << "1969-12-25" << weekday << 3.0 << 7.0;
    QTest::newRow("midnight") << "2024-03-15" << hour << 0.0 << 24.0;
    QTest::newRow("06:00") << "2024-03-15 06:00:00" << hour << 6.0 << 24.0;
    QTest::newRow("18:30") << "2024-03-15 18:30:00" << hour << 18.5 << 24.0;
}

void TestCalendarInputs::values() {
    QFETCH(QString, time);
    QFETCH(int, part);
    QFETCH(double, phase);
    QFETCH(double, period);
    const std::vector<double> v = calendarValues(dateOf(qPrintable(time)), {static_cast<CalendarPart>(part)});
    QCOMPARE(v.size(), std::size_t{2});
    const double angle = 2 * kPi * phase / period;
    QVERIFY2(std::abs(v[0] - std::sin(angle)) < 1e-9, qPrintable(QString("sin %1").arg(v[0])));
    QVERIFY2(std::abs(v[1] - std::cos(angle)) < 1e-9, qPrintable(QString("cos %1").arg(v[1])));
}

void TestCalendarInputs::partsForFrequencies_data() {
    QTest::addColumn<QStringList>("cells");
    QTest::addColumn<QString>("parts");  // comma separated; empty: refused
    QTest::newRow("months") << QStringList{"2020-01-01", "2020-02-01", "2020-03-01", "2020-04-01"} << "month";
    QTest::newRow("quarters") << QStringList{"2020-01-01", "2020-04-01", "2020-07-01", "2020-10-01"} << "month";
    QTest::newRow("weeks") << QStringList{"2020-01-06", "2020-01-13", "2020-01-20", "2020-01-27"} << "month";
    QTest::newRow("days") << QStringList{"2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04"} << "weekday,month";
    QTest::newRow("hours") << QStringList{"2020-01-01 00:00:00", "2020-01-01 01:00:00", "2020-01-01 02:00:00"}
                           << "hour,weekday";
    QTest::newRow("years") << QStringList{"2001-01-01", "2002-01-01", "2003-01-01"} << "";
}

void TestCalendarInputs::partsForFrequencies() {
    QFETCH(QStringList, cells);
    QFETCH(QString, parts);
    std::vector<double> times;
    for (const QString& cell : cells) times.push_back(dateOf(qPrintable(cell)));
    if (parts.isEmpty()) {
        QVERIFY_THROWS_EXCEPTION(UsageError, resolveCalendar({"auto"}, times, /*isDate=*/true));
        return;
    }
    QStringList got;
    for (CalendarPart p : resolveCalendar({"auto"}, times, /*isDate=*/true)) got << QString::fromStdString(toString(p));
    QCOMPARE(got.join(','), parts);
}

void TestCalendarInputs::namesAndRefusals() {
    const std::vector<std::string> names = calendarFeatureNames({CalendarPart::Weekday, CalendarPart::Hour});
    QCOMPARE(names, (std::vector<std::string>{"calendar:weekday_sin", "calendar:weekday_cos", "calendar:hour_sin",
                                              "calendar:hour_cos"}));
    QVERIFY(isCalendarFeature(names[0]));
    QVERIFY(!isCalendarFeature("close"));
    const std::vector<double> days = {dateOf("2020-01-01"), dateOf("2020-01-02")};
    // Named parts are kept in the order given; unknown or repeated names are refused.
    QCOMPARE(resolveCalendar({"hour", "month"}, days, true),
             (std::vector<CalendarPart>{CalendarPart::Hour, CalendarPart::Month}));
    QVERIFY(resolveCalendar({}, days, true).empty());
    QVERIFY_THROWS_EXCEPTION(UsageError, resolveCalendar({"season"}, days, true));
    QVERIFY_THROWS_EXCEPTION(UsageError, resolveCalendar({"month", "month"}, days, true));
    // Plain numbers and a missing time column have no calendar.
    QVERIFY_THROWS_EXCEPTION(UsageError, resolveCalendar({"month"}, {1.0, 2.0}, /*isDate=*/false));
    QVERIFY_THROWS_EXCEPTION(UsageError, resolveCalendar({"month"}, {}, false));
    QVERIFY_THROWS_EXCEPTION(DataError, calendarValues(std::nan(""), {CalendarPart::Month}));
}

QTEST_APPLESS_MAIN(TestCalendarInputs)
#include "test_calendar_inputs.moc"
