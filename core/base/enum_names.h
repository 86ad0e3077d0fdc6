#pragma once

// The names by which LSTM Studio's enums are written in project files and typed on the
// command line: one table per enum, specialised next to the enum, read both ways.
//
//   enum class Pooling { Last, Attention };
//   const EnumNames<Pooling>& enumNames(Pooling);   // in the header
//   ... and in the .cpp:
//   const EnumNames<Pooling>& enumNames(Pooling) {
//       static const EnumNames<Pooling> names{"pooling", {{Pooling::Last, "last"}, ...}};
//       return names;
//   }
//
// The functions below take part in overload resolution only for enums with a table
// (found by argument-dependent lookup), so other enums keep their own toString. Qt Test's
// QCOMPARE of such an enum is ambiguous with QTest::toString: tests compare them with
// QVERIFY(a == b).

#include "base/error.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace studio {

template <class E>
struct EnumNames {
    const char* what;                               // the thing named, for messages: "pooling"
    std::vector<std::pair<E, const char*>> values;  // every value, in the order choices are listed
};

// The name of `value` (the first value's name for a value outside the table).
template <class E>
auto toString(E value) -> decltype(enumNames(value), std::string()) {
    const auto& table = enumNames(value);
    for (const auto& [v, name] : table.values)
        if (v == value) return name;
    return table.values.front().second;
}

// "a, b or c": the names in table order.
template <class E>
auto enumChoices() -> decltype(enumNames(E{}), std::string()) {
    const auto& values = enumNames(E{}).values;
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += i + 1 == values.size() ? " or " : ", ";
        out += values[i].second;
    }
    return out;
}

// The value named `name`, or nothing when no value has that name.
template <class E>
auto findEnum(const std::string& name) -> decltype(enumNames(E{}), std::optional<E>()) {
    for (const auto& [v, n] : enumNames(E{}).values)
        if (name == n) return v;
    return std::nullopt;
}

// The value named `name`; throws UsageError "unknown pooling 'x' (expected last or attention)".
template <class E>
auto parseEnum(const std::string& name) -> decltype(enumNames(E{}), E{}) {
    const auto& table = enumNames(E{});
    if (const std::optional<E> value = findEnum<E>(name)) return *value;
    throw UsageError("unknown " + std::string(table.what) + " '" + name + "' (expected " + enumChoices<E>() + ")");
}

}  // namespace studio
