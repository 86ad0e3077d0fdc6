#pragma once

// Technical indicators: causal features derived from a column of the series (moving averages,
// RSI, MACD, Bollinger %B, log returns, volatility, volume z-scores), added as model inputs
// after the file's features. Each value at row t reads rows t - lookBack .. t only, over a
// finite look-back, so the ONNX export can compute the same numbers from the raw rows in its
// input. Plain functions; any thread may call them.
//
// With x the column's raw values:
//   sma:N        mean of x[t-N+1..t]                                    look-back N-1
//   ema:N        alpha = 2/(N+1), K = 5(N+1): e = x[t-K+1], then        look-back K-1
//                e = alpha·x[j] + (1-alpha)·e for j = t-K+2..t
//   rsi:N        gains and losses of d[j] = x[j]-x[j-1], each averaged   look-back 5N
//                as ema with alpha = 1/N over the last K = 5N of them;
//                100·G/(G+L), 50 when G+L = 0
//   macd         line = ema12 - ema26; hist = line - ema9 of the line    look-back 134 + 49
//                (two features: the line, then hist)
//   bollinger:N  %B = (x - (m - 2s)) / 4s, m and s the mean and         look-back N-1
//                population sd of x[t-N+1..t]; 0.5 when s = 0
//   logret       ln(x[t] / x[t-1]); values must be positive              look-back 1
//   volatility:N population sd of the last N log returns                 look-back N
//   volume_z:N   (v[t] - mean) / sd over v[t-N+1..t]; 0 when sd = 0      look-back N-1

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace studio {

enum class IndicatorKind { Sma, Ema, Rsi, Macd, Bollinger, LogReturn, Volatility, VolumeZ };

// The prefix of an indicator's feature name ("indicator:Close:sma10"): no file column is read
// for a feature so named.
inline constexpr const char* kIndicatorPrefix = "indicator:";

struct Indicator {
    IndicatorKind kind = IndicatorKind::Sma;
    int period = 0;      // N; 0 for macd and logret
    std::string column;  // the input column it is computed from

    // "sma:10@Close": parseIndicators reads it back to the same indicator.
    std::string text() const;
    // The rows before t it reads (see the table above).
    std::size_t lookBack() const;
    // Its feature names: one, or two for macd ("indicator:Close:macd", "indicator:Close:macd_hist").
    std::vector<std::string> featureNames() const;
    bool operator==(const Indicator& other) const {
        return kind == other.kind && period == other.period && column == other.column;
    }
};

// Parses items "kind[:N][@column]" (kinds sma, ema, rsi, macd, bollinger, logret, volatility,
// volume_z; N an integer >= 2 for those that take one, with the defaults sma 10, ema 20, rsi 14,
// bollinger 20, volatility 20, volume_z 20). The column defaults to the target, for volume_z to
// the input column named "volume" (any case). The column must be one of `inputs`, the model's
// input columns. UsageError for bad syntax, an unknown kind or column, or an item named twice.
std::vector<Indicator> parseIndicators(const std::vector<std::string>& items, const std::vector<std::string>& inputs,
                                       const std::string& target);

// The largest look-back of the list; 0 for none.
std::size_t indicatorLookBack(const std::vector<Indicator>& indicators);

// Feature names of the whole list in order.
std::vector<std::string> indicatorFeatureNames(const std::vector<Indicator>& indicators);

// True for a feature name that indicatorFeatureNames gives.
bool isIndicatorFeature(const std::string& name);

// The indicator's values at every row of x ([feature][row], one or two features), NaN for the
// rows before its own look-back. DataError for logret or volatility over a value <= 0, naming
// the row by `where(row)` ("row 12" when not given).
std::vector<std::vector<double>> indicatorValues(const Indicator& indicator, const std::vector<double>& x,
                                                 const std::function<std::string(std::size_t)>& where = {});

// The weights of the ema recursion over its K rows, oldest first: w[0] = (1-alpha)^(K-1) and
// w[i] = alpha·(1-alpha)^(K-1-i) for i >= 1; they add up to 1.
std::vector<double> emaWeights(double alpha, std::size_t k);

}  // namespace studio
