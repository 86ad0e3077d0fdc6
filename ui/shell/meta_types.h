#pragma once

// Core's value structs travel between the training thread and the GUI thread over queued
// connections; Qt must know them as metatypes.

#include "tasks/task.h"
#include "training/train_config.h"

#include <QMetaType>

Q_DECLARE_METATYPE(studio::BatchStats)
Q_DECLARE_METATYPE(studio::EpochStats)
Q_DECLARE_METATYPE(studio::ForecastJobConfig)
Q_DECLARE_METATYPE(studio::ForecastJobResult)
Q_DECLARE_METATYPE(studio::ForecastEvaluation)
Q_DECLARE_METATYPE(studio::TextJobConfig)
Q_DECLARE_METATYPE(studio::TextJobResult)
Q_DECLARE_METATYPE(studio::TaskResult)

namespace studio {

// Registers the types above; idempotent, call from the GUI thread before the first
// queued connection that carries them.
void registerMetaTypes();

}  // namespace studio
