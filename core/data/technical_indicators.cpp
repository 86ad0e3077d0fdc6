#include "data/technical_indicators.h"

#include "base/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace studio {
namespace {

struct KindInfo {
    IndicatorKind kind;
    const char* name;
    int defaultPeriod;  // 0: takes no period
};

constexpr KindInfo kKinds[] = {
    {IndicatorKind::Sma, "sma", 10},
    {IndicatorKind::Ema, "ema", 20},
    {IndicatorKind::Rsi, "rsi", 14},
    {IndicatorKind::Macd, "macd", 0},
    {IndicatorKind::Bollinger, "bollinger", 20},
    {IndicatorKind::LogReturn, "logret", 0},
    {IndicatorKind::Volatility, "volatility", 20},
    {IndicatorKind::VolumeZ, "volume_z", 20},
};

const KindInfo& infoOf(IndicatorKind kind) {
    for (const KindInfo& info : kKinds)
        if (info.kind == kind) return info;
    return kKinds[0];
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Periods of ema kernels and of macd (12/26, signal 9).
std::size_t emaRows(int period) { return 5 * static_cast<std::size_t>(period + 1); }
constexpr int kMacdFast = 12, kMacdSlow = 26, kMacdSignal = 9;

// The ema recursion over x[t-k+1..t], seeded with the oldest row.
double emaAt(const std::vector<double>& x, std::size_t t, double alpha, std::size_t k) {
    double e = x[t + 1 - k];
    for (std::size_t j = t + 2 - k; j <= t; ++j) e = alpha * x[j] + (1.0 - alpha) * e;
    return e;
}

// Mean and population sd of x[t-n+1..t].
void meanSd(const std::vector<double>& x, std::size_t t, std::size_t n, double& mean, double& sd) {
    double sum = 0.0;
    for (std::size_t j = t + 1 - n; j <= t; ++j) sum += x[j];
    mean = sum / n;
    double sq = 0.0;
    for (std::size_t j = t + 1 - n; j <= t; ++j) sq += (x[j] - mean) * (x[j] - mean);
    sd = std::sqrt(sq / n);
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::string Indicator::text() const {
    std::string s = infoOf(kind).name;
    if (infoOf(kind).defaultPeriod) s += ":" + std::to_string(period);
    return s + "@" + column;
}

std::size_t Indicator::lookBack() const {
    const std::size_t n = static_cast<std::size_t>(period);
    switch (kind) {
        case IndicatorKind::Sma:
        case IndicatorKind::Bollinger:
        case IndicatorKind::VolumeZ:
            return n - 1;
        case IndicatorKind::Ema:
            return emaRows(period) - 1;
        case IndicatorKind::Rsi:
            return 5 * n;
        case IndicatorKind::Macd:
            return (emaRows(kMacdSlow) - 1) + (emaRows(kMacdSignal) - 1);
        case IndicatorKind::LogReturn:
            return 1;
        case IndicatorKind::Volatility:
            return n;
    }
    return 0;
}

std::vector<std::string> Indicator::featureNames() const {
    const std::string base = kIndicatorPrefix + column + ":" + infoOf(kind).name;
    if (kind == IndicatorKind::Macd) return {base, base + "_hist"};
    return {infoOf(kind).defaultPeriod ? base + std::to_string(period) : base};
}

std::vector<Indicator> parseIndicators(const std::vector<std::string>& items, const std::vector<std::string>& inputs,
                                       const std::string& target) {
    std::vector<Indicator> out;
    for (const std::string& item : items) {
        const std::size_t at = item.find('@');
        const std::string head = item.substr(0, at);
        const std::size_t colon = head.find(':');
        const std::string name = head.substr(0, colon);
        const KindInfo* info = nullptr;
        for (const KindInfo& k : kKinds)
            if (name == k.name) info = &k;
        if (!info)
            throw UsageError("unknown indicator '" + item +
                             "' (sma:N, ema:N, rsi:N, macd, bollinger:N, logret, volatility:N, volume_z:N, each "
                             "optionally @column)");
        Indicator ind;
        ind.kind = info->kind;
        ind.period = info->defaultPeriod;
        if (colon != std::string::npos) {
            const std::string digits = head.substr(colon + 1);
            if (!info->defaultPeriod) throw UsageError("indicator '" + item + "': " + name + " takes no period");
            const bool number = !digits.empty() && digits.size() <= 6 &&
                                std::all_of(digits.begin(), digits.end(),
                                            [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
            if (!number || std::stoi(digits) < 2)
                throw UsageError("indicator '" + item + "': the period must be a whole number of rows, at least 2");
            ind.period = std::stoi(digits);
        }
        if (at != std::string::npos) {
            const std::string column = item.substr(at + 1);
            if (column.empty()) throw UsageError("indicator '" + item + "': no column after '@'");
            // As the file spells it; another case only where no input has this exact name.
            if (std::find(inputs.begin(), inputs.end(), column) != inputs.end())
                ind.column = column;
            else
                for (const std::string& input : inputs)
                    if (ind.column.empty() && lower(input) == lower(column)) ind.column = input;
            if (ind.column.empty())
                throw UsageError("indicator '" + item + "': column '" + column +
                                 "' is not one of the model's input columns (add it to --features)");
        } else if (ind.kind == IndicatorKind::VolumeZ) {
            for (const std::string& input : inputs)
                if (lower(input) == "volume") ind.column = input;
            if (ind.column.empty())
                throw UsageError("indicator '" + item +
                                 "': no input column named 'volume'; name one with volume_z:N@column");
        } else {
            ind.column = target;
            if (std::find(inputs.begin(), inputs.end(), target) == inputs.end())
                throw UsageError("indicator '" + item + "': the target '" + target +
                                 "' is not one of the model's input columns; name one with @column");
        }
        for (const Indicator& seen : out)
            if (seen == ind) throw UsageError("indicator '" + item + "' is named twice");
        out.push_back(ind);
    }
    return out;
}

std::size_t indicatorLookBack(const std::vector<Indicator>& indicators) {
    std::size_t l = 0;
    for (const Indicator& ind : indicators) l = std::max(l, ind.lookBack());
    return l;
}

std::vector<std::string> indicatorFeatureNames(const std::vector<Indicator>& indicators) {
    std::vector<std::string> names;
    for (const Indicator& ind : indicators)
        for (const std::string& name : ind.featureNames()) names.push_back(name);
    return names;
}

bool isIndicatorFeature(const std::string& name) { return name.rfind(kIndicatorPrefix, 0) == 0; }

std::vector<double> emaWeights(double alpha, std::size_t k) {
    std::vector<double> w(k);
    double carry = 1.0;  // (1-alpha)^(k-1-i) for the row i, filled newest first
    for (std::size_t i = k; i-- > 1;) {
        w[i] = alpha * carry;
        carry *= 1.0 - alpha;
    }
    w[0] = carry;
    return w;
}

std::vector<std::vector<double>> indicatorValues(const Indicator& ind, const std::vector<double>& x,
                                                 const std::function<std::string(std::size_t)>& where) {
    const std::size_t rows = x.size(), lb = ind.lookBack(), n = static_cast<std::size_t>(ind.period);
    std::vector<std::vector<double>> out(ind.kind == IndicatorKind::Macd ? 2 : 1, std::vector<double>(rows, kNaN));
    std::vector<double>& v = out[0];
    // Log returns, NaN at row 0; the value at a row that is not positive is a DataError.
    auto logReturns = [&] {
        for (std::size_t r = 0; r < rows; ++r)
            if (!(x[r] > 0.0))
                throw DataError((where ? where(r) : "row " + std::to_string(r)) + ": column '" + ind.column +
                                "' holds " + std::to_string(x[r]) + "; the indicator " + ind.text() +
                                " takes logarithms of positive values only");
        std::vector<double> r(rows, kNaN);
        for (std::size_t t = 1; t < rows; ++t) r[t] = std::log(x[t] / x[t - 1]);
        return r;
    };
    switch (ind.kind) {
        case IndicatorKind::Sma:
            for (std::size_t t = lb; t < rows; ++t) {
                double sum = 0.0;
                for (std::size_t j = t + 1 - n; j <= t; ++j) sum += x[j];
                v[t] = sum / n;
            }
            break;
        case IndicatorKind::Ema:
            for (std::size_t t = lb; t < rows; ++t) v[t] = emaAt(x, t, 2.0 / (n + 1), emaRows(ind.period));
            break;
        case IndicatorKind::Rsi: {
            std::vector<double> gain(rows, 0.0), loss(rows, 0.0);
            for (std::size_t j = 1; j < rows; ++j) {
                const double d = x[j] - x[j - 1];
                gain[j] = std::max(d, 0.0), loss[j] = std::max(-d, 0.0);
            }
            const std::size_t k = 5 * n;
            for (std::size_t t = lb; t < rows; ++t) {
                const double g = emaAt(gain, t, 1.0 / n, k), l = emaAt(loss, t, 1.0 / n, k);
                v[t] = g + l == 0.0 ? 50.0 : 100.0 * g / (g + l);
            }
            break;
        }
        case IndicatorKind::Macd: {
            const std::size_t lineStart = emaRows(kMacdSlow) - 1, signalRows = emaRows(kMacdSignal);
            std::vector<double> line(rows, kNaN);
            for (std::size_t t = lineStart; t < rows; ++t)
                line[t] = emaAt(x, t, 2.0 / (kMacdFast + 1), emaRows(kMacdFast)) -
                          emaAt(x, t, 2.0 / (kMacdSlow + 1), emaRows(kMacdSlow));
            for (std::size_t t = lb; t < rows; ++t) {
                v[t] = line[t];
                out[1][t] = line[t] - emaAt(line, t, 2.0 / (kMacdSignal + 1), signalRows);
            }
            break;
        }
        case IndicatorKind::Bollinger:
            for (std::size_t t = lb; t < rows; ++t) {
                double m = 0.0, s = 0.0;
                meanSd(x, t, n, m, s);
                v[t] = s == 0.0 ? 0.5 : (x[t] - (m - 2.0 * s)) / (4.0 * s);
            }
            break;
        case IndicatorKind::LogReturn:
            v = logReturns();
            break;
        case IndicatorKind::Volatility: {
            const std::vector<double> r = logReturns();
            for (std::size_t t = lb; t < rows; ++t) {
                double m = 0.0, s = 0.0;
                meanSd(r, t, n, m, s);
                v[t] = s;
            }
            break;
        }
        case IndicatorKind::VolumeZ:
            for (std::size_t t = lb; t < rows; ++t) {
                double m = 0.0, s = 0.0;
                meanSd(x, t, n, m, s);
                v[t] = s == 0.0 ? 0.0 : (x[t] - m) / s;
            }
            break;
    }
    return out;
}

}  // namespace studio
