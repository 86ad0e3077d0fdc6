#include "tasks/text/text_task.h"

#include "tasks/text/text_project.h"

namespace studio {

TaskResult TextTaskBase::resume(const std::string& dir, int epochs, TrainObserver* observer,
                                const std::atomic<bool>* cancel) const {
    return resumeText(dir, epochs, observer, cancel);
}

TaskResult TextTaskBase::evaluate(const std::string& dir) const { return evaluateTextProject(dir); }

std::size_t TextTaskBase::predict(const std::string& dir, const std::string& dataPath, const std::string& outCsv,
                                  std::vector<std::string>& warnings) const {
    return predictTextProject(dir, dataPath, outCsv);
}

}  // namespace studio
