#pragma once

#include <string>
#include <vector>

namespace studio {

// The calendar step between two rows of a time column.
enum class TimeStep { BusinessDay, Day, Week, Month, Quarter, Year, Fixed };

// How a time column advances. Date columns hold days since 1970-01-01 (CsvColumn::Kind::Date,
// fractional for times of day, no time zone); numeric columns hold plain numbers (a year, an
// index). Every field has a default: a plain number column counting 1, 2, 3 ...
struct TimeFrequency {
    TimeStep step = TimeStep::Fixed;
    bool date = false;      // values are days since 1970-01-01 (else plain numbers: step is Fixed)
    double fixed = 1.0;     // Fixed: the step in the column's units (days for dates, e.g. 1/24 for hourly)
    bool monthEnd = false;  // Month/Quarter/Year: the times sit on the last day of their month

    // For a user: "business days", "days", "weeks", "months", "quarters", "years"; Fixed:
    // "every 0.0416667 days" (dates) or "steps of 1" (numbers), 6 significant digits.
    std::string name() const;
};

// The frequency of a time column, from its typical (median) spacing. NaN and infinite entries
// are skipped; the times are sorted first and repeated times ignored, so the column's order
// does not matter. Throws DataError naming why when fewer than 2 distinct times remain.
//
// Dates (isDate):
//   - BusinessDay: the median gap is 1 day, no time falls on a Saturday or Sunday, and the
//     times skip at least one weekend (a Monday-to-Friday run alone reads as Day);
//   - Day 1, Week 7, Month 28-31, Quarter 89-92, Year 365-366 days (within about 90 seconds);
//   - otherwise Fixed with the median gap (rounded to a whole second when within a millisecond
//     of one): hourly data gives Fixed 1/24.
//   The step suggested by the median must also hold for more than half of the gaps, so that a
//   few irregular gaps (holidays in business-day data, a missing month) do not change the
//   answer, while data with no majority spacing falls back to Fixed with the median gap.
//   Month/Quarter/Year: monthEnd is set when more than half of the times are the last day of
//   their month.
// Numbers: Fixed with the median gap rounded to 10 significant digits (a year column 1749,
//   1750, ... gives Fixed 1; a column of 0.5 steps gives 0.5).
// Any thread may call it; it keeps no state.
TimeFrequency detectFrequency(const std::vector<double>& times, bool isDate);

// The n times after `last` at `frequency`, in the column's units; empty for n <= 0.
// Dates:
//   - BusinessDay skips Saturdays and Sundays only: there is no holiday calendar, so a
//     forecast may land on a public holiday. From a weekend day the first time is the
//     following Monday.
//   - Month/Quarter/Year keep last's day of month, clamped to each month's length, counting
//     every step from `last` (2024-01-31 + 1 month = 2024-02-29, + 2 months = 2024-03-31);
//     with monthEnd every time is the last day of its month (2020-01-31, 2020-02-29, 2020-03-31).
//   - The time of day of `last` is kept by every calendar step.
//   - Fixed adds k·fixed days.
// Numbers: last + k·fixed.
// Throws UsageError for a non-finite `last`, a Fixed step that is not finite and positive, or
// a calendar step on a numeric column.
std::vector<double> continueTimes(double last, const TimeFrequency& frequency, int n);

// A time as a CSV cell, independent of the C and C++ locales. Dates: "YYYY-MM-DD", followed by
// " hh:mm:ss" when the value, rounded to the second, has a time of day (so midnight prints as
// the date alone); parseDate reads both back. Numbers: up to 10 significant digits, like
// printf's %.10g ("1750", "0.5", "1e-07"), as are dates more than 10^7 days from 1970 (outside
// the calendar). NaN and infinities give "" (an empty cell).
std::string formatTime(double value, bool isDate);

// The season of a frequency, for a seasonal naive forecast: Month 12, Quarter 4, Week 52,
// Day 7, BusinessDay 5, Fixed hourly dates (1/24 day, within 1%) 24, everything else (Year,
// other Fixed steps, numbers) 1 (no season).
int seasonLength(const TimeFrequency& frequency);

}  // namespace studio
