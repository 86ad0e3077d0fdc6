#include "workspace/prediction_data.h"

#include "data/csv_reader.h"
#include "widgets/row_axis.h"

#include <cmath>

namespace studio {

LagCheck LagCheck::compute(const std::vector<double>& pred, const std::vector<double>& truth) {
    LagCheck check;
    const std::size_t n = std::min(pred.size(), truth.size());
    double aligned = 0.0, lagged = 0.0;
    for (std::size_t i = 1; i < n; ++i) {
        if (!std::isfinite(pred[i]) || !std::isfinite(truth[i]) || !std::isfinite(truth[i - 1])) continue;
        aligned += std::abs(pred[i] - truth[i]);
        lagged += std::abs(pred[i] - truth[i - 1]);
        ++check.n;
    }
    if (check.n == 0) return check;
    check.maeAligned = aligned / check.n;
    check.maeLagged = lagged / check.n;
    // A model that copies the last value matches the truth one step earlier far better
    // than on time; a flat or merely poor model is about as wrong either way, so the
    // lagged error must be clearly (20%) lower before the warning is raised.
    check.copiesLastValue = check.maeLagged < 0.8 * check.maeAligned;
    return check;
}

PredictionData PredictionData::build(const ForecastEvaluation& evaluation, bool haveMetrics, const CsvTable* table,
                                     const SeriesSpec& spec) {
    PredictionData d;
    d.target = QString::fromStdString(spec.target);
    d.horizon = std::max<std::size_t>(1, evaluation.horizon);
    d.evaluation = evaluation;
    d.haveMetrics = haveMetrics;
    const std::size_t n = evaluation.rows.size();
    const int targetIndex = table ? table->find(spec.target) : -1;
    const std::vector<double>* target = targetIndex >= 0 ? &table->columns[targetIndex].numbers : nullptr;
    const RowAxis axis = table ? RowAxis::fromTable(*table, spec.timeColumn) : RowAxis::rowNumbers(0);
    d.timeAxis = axis.isTime;
    d.timeColumn = axis.columnName;

    d.x.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        // The forecast row is the next row with a target value (rows without one were
        // dropped by core before windowing).
        std::size_t row = evaluation.rows[i] + 1;
        if (target)
            while (row < target->size() && !std::isfinite((*target)[row])) ++row;
        d.x.push_back(axis.at(row));
        d.pred.push_back(i * d.horizon < evaluation.pred.size() ? evaluation.pred[i * d.horizon] : std::nan(""));
        d.truth.push_back(i * d.horizon < evaluation.truth.size() ? evaluation.truth[i * d.horizon] : std::nan(""));
    }
    d.lag = LagCheck::compute(d.pred, d.truth);

    if (target && !target->empty() && n > 0) {
        const std::size_t window = static_cast<std::size_t>(std::max(1, spec.window));
        const std::size_t first = evaluation.rows.front() + 1 >= window ? evaluation.rows.front() + 1 - window : 0;
        const std::size_t last = std::min(target->size() - 1, evaluation.rows.back() + d.horizon);
        for (std::size_t r = first; r <= last; ++r)
            if (std::isfinite((*target)[r])) {
                d.truthX.push_back(axis.at(r));
                d.truthY.push_back((*target)[r]);
            }
    } else {
        d.truthX = d.x;
        d.truthY = d.truth;
    }
    return d;
}

}  // namespace studio
