#include "data/time_axis.h"

#include "base/error.h"

#include <date/date.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace studio {

namespace {

// Gaps within about 90 seconds of a whole number of days count as that many days: dates with a
// time of day carry rounding error from the seconds-to-days division.
constexpr double kDayTolerance = 1e-3;
// Days since 1970 beyond this (about years -25000 and 29000) are not dates; date::year stops at
// ±32767 and its int arithmetic must not overflow.
constexpr double kMaxDays = 1e7;

std::string formatGeneral(double value, int digits) {
    if (value == 0.0) value = 0.0;  // "-0" is not a useful cell
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, digits);
    return std::string(buffer, result.ptr);
}

// The nearest double to `value` written with 10 significant digits: a step of 0.1 measured
// as 0.09999999999999964 becomes 0.1 again.
double roundSignificant(double value) {
    const std::string text = formatGeneral(value, 10);
    double out = value;
    std::from_chars(text.data(), text.data() + text.size(), out);
    return out;
}

date::sys_days toSysDays(double dayNumber) { return date::sys_days{date::days{static_cast<int>(dayNumber)}}; }

double dayNumber(date::sys_days day) { return static_cast<double>(day.time_since_epoch().count()); }

bool isWeekend(double wholeDay) {
    const date::weekday wd{toSysDays(wholeDay)};
    return wd == date::Saturday || wd == date::Sunday;
}

bool isMonthEnd(double time) {
    const date::year_month_day ymd{toSysDays(std::floor(time))};
    return ymd.day() == (ymd.year() / ymd.month() / date::last).day();
}

// True when some weekend day lies strictly between two consecutive times.
bool skipsAWeekend(const std::vector<double>& sorted) {
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        const double from = std::floor(sorted[i - 1]), to = std::floor(sorted[i]);
        if (to - from >= 7) return true;
        for (double d = from + 1; d < to; ++d)
            if (isWeekend(d)) return true;
    }
    return false;
}

}  // namespace

std::string TimeFrequency::name() const {
    switch (step) {
        case TimeStep::BusinessDay:
            return "business days";
        case TimeStep::Day:
            return "days";
        case TimeStep::Week:
            return "weeks";
        case TimeStep::Month:
            return "months";
        case TimeStep::Quarter:
            return "quarters";
        case TimeStep::Year:
            return "years";
        case TimeStep::Fixed:
            break;
    }
    return date ? "every " + formatGeneral(fixed, 6) + " days" : "steps of " + formatGeneral(fixed, 6);
}

TimeFrequency detectFrequency(const std::vector<double>& times, bool isDate) {
    std::vector<double> sorted;
    sorted.reserve(times.size());
    for (double t : times)
        if (std::isfinite(t)) sorted.push_back(t);
    if (sorted.size() < 2)
        throw DataError("time column: at least 2 times are needed to tell its frequency, found " +
                        std::to_string(sorted.size()));
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    if (sorted.size() < 2)
        throw DataError("time column: every time is " + formatTime(sorted.front(), isDate) +
                        ", so the column has no frequency");
    if (isDate && (std::abs(sorted.front()) > kMaxDays || std::abs(sorted.back()) > kMaxDays))
        throw DataError(
            "time column: " + formatTime(std::abs(sorted.front()) > kMaxDays ? sorted.front() : sorted.back(), false) +
            " days since 1970-01-01 is outside the calendar");

    std::vector<double> gaps(sorted.size() - 1);
    for (std::size_t i = 1; i < sorted.size(); ++i) gaps[i - 1] = sorted[i] - sorted[i - 1];
    // The lower median is a gap that occurs in the data: an average of two middle gaps
    // (1 and 2 hours, say) would be a step the column never takes.
    std::vector<double> ordered = gaps;
    const auto middle = ordered.begin() + static_cast<std::ptrdiff_t>((ordered.size() - 1) / 2);
    std::nth_element(ordered.begin(), middle, ordered.end());
    const double median = *middle;

    TimeFrequency f;
    f.date = isDate;
    if (!isDate) {
        f.fixed = roundSignificant(median);
        return f;
    }

    // The median proposes a step; more than half of the gaps must agree with it.
    const auto holds = [&](double lo, double hi) {
        if (median < lo - kDayTolerance || median > hi + kDayTolerance) return false;
        const auto agreeing = std::count_if(
            gaps.begin(), gaps.end(), [&](double g) { return g >= lo - kDayTolerance && g <= hi + kDayTolerance; });
        return 2 * static_cast<std::size_t>(agreeing) > gaps.size();
    };
    if (holds(1, 1)) {
        const bool weekendPresent =
            std::any_of(sorted.begin(), sorted.end(), [](double t) { return isWeekend(std::floor(t)); });
        f.step = !weekendPresent && skipsAWeekend(sorted) ? TimeStep::BusinessDay : TimeStep::Day;
    } else if (holds(7, 7)) {
        f.step = TimeStep::Week;
    } else if (holds(28, 31)) {
        f.step = TimeStep::Month;
    } else if (holds(89, 92)) {
        f.step = TimeStep::Quarter;
    } else if (holds(365, 366)) {
        f.step = TimeStep::Year;
    } else {
        // Whole seconds when the data is on them (hourly, every 15 minutes ...).
        const double seconds = median * 86400.0;
        const double whole = std::round(seconds);
        f.fixed = whole >= 1 && std::abs(seconds - whole) < 1e-3 ? whole / 86400.0 : median;
        return f;
    }
    if (f.step == TimeStep::Month || f.step == TimeStep::Quarter || f.step == TimeStep::Year) {
        const auto ends = std::count_if(sorted.begin(), sorted.end(), isMonthEnd);
        f.monthEnd = 2 * static_cast<std::size_t>(ends) > sorted.size();
    }
    return f;
}

std::vector<double> continueTimes(double last, const TimeFrequency& frequency, int n) {
    if (n <= 0) return {};
    if (!std::isfinite(last)) throw UsageError("continueTimes: the last time is not a finite number");
    if (!frequency.date && frequency.step != TimeStep::Fixed)
        throw UsageError("continueTimes: a numeric time column can only advance in fixed steps, not " +
                         frequency.name());
    if (frequency.date && std::abs(last) > kMaxDays)
        throw UsageError("continueTimes: " + formatTime(last, false) +
                         " days since 1970-01-01 is outside the calendar");

    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(n));
    if (frequency.step == TimeStep::Fixed) {
        if (!std::isfinite(frequency.fixed) || frequency.fixed <= 0)
            throw UsageError("continueTimes: the step " + formatTime(frequency.fixed, false) +
                             " is not a positive number");
        // k·step rather than a running sum, so that rounding errors do not pile up.
        for (int k = 1; k <= n; ++k) out.push_back(last + k * frequency.fixed);
        return out;
    }

    const double firstDay = std::floor(last);
    const double timeOfDay = last - firstDay;
    switch (frequency.step) {
        case TimeStep::Day:
            for (int k = 1; k <= n; ++k) out.push_back(firstDay + k + timeOfDay);
            return out;
        case TimeStep::Week:
            for (int k = 1; k <= n; ++k) out.push_back(firstDay + 7.0 * k + timeOfDay);
            return out;
        case TimeStep::BusinessDay: {
            double day = firstDay;
            for (int k = 1; k <= n; ++k) {
                do ++day;
                while (isWeekend(day));
                out.push_back(day + timeOfDay);
            }
            return out;
        }
        default:
            break;
    }

    const int monthsPerStep = frequency.step == TimeStep::Month ? 1 : frequency.step == TimeStep::Quarter ? 3 : 12;
    if (static_cast<double>(n) * monthsPerStep > 12.0 * 20000)
        throw UsageError("continueTimes: " + std::to_string(n) + " steps of " + frequency.name() +
                         " run past the calendar");
    const date::year_month_day start{toSysDays(firstDay)};
    const date::year_month startMonth = start.year() / start.month();
    for (int k = 1; k <= n; ++k) {
        // Every step counts from `last`, so a clamped Feb 29 does not pull March to the 29th.
        const date::year_month target = startMonth + date::months{k * monthsPerStep};
        const date::day lastDay = (target / date::last).day();
        const date::day day = frequency.monthEnd ? lastDay : std::min(start.day(), lastDay);
        out.push_back(dayNumber(date::sys_days{target / day}) + timeOfDay);
    }
    return out;
}

std::string formatTime(double value, bool isDate) {
    if (!std::isfinite(value)) return {};
    if (!isDate || std::abs(value) > kMaxDays) return formatGeneral(value, 10);

    const auto seconds = static_cast<long long>(std::llround(value * 86400.0));
    long long day = seconds / 86400;
    long long secondOfDay = seconds % 86400;
    if (secondOfDay < 0) {
        secondOfDay += 86400;
        --day;
    }
    const date::year_month_day ymd{toSysDays(static_cast<double>(day))};
    char buffer[48];
    int length = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                               static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    if (secondOfDay != 0)
        length += std::snprintf(buffer + length, sizeof buffer - static_cast<std::size_t>(length),
                                " %02lld:%02lld:%02lld", secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60);
    return std::string(buffer, static_cast<std::size_t>(length));
}

int seasonLength(const TimeFrequency& frequency) {
    switch (frequency.step) {
        case TimeStep::Month:
            return 12;
        case TimeStep::Quarter:
            return 4;
        case TimeStep::Week:
            return 52;
        case TimeStep::Day:
            return 7;
        case TimeStep::BusinessDay:
            return 5;
        case TimeStep::Year:
            return 1;
        case TimeStep::Fixed:
            break;
    }
    return frequency.date && std::abs(frequency.fixed * 24.0 - 1.0) <= 0.01 ? 24 : 1;
}

}  // namespace studio
