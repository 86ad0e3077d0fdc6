#include "shell/meta_types.h"

namespace studio {

void registerMetaTypes() {
    qRegisterMetaType<BatchStats>();
    qRegisterMetaType<EpochStats>();
    qRegisterMetaType<ForecastJobConfig>();
    qRegisterMetaType<ForecastJobResult>();
    qRegisterMetaType<ForecastEvaluation>();
    qRegisterMetaType<TextJobConfig>();
    qRegisterMetaType<TextJobResult>();
    qRegisterMetaType<TaskResult>();
}

}  // namespace studio
