// libFuzzer target: the CSV reader and the series builder behind it.
// An input is a CSV file. Parsing may fail only with studio::Error (DataError, UsageError);
// any other exception, crash, leak or undefined behaviour is a finding. A table that
// parses is also cut into windows for its last column, as `lstm-studio-cli train` does.

#include "data/csv_reader.h"
#include "data/series_dataset.h"
#include "base/error.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    studio::CsvTable table;
    try {
        table = studio::parseCsv(text, "fuzz.csv");
    } catch (const studio::Error&) {
        return 0;
    }
    if (table.columns.empty()) return 0;
    const std::string& target = table.columns.back().name;
    if (table.find(target) < 0) __builtin_trap();  // a column must be found by its own name
    studio::SeriesSpec spec;
    spec.target = target;
    // Settings from the input's length, so the corpus reaches every scaler and policy.
    spec.window = 1 + static_cast<int>(size % 4);
    spec.horizon = 1 + static_cast<int>(size / 4 % 2);
    spec.scaler = static_cast<studio::ScalerKind>(size / 8 % 5);  // Auto included
    if (size / 64 % 2) spec.calendar = {"auto"};
    spec.missing = size / 32 % 2 ? studio::MissingPolicy::ForwardFill : studio::MissingPolicy::DropRow;
    if (table.columns.size() > 1) spec.features = {table.columns.front().name, target};
    try {
        const studio::SeriesDataset dataset = studio::buildSeriesDataset(table, spec);
        studio::buildInferenceWindows(table, spec, dataset.featureScaler, dataset.targetScaler);
    } catch (const studio::Error&) {
    }
    return 0;
}
