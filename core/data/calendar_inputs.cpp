#include "data/calendar_inputs.h"

#include "base/error.h"

#include <date/date.h>

#include <cmath>

namespace studio {
namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

std::string toString(CalendarPart part) {
    switch (part) {
        case CalendarPart::Month:
            return "month";
        case CalendarPart::Weekday:
            return "weekday";
        case CalendarPart::Hour:
            return "hour";
    }
    return "month";
}

CalendarPart parseCalendarPart(const std::string& name) {
    for (CalendarPart p : {CalendarPart::Month, CalendarPart::Weekday, CalendarPart::Hour})
        if (toString(p) == name) return p;
    throw UsageError("unknown calendar input '" + name + "' (month, weekday, hour or auto)");
}

std::vector<CalendarPart> calendarPartsFor(const TimeFrequency& frequency) {
    if (!frequency.date) throw UsageError("calendar inputs need a time column of dates; this one holds plain numbers");
    switch (frequency.step) {
        case TimeStep::Month:
        case TimeStep::Quarter:
        case TimeStep::Week:
            return {CalendarPart::Month};
        case TimeStep::Day:
        case TimeStep::BusinessDay:
            return {CalendarPart::Weekday, CalendarPart::Month};
        case TimeStep::Fixed:
            if (frequency.fixed < 1.0) return {CalendarPart::Hour, CalendarPart::Weekday};
            break;
        case TimeStep::Year:
            break;
    }
    throw UsageError("the time column advances in " + frequency.name() +
                     ", which has no month, weekday or hour to repeat; name the calendar inputs instead of auto");
}

std::vector<CalendarPart> resolveCalendar(const std::vector<std::string>& names, const std::vector<double>& times,
                                          bool isDate) {
    if (names.empty()) return {};
    if (times.empty())
        throw UsageError(
            "calendar inputs need a time column of dates (the first date column, or --date-column), and the file has "
            "none");
    if (!isDate) throw UsageError("calendar inputs need a time column of dates; this one holds plain numbers");
    if (names.size() == 1 && names.front() == "auto") return calendarPartsFor(detectFrequency(times, isDate));
    std::vector<CalendarPart> parts;
    for (const std::string& name : names) {
        const CalendarPart part = parseCalendarPart(name);
        for (CalendarPart seen : parts)
            if (seen == part) throw UsageError("calendar input '" + name + "' is named twice");
        parts.push_back(part);
    }
    return parts;
}

std::vector<std::string> calendarFeatureNames(const std::vector<CalendarPart>& parts) {
    std::vector<std::string> names;
    for (CalendarPart p : parts) {
        names.push_back(kCalendarPrefix + toString(p) + "_sin");
        names.push_back(kCalendarPrefix + toString(p) + "_cos");
    }
    return names;
}

std::vector<double> calendarValues(double time, const std::vector<CalendarPart>& parts) {
    if (!std::isfinite(time)) throw DataError("a row without a time has no calendar inputs");
    const double wholeDays = std::floor(time);
    const date::sys_days day{date::days{static_cast<int>(wholeDays)}};
    std::vector<double> values;
    for (CalendarPart p : parts) {
        double phase = 0.0, period = 1.0;
        switch (p) {
            case CalendarPart::Month:
                phase = static_cast<unsigned>(date::year_month_day{day}.month()) - 1.0, period = 12.0;
                break;
            case CalendarPart::Weekday:
                phase = date::weekday{day}.iso_encoding() - 1.0, period = 7.0;
                break;
            case CalendarPart::Hour:
                phase = 24.0 * (time - wholeDays), period = 24.0;
                break;
        }
        const double angle = 2.0 * kPi * phase / period;
        values.push_back(std::sin(angle));
        values.push_back(std::cos(angle));
    }
    return values;
}

bool isCalendarFeature(const std::string& name) { return name.rfind(kCalendarPrefix, 0) == 0; }

}  // namespace studio
