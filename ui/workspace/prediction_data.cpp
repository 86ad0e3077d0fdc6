#include "workspace/prediction_data.h"

#include "data/csv_reader.h"

#include <algorithm>
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

double PredictionData::forecastX(std::size_t row, std::size_t ahead) const {
    if (targetRows_.empty()) return axis_.at(row + ahead);
    const std::size_t next =
        static_cast<std::size_t>(std::upper_bound(targetRows_.begin(), targetRows_.end(), row) - targetRows_.begin());
    const std::size_t index = next + ahead - 1;
    if (index < targetRows_.size()) return axis_.at(targetRows_[index]);
    // Past the file's last row (a truth that is not known): continue its spacing.
    return axis_.at(targetRows_.back() + (index - targetRows_.size() + 1));
}

void PredictionData::selectStep(int wanted) {
    step = std::clamp(wanted, 1, static_cast<int>(horizon));
    const std::size_t h = static_cast<std::size_t>(step - 1);
    const std::size_t n = evaluation.rows.size();
    auto at = [&](const std::vector<double>& values, std::size_t i) {
        const std::size_t k = i * horizon + h;
        return k < values.size() ? values[k] : std::nan("");
    };
    x.clear(), pred.clear(), truth.clear(), bands.clear();
    for (std::size_t i = 0; i < n; ++i) {
        x.push_back(forecastX(evaluation.rows[i], h + 1));
        pred.push_back(at(evaluation.pred, i));
        truth.push_back(at(evaluation.truth, i));
    }
    for (const IntervalBand& interval : evaluation.intervals) {
        if (interval.lower.size() < n * horizon || interval.upper.size() < n * horizon) continue;
        Band band;
        band.level = interval.level;
        for (std::size_t i = 0; i < n; ++i) {
            // An uncalibrated bound (±inf) is unknown, not infinitely wide.
            const double lower = at(interval.lower, i), upper = at(interval.upper, i);
            band.lower.push_back(std::isfinite(lower) ? lower : std::nan(""));
            band.upper.push_back(std::isfinite(upper) ? upper : std::nan(""));
        }
        bands.push_back(std::move(band));
    }
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
    d.axis_ = table ? RowAxis::fromTable(*table, spec.timeColumn) : RowAxis::rowNumbers(0);
    d.timeAxis = d.axis_.isTime;
    d.timeColumn = d.axis_.columnName;
    if (target)
        for (std::size_t r = 0; r < target->size(); ++r)
            if (std::isfinite((*target)[r])) d.targetRows_.push_back(r);
    d.selectStep(1);
    d.lag = LagCheck::compute(d.pred, d.truth);

    if (target && !target->empty() && n > 0) {
        const std::size_t window = static_cast<std::size_t>(std::max(1, spec.window));
        const std::size_t first = evaluation.rows.front() + 1 >= window ? evaluation.rows.front() + 1 - window : 0;
        const std::size_t last = std::min(target->size() - 1, evaluation.rows.back() + d.horizon);
        for (std::size_t r = first; r <= last; ++r)
            if (std::isfinite((*target)[r])) {
                d.truthX.push_back(d.axis_.at(r));
                d.truthY.push_back((*target)[r]);
            }
    } else {
        d.truthX = d.x;
        d.truthY = d.truth;
    }
    return d;
}

}  // namespace studio
