#include "workspace/workspace.h"

#include "workspace/model_panel.h"

#include <QFileInfo>

#include <algorithm>

namespace studio {

bool Workspace::serves(TaskKind kind) const {
    const std::vector<TaskKind> mine = kinds();
    return std::find(mine.begin(), mine.end(), kind) != mine.end();
}

void Workspace::setWidgets(QWidget* data, QWidget* options, QWidget* results, ModelPanel* model) {
    dataWidget_ = data;
    optionsWidget_ = options;
    resultsWidget_ = results;
    modelPanel_ = model;
    connect(modelPanel_, &ModelPanel::validityChanged, this, &Workspace::readinessChanged);
}

bool Workspace::isReady() const { return isDataReady() && modelPanel_->isValid(); }

QString Workspace::problem() const { return !isDataReady() ? dataProblem() : modelPanel_->errors().value(0); }

bool Workspace::checkReady(QString* error) const {
    if (!isDataReady())
        *error = dataProblem();
    else if (!modelPanel_->isValid())
        *error = modelPanel_->errors().join(QLatin1Char('\n'));
    else
        return true;
    return false;
}

bool Workspace::isSameFile(const QString& a, const QString& b) {
    const QString ca = QFileInfo(a).canonicalFilePath();
    return !ca.isEmpty() && ca == QFileInfo(b).canonicalFilePath();
}

}  // namespace studio
