#pragma once

// Calendar inputs: the position of each row's time within a year, a week or a day, as a sine
// and cosine pair so that December sits next to January. They are derived from the time
// column, so they are known for future rows too and a model that reads them can still
// forecast past its horizon on its own forecasts. Plain functions; any thread may call them.

#include "data/time_axis.h"

#include <string>
#include <vector>

namespace studio {

// One cycle of the calendar:
//   - month:   month of the year, 12 phases (January at angle 0);
//   - weekday: day of the week, 7 phases (Monday at angle 0);
//   - hour:    time of day in hours, period 24.
enum class CalendarPart { Month, Weekday, Hour };

// The prefix of a calendar input's feature name ("calendar:month_sin"): no file column is
// read for a feature so named.
inline constexpr const char* kCalendarPrefix = "calendar:";

// "month", "weekday", "hour"; parseCalendarPart throws UsageError for another name.
std::string toString(CalendarPart part);
CalendarPart parseCalendarPart(const std::string& name);

// The parts that suit a frequency: months, quarters and weeks → month; days and business days →
// weekday, month; steps below a day → hour, weekday. Years, other steps and numeric time
// columns have no calendar: UsageError saying why.
std::vector<CalendarPart> calendarPartsFor(const TimeFrequency& frequency);

// The parts of a --calendar list: "auto" (calendarPartsFor the times' frequency) or names
// separated by commas. Numeric times have no calendar (UsageError).
std::vector<CalendarPart> resolveCalendar(const std::vector<std::string>& names, const std::vector<double>& times,
                                          bool isDate);

// Feature names, two per part in order: "calendar:month_sin", "calendar:month_cos", ...
std::vector<std::string> calendarFeatureNames(const std::vector<CalendarPart>& parts);

// The calendar inputs of a date (days since 1970-01-01, fractional for the time of day), in
// the order of calendarFeatureNames: sin and cos of 2π·phase/period. DataError for a time that
// is not finite.
std::vector<double> calendarValues(double time, const std::vector<CalendarPart>& parts);

// True for a feature name that calendarFeatureNames gives.
bool isCalendarFeature(const std::string& name);

}  // namespace studio
