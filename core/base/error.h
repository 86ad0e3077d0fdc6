#pragma once

#include <stdexcept>
#include <string>

namespace studio {

// Every error core throws derives from Error and carries a message a user can act on:
// which file, line and column, what was expected, what to try.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The input data is unusable (unreadable file, broken CSV, non-numeric target ...).
// The CLI maps it to exit code 3.
class DataError : public Error {
public:
    using Error::Error;
};

// A long operation stopped because its caller asked it to (a progress callback returned
// false or a cancel flag was set); nothing it would have produced exists. The CLI maps it
// to exit code 1.
class CancelledError : public Error {
public:
    using Error::Error;
};

// A setting is invalid or inconsistent (unknown column, window longer than the data ...).
// The CLI maps it to exit code 2.
class UsageError : public Error {
public:
    using Error::Error;
};

} // namespace studio
