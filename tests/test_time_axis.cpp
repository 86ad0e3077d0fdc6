// Time axis: frequency detection, continuing a time column and writing it back, against
// calendar dates worked out by hand (2024-01-01 was a Monday; 2024 is a leap year).

#include "data/time_axis.h"

#include "base/error.h"
#include "data/csv_reader.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace studio;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Cells as a CSV column holds them: dates through parseDate, numbers through parseNumber,
// "" (an empty cell) as NaN.
std::vector<double> column(const QStringList& cells, bool isDate) {
    std::vector<double> out;
    for (const QString& cell : cells) {
        double value = kNaN;
        const std::string text = cell.toStdString();
        if (!text.empty() && !(isDate ? parseDate(text, value) : parseNumber(text, value)))
            qFatal("test data: cannot parse %s", qPrintable(cell));
        out.push_back(value);
    }
    return out;
}

QStringList formatted(const std::vector<double>& times, bool isDate) {
    QStringList out;
    for (double t : times) out << QString::fromStdString(formatTime(t, isDate));
    return out;
}

}  // namespace

class TestTimeAxis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectAndContinue_data();
    void detectAndContinue();
    void tooFewTimes_data();
    void tooFewTimes();
    void calendarSteps_data();
    void calendarSteps();
    void badContinuation();
    void formatTimeCells_data();
    void formatTimeCells();
    void seasonLengths_data();
    void seasonLengths();
};

void TestTimeAxis::detectAndContinue_data() {
    QTest::addColumn<QStringList>("cells");
    QTest::addColumn<bool>("isDate");
    QTest::addColumn<int>("step");
    QTest::addColumn<double>("fixed");
    QTest::addColumn<bool>("monthEnd");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("next");  // continueTimes from the latest time, formatted

    const auto row = [](const char* tag, const QStringList& cells, bool isDate, TimeStep step, double fixed,
                        bool monthEnd, const char* name, const QStringList& next) {
        QTest::newRow(tag) << cells << isDate << static_cast<int>(step) << fixed << monthEnd << QString(name) << next;
    };
    const auto bd = TimeStep::BusinessDay;

    // Mon 12 Feb 2024 .. Fri 8 Mar; Mon 19 Feb (Presidents' Day) missing: gaps 1, 3 and one 4.
    // After Friday 8 March: Mon 11 .. Fri 15, then Mon 18.
    row("business days, Monday holiday",
        {"2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16", "2024-02-20", "2024-02-21", "2024-02-22",
         "2024-02-23", "2024-02-26", "2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-04", "2024-03-05",
         "2024-03-06", "2024-03-07", "2024-03-08"},
        true, bd, 1.0, false, "business days",
        {"2024-03-11", "2024-03-12", "2024-03-13", "2024-03-14", "2024-03-15", "2024-03-18"});
    // Mon 1 July 2024 .. Fri 12 July; Thursday 4 July missing (a gap of 2), and an empty cell.
    row("business days, midweek holiday",
        {"2024-07-01", "2024-07-02", "", "2024-07-03", "2024-07-05", "2024-07-08", "2024-07-09", "2024-07-10",
         "2024-07-11", "2024-07-12"},
        true, bd, 1.0, false, "business days", {"2024-07-15", "2024-07-16"});
    // Sat 24 Feb .. Wed 28 Feb 2024 (a weekend present): days, through the leap day.
    row("days through a leap day", {"2024-02-24", "2024-02-25", "2024-02-26", "2024-02-27", "2024-02-28"}, true,
        TimeStep::Day, 1.0, false, "days", {"2024-02-29", "2024-03-01", "2024-03-02"});
    // Fri 29 .. Sun 31 Dec 2023 at 09:30: the time of day is kept into the new year.
    row("days with a time of day", {"2023-12-29 09:30", "2023-12-30 09:30", "2023-12-31 09:30"}, true, TimeStep::Day,
        1.0, false, "days", {"2024-01-01 09:30:00", "2024-01-02 09:30:00"});
    // Mondays in December 2024, the 23rd missing (gaps 7, 7, 14).
    row("weeks, one missing", {"2024-12-02", "2024-12-09", "2024-12-16", "2024-12-30"}, true, TimeStep::Week, 1.0,
        false, "weeks", {"2025-01-06", "2025-01-13"});
    // YYYY-MM cells are the first of the month (gaps 31, 30, 31, 31).
    row("months, first of month", {"2023-10", "2023-11", "2023-12", "2024-01", "2024-02"}, true, TimeStep::Month, 1.0,
        false, "months", {"2024-03-01", "2024-04-01", "2024-05-01"});
    // November missing (gaps 30, 61, 31): still months.
    row("months, one missing", {"2023-09-15", "2023-10-15", "2023-12-15", "2024-01-15"}, true, TimeStep::Month, 1.0,
        false, "months", {"2024-02-15", "2024-03-15"});
    row("months, newest first", {"2024-01-15", "2023-12-15", "2023-11-15"}, true, TimeStep::Month, 1.0, false, "months",
        {"2024-02-15"});
    // Month ends into a leap February and back to 31 and 30 days.
    row("month ends, leap year", {"2023-10-31", "2023-11-30", "2023-12-31", "2024-01-31"}, true, TimeStep::Month, 1.0,
        true, "months", {"2024-02-29", "2024-03-31", "2024-04-30"});
    row("month ends, common year", {"2022-11-30", "2022-12-31", "2023-01-31"}, true, TimeStep::Month, 1.0, true,
        "months", {"2023-02-28", "2023-03-31"});
    // The 30th of each month (only November's is a month end): February clamps to the 29th,
    // March is the 30th again.
    row("the 30th of each month", {"2023-10-30", "2023-11-30", "2023-12-30", "2024-01-30"}, true, TimeStep::Month, 1.0,
        false, "months", {"2024-02-29", "2024-03-30"});
    // Quarter starts (gaps 90, 91, 92).
    row("quarters", {"2023-01-01", "2023-04-01", "2023-07-01", "2023-10-01"}, true, TimeStep::Quarter, 1.0, false,
        "quarters", {"2024-01-01", "2024-04-01"});
    // Quarter ends from a 30-day June: September 30, then December 31 (not the 30th).
    row("quarter ends", {"2023-09-30", "2023-12-31", "2024-03-31", "2024-06-30"}, true, TimeStep::Quarter, 1.0, true,
        "quarters", {"2024-09-30", "2024-12-31", "2025-03-31"});
    // Gaps 366 (2020 is a leap year) and 365.
    row("years", {"2020-01-01", "2021-01-01", "2022-01-01"}, true, TimeStep::Year, 1.0, false, "years",
        {"2023-01-01", "2024-01-01"});
    row("year ends", {"2021-12-31", "2022-12-31"}, true, TimeStep::Year, 1.0, true, "years", {"2023-12-31"});
    // Hourly across midnight and the new year; midnight prints as the date alone.
    row("hours", {"2024-12-31 20:00", "2024-12-31 21:00", "2024-12-31 22:00"}, true, TimeStep::Fixed, 1.0 / 24, false,
        "every 0.0416667 days", {"2024-12-31 23:00:00", "2025-01-01", "2025-01-01 01:00:00"});
    // Every 15 minutes, one reading missing (1/96 day = 0.01041666...).
    row("quarter hours",
        {"2024-03-08 22:45", "2024-03-08 23:00", "2024-03-08 23:15", "2024-03-08 23:45", "2024-03-09 00:00"}, true,
        TimeStep::Fixed, 1.0 / 96, false, "every 0.0104167 days", {"2024-03-09 00:15:00", "2024-03-09 00:30:00"});
    row("every other day", {"2024-03-01", "2024-03-03", "2024-03-05"}, true, TimeStep::Fixed, 2.0, false,
        "every 2 days", {"2024-03-07", "2024-03-09"});
    // Numbers: a year column (one year missing), half steps, tenths.
    row("numeric years", {"1749", "1750", "1751", "", "1753", "1754"}, false, TimeStep::Fixed, 1.0, false, "steps of 1",
        {"1755", "1756"});
    row("numeric half steps", {"0", "0.5", "1", "1.5"}, false, TimeStep::Fixed, 0.5, false, "steps of 0.5",
        {"2", "2.5", "3"});
    row("numeric tenths", {"0.1", "0.2", "0.3"}, false, TimeStep::Fixed, 0.1, false, "steps of 0.1", {"0.4", "0.5"});
}

void TestTimeAxis::detectAndContinue() {
    QFETCH(QStringList, cells);
    QFETCH(bool, isDate);
    QFETCH(int, step);
    QFETCH(double, fixed);
    QFETCH(bool, monthEnd);
    QFETCH(QString, name);
    QFETCH(QStringList, next);

    const std::vector<double> times = column(cells, isDate);
    const TimeFrequency f = detectFrequency(times, isDate);
    QCOMPARE(static_cast<int>(f.step), step);
    QCOMPARE(f.date, isDate);
    QCOMPARE(f.fixed, fixed);
    QCOMPARE(f.monthEnd, monthEnd);
    QCOMPARE(QString::fromStdString(f.name()), name);

    double last = -std::numeric_limits<double>::infinity();
    for (double t : times)
        if (!std::isnan(t)) last = std::max(last, t);
    QCOMPARE(formatted(continueTimes(last, f, static_cast<int>(next.size())), isDate), next);
}

void TestTimeAxis::tooFewTimes_data() {
    QTest::addColumn<QVector<double>>("times");
    QTest::addColumn<QString>("why");
    QTest::newRow("none") << QVector<double>{} << "at least 2 times are needed";
    QTest::newRow("one") << QVector<double>{19790} << "at least 2 times are needed";
    QTest::newRow("one and gaps") << QVector<double>{kNaN, 19790, kNaN, std::numeric_limits<double>::infinity()}
                                  << "at least 2 times are needed";
    QTest::newRow("all the same") << QVector<double>{19790, 19790, kNaN} << "every time is 2024-03-08";
}

void TestTimeAxis::tooFewTimes() {
    QFETCH(QVector<double>, times);
    QFETCH(QString, why);
    try {
        detectFrequency(std::vector<double>(times.begin(), times.end()), true);
        QFAIL("no DataError");
    } catch (const DataError& e) {
        QVERIFY2(QString(e.what()).contains(why), e.what());
    }
}

void TestTimeAxis::calendarSteps_data() {
    QTest::addColumn<QString>("last");
    QTest::addColumn<int>("step");
    QTest::addColumn<bool>("monthEnd");
    QTest::addColumn<QStringList>("next");
    // Each step counts from `last`: the 31st comes back after a short month.
    QTest::newRow("Jan 31 + months, leap") << "2024-01-31" << static_cast<int>(TimeStep::Month) << false
                                           << QStringList{"2024-02-29", "2024-03-31", "2024-04-30"};
    QTest::newRow("Jan 31 + months, common")
        << "2023-01-31" << static_cast<int>(TimeStep::Month) << false << QStringList{"2023-02-28", "2023-03-31"};
    QTest::newRow("Feb 28 + month ends") << "2023-02-28" << static_cast<int>(TimeStep::Month) << true
                                         << QStringList{"2023-03-31", "2023-04-30"};
    QTest::newRow("Feb 28 + months") << "2023-02-28" << static_cast<int>(TimeStep::Month) << false
                                     << QStringList{"2023-03-28", "2023-04-28"};
    QTest::newRow("leap day + years") << "2020-02-29" << static_cast<int>(TimeStep::Year) << false
                                      << QStringList{"2021-02-28", "2022-02-28", "2023-02-28", "2024-02-29"};
    QTest::newRow("Nov 30 + quarters") << "2023-11-30" << static_cast<int>(TimeStep::Quarter) << false
                                       << QStringList{"2024-02-29", "2024-05-30"};
    QTest::newRow("time of day kept") << "2024-01-31 06:00" << static_cast<int>(TimeStep::Month) << true
                                      << QStringList{"2024-02-29 06:00:00", "2024-03-31 06:00:00"};
    // From Saturday 9 March 2024 the next business day is Monday the 11th.
    QTest::newRow("business days from a Saturday")
        << "2024-03-09" << static_cast<int>(TimeStep::BusinessDay) << false << QStringList{"2024-03-11", "2024-03-12"};
    QTest::newRow("business days from Friday evening")
        << "2024-03-08 18:00" << static_cast<int>(TimeStep::BusinessDay) << false << QStringList{"2024-03-11 18:00:00"};
    QTest::newRow("weeks over a year end")
        << "2024-12-25" << static_cast<int>(TimeStep::Week) << false << QStringList{"2025-01-01", "2025-01-08"};
    QTest::newRow("none asked") << "2024-12-25" << static_cast<int>(TimeStep::Day) << false << QStringList{};
}

void TestTimeAxis::calendarSteps() {
    QFETCH(QString, last);
    QFETCH(int, step);
    QFETCH(bool, monthEnd);
    QFETCH(QStringList, next);
    TimeFrequency f;
    f.step = static_cast<TimeStep>(step);
    f.date = true;
    f.monthEnd = monthEnd;
    const double from = column({last}, true).front();
    QCOMPARE(formatted(continueTimes(from, f, static_cast<int>(next.size())), true), next);
}

void TestTimeAxis::badContinuation() {
    TimeFrequency numericMonths;
    numericMonths.step = TimeStep::Month;
    QVERIFY_THROWS_EXCEPTION(UsageError, continueTimes(1750, numericMonths, 1));
    TimeFrequency zeroStep;
    zeroStep.fixed = 0;
    QVERIFY_THROWS_EXCEPTION(UsageError, continueTimes(1750, zeroStep, 1));
    QVERIFY_THROWS_EXCEPTION(UsageError, continueTimes(kNaN, TimeFrequency{}, 1));
    QVERIFY(continueTimes(1750, TimeFrequency{}, -3).empty());
}

void TestTimeAxis::formatTimeCells_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("isDate");
    QTest::addColumn<QString>("cell");
    // 2024-03-08 is day 31 + 29 + 7 after 2024-01-01 (day 19723): 19790.
    QTest::newRow("epoch") << 0.0 << true << "1970-01-01";
    QTest::newRow("before the epoch") << -1.0 << true << "1969-12-31";
    QTest::newRow("a date") << 19790.0 << true << "2024-03-08";
    QTest::newRow("evening") << 19790.75 << true << "2024-03-08 18:00:00";
    QTest::newRow("rounded up to a minute") << 19790 + 59.6 / 86400 << true << "2024-03-08 00:01:00";
    QTest::newRow("rounded to midnight") << 19790 + 86399.6 / 86400 << true << "2024-03-09";
    QTest::newRow("just after midnight kept") << 19790 + 0.4 / 86400 << true << "2024-03-08";
    QTest::newRow("no date") << kNaN << true << "";
    QTest::newRow("a year") << 1750.0 << false << "1750";
    QTest::newRow("a half") << 0.5 << false << "0.5";
    QTest::newRow("minus zero") << -0.0 << false << "0";
    QTest::newRow("a third") << 1.0 / 3 << false << "0.3333333333";
    QTest::newRow("ten digits") << 1234567.125 << false << "1234567.125";
    QTest::newRow("large") << 12345678901.0 << false << "1.23456789e+10";
    QTest::newRow("small") << 1e-7 << false << "1e-07";
    QTest::newRow("no number") << kNaN << false << "";
}

void TestTimeAxis::formatTimeCells() {
    QFETCH(double, value);
    QFETCH(bool, isDate);
    QFETCH(QString, cell);
    QCOMPARE(QString::fromStdString(formatTime(value, isDate)), cell);
}

void TestTimeAxis::seasonLengths_data() {
    QTest::addColumn<int>("step");
    QTest::addColumn<bool>("date");
    QTest::addColumn<double>("fixed");
    QTest::addColumn<int>("season");
    QTest::newRow("months") << static_cast<int>(TimeStep::Month) << true << 1.0 << 12;
    QTest::newRow("quarters") << static_cast<int>(TimeStep::Quarter) << true << 1.0 << 4;
    QTest::newRow("weeks") << static_cast<int>(TimeStep::Week) << true << 1.0 << 52;
    QTest::newRow("days") << static_cast<int>(TimeStep::Day) << true << 1.0 << 7;
    QTest::newRow("business days") << static_cast<int>(TimeStep::BusinessDay) << true << 1.0 << 5;
    QTest::newRow("years") << static_cast<int>(TimeStep::Year) << true << 1.0 << 1;
    QTest::newRow("hours") << static_cast<int>(TimeStep::Fixed) << true << 1.0 / 24 << 24;
    QTest::newRow("hours, 0.5% off") << static_cast<int>(TimeStep::Fixed) << true << 1.005 / 24 << 24;
    QTest::newRow("hours, 2% off") << static_cast<int>(TimeStep::Fixed) << true << 1.02 / 24 << 1;
    QTest::newRow("two hours") << static_cast<int>(TimeStep::Fixed) << true << 2.0 / 24 << 1;
    QTest::newRow("every 2 days") << static_cast<int>(TimeStep::Fixed) << true << 2.0 << 1;
    QTest::newRow("numbers of 1/24") << static_cast<int>(TimeStep::Fixed) << false << 1.0 / 24 << 1;
    QTest::newRow("numbers") << static_cast<int>(TimeStep::Fixed) << false << 1.0 << 1;
}

void TestTimeAxis::seasonLengths() {
    QFETCH(int, step);
    QFETCH(bool, date);
    QFETCH(double, fixed);
    QFETCH(int, season);
    TimeFrequency f;
    f.step = static_cast<TimeStep>(step);
    f.date = date;
    f.fixed = fixed;
    QCOMPARE(seasonLength(f), season);
}

QTEST_APPLESS_MAIN(TestTimeAxis)
#include "test_time_axis.moc"
