#pragma once

// Internal to core: TrainConfig and EpochStats as JSON, the form project files and
// histories keep them in. Knows nothing of where they are stored.

#include "training/train_config.h"
#include "base/json_io.h"

#include <string>
#include <vector>

namespace studio {

Json trainConfigJson(const TrainConfig& t);
TrainConfig trainConfigFrom(const Json& j);  // throws json::exception for missing fields

Json epochStatsJson(const EpochStats& s);
EpochStats epochStatsFrom(const Json& j);  // throws json::exception

// One EpochStats per line; `source` names the text in errors (DataError with the line).
std::string historyJsonLines(const std::vector<EpochStats>& history);
std::vector<EpochStats> historyFromJsonLines(const std::string& text, const std::string& source);

}  // namespace studio
