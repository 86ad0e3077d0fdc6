#include "tasks/forecast/baselines.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace studio {
namespace {

void checkOrigins(const std::vector<double>& history, const std::vector<std::size_t>& origins) {
    for (std::size_t o : origins)
        if (o >= history.size())
            throw UsageError("forecast origin " + std::to_string(o) + " is outside the history of " +
                             std::to_string(history.size()) + " values");
}

void checkSize(const char* what, std::size_t size, std::size_t rows, std::size_t cols) {
    if (size != rows * cols)
        throw UsageError(std::string(what) + " holds " + std::to_string(size) + " values, expected " +
                         std::to_string(rows) + " x " + std::to_string(cols));
}

// Four independent sums: without -ffast-math the compiler keeps a floating-point reduction
// in order, one add after another; separate sums let the multiply-adds overlap.
double dot(const double* a, const double* b, std::size_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    std::size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        s0 += a[k] * b[k];
        s1 += a[k + 1] * b[k + 1];
        s2 += a[k + 2] * b[k + 2];
        s3 += a[k + 3] * b[k + 3];
    }
    for (; k < n; ++k) s0 += a[k] * b[k];
    return (s0 + s1) + (s2 + s3);
}

// dot(a[r], b, n) for four rows at once: each b[k] is loaded once for four products, and
// the eight independent sums keep the adder busy. The two kernels carry both O(d^3) loops.
void dot4(const double* const a[4], const double* b, std::size_t n, double out[4]) {
    // Spelled out: at -O2 a loop over the rows keeps the sums in memory, not in registers.
    const double *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3];
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    std::size_t k = 0;
    for (; k + 2 <= n; k += 2) {
        const double b0 = b[k], b1 = b[k + 1];
        s0 += a0[k] * b0;
        s1 += a1[k] * b0;
        s2 += a2[k] * b0;
        s3 += a3[k] * b0;
        t0 += a0[k + 1] * b1;
        t1 += a1[k + 1] * b1;
        t2 += a2[k + 1] * b1;
        t3 += a3[k + 1] * b1;
    }
    if (k < n) {
        s0 += a0[k] * b[k];
        s1 += a1[k] * b[k];
        s2 += a2[k] * b[k];
        s3 += a3[k] * b[k];
    }
    out[0] = s0 + t0;
    out[1] = s1 + t1;
    out[2] = s2 + t2;
    out[3] = s3 + t3;
}

// The centred training statistics every penalty shares: computed once, solved many times.
struct Normal {
    std::size_t d = 0, h = 0;
    std::vector<double> meanX, meanY;  // [d], [h]
    std::vector<double> xx;            // [d, d] row-major, lower triangle filled: Xc' Xc
    std::vector<double> xy;            // [d, h]: Xc' Yc
};

Normal normalEquations(const std::vector<float>& x, const std::vector<float>& y, std::size_t n, std::size_t d,
                       std::size_t h) {
    Normal s;
    s.d = d;
    s.h = h;
    s.meanX.assign(d, 0.0);
    s.meanY.assign(h, 0.0);
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t i = 0; i < d; ++i) {
            const double v = x[r * d + i];
            if (!std::isfinite(v))
                throw DataError("linear baseline: training window " + std::to_string(r) + " has a non-finite input");
            s.meanX[i] += v;
        }
        for (std::size_t k = 0; k < h; ++k) {
            const double v = y[r * h + k];
            if (!std::isfinite(v))
                throw DataError("linear baseline: training window " + std::to_string(r) + " has a non-finite target");
            s.meanY[k] += v;
        }
    }
    for (double& m : s.meanX) m /= static_cast<double>(n);
    for (double& m : s.meanY) m /= static_cast<double>(n);

    // Blocks of rows, stored transposed ([d, block]), turn the n rank-1 updates of the
    // d x d matrix into dot products over the block: the matrix streams through the cache
    // once per block instead of once per row.
    constexpr std::size_t kBlock = 64;
    s.xx.assign(d * d, 0.0);
    s.xy.assign(d * h, 0.0);
    std::vector<double> xt(d * kBlock), yt(h * kBlock);
    for (std::size_t r0 = 0; r0 < n; r0 += kBlock) {
        const std::size_t b = std::min(kBlock, n - r0);
        for (std::size_t r = 0; r < b; ++r) {
            for (std::size_t i = 0; i < d; ++i) xt[i * kBlock + r] = x[(r0 + r) * d + i] - s.meanX[i];
            for (std::size_t k = 0; k < h; ++k) yt[k * kBlock + r] = y[(r0 + r) * h + k] - s.meanY[k];
        }
        std::size_t i = 0;
        for (; i + 4 <= d; i += 4) {
            const double* rows[4] = {&xt[i * kBlock], &xt[(i + 1) * kBlock], &xt[(i + 2) * kBlock],
                                     &xt[(i + 3) * kBlock]};
            double p[4];
            for (std::size_t j = 0; j < i; ++j) {
                dot4(rows, &xt[j * kBlock], b, p);
                for (std::size_t r = 0; r < 4; ++r) s.xx[(i + r) * d + j] += p[r];
            }
            for (std::size_t k = 0; k < h; ++k) {
                dot4(rows, &yt[k * kBlock], b, p);
                for (std::size_t r = 0; r < 4; ++r) s.xy[(i + r) * h + k] += p[r];
            }
            for (std::size_t r = 0; r < 4; ++r)
                for (std::size_t j = i; j <= i + r; ++j) s.xx[(i + r) * d + j] += dot(rows[r], &xt[j * kBlock], b);
        }
        for (; i < d; ++i) {
            const double* xi = &xt[i * kBlock];
            for (std::size_t j = 0; j <= i; ++j) s.xx[i * d + j] += dot(xi, &xt[j * kBlock], b);
            for (std::size_t k = 0; k < h; ++k) s.xy[i * h + k] += dot(xi, &yt[k * kBlock], b);
        }
    }
    return s;
}

// In-place Cholesky A = L L' of the lower triangle of a [d, d] row-major matrix. False when
// a pivot is not clearly positive (relative to the largest diagonal entry): the matrix is
// singular or too close to it for the solution to mean anything.
bool cholesky(std::vector<double>& a, std::size_t d) {
    double maxDiag = 0.0;
    for (std::size_t i = 0; i < d; ++i) maxDiag = std::max(maxDiag, a[i * d + i]);
    if (!(maxDiag > 0.0)) return false;
    const double tol = static_cast<double>(d) * 4.0 * std::numeric_limits<double>::epsilon() * maxDiag;
    // Row by row (L[i][j] needs rows i and j up to column j), four rows at a time: below
    // the 4 x 4 diagonal block the four rows only depend on rows already finished.
    auto finish = [&](std::size_t i, std::size_t j) {  // L[i][j], j <= i, once L[i][<j] is known
        double* li = &a[i * d];
        const double* lj = &a[j * d];
        const double v = li[j] - dot(li, lj, j);
        if (j < i) {
            li[j] = v / lj[j];
            return true;
        }
        if (!(v > tol)) return false;
        li[i] = std::sqrt(v);
        return true;
    };
    std::size_t i = 0;
    for (; i + 4 <= d; i += 4) {
        double* rows[4] = {&a[i * d], &a[(i + 1) * d], &a[(i + 2) * d], &a[(i + 3) * d]};
        const double* const crows[4] = {rows[0], rows[1], rows[2], rows[3]};
        double p[4];
        for (std::size_t j = 0; j < i; ++j) {
            const double* lj = &a[j * d];
            dot4(crows, lj, j, p);
            for (std::size_t r = 0; r < 4; ++r) rows[r][j] = (rows[r][j] - p[r]) / lj[j];
        }
        for (std::size_t j = i; j < i + 4; ++j)
            for (std::size_t r = j - i; r < 4; ++r)
                if (!finish(i + r, j)) return false;
    }
    for (; i < d; ++i)
        for (std::size_t j = 0; j <= i; ++j)
            if (!finish(i, j)) return false;
    return true;
}

// The model at one penalty, or false when the system is not positive definite.
bool solve(const Normal& s, double lambda, LinearModel& model) {
    const std::size_t d = s.d, h = s.h;
    std::vector<double> l = s.xx;
    for (std::size_t i = 0; i < d; ++i) l[i * d + i] += lambda;
    if (!cholesky(l, d)) return false;

    // Z = (L L')^-1 Xc'Yc for all horizon columns at once, walking rows of L (contiguous).
    std::vector<double> z = s.xy;  // [d, h]
    for (std::size_t i = 0; i < d; ++i) {
        double* zi = &z[i * h];
        for (std::size_t j = 0; j < i; ++j) {
            const double lij = l[i * d + j];
            const double* zj = &z[j * h];
            for (std::size_t k = 0; k < h; ++k) zi[k] -= lij * zj[k];
        }
        for (std::size_t k = 0; k < h; ++k) zi[k] /= l[i * d + i];
    }
    for (std::size_t i = d; i-- > 0;) {
        double* zi = &z[i * h];
        for (std::size_t k = 0; k < h; ++k) zi[k] /= l[i * d + i];
        for (std::size_t j = 0; j < i; ++j) {
            const double lij = l[i * d + j];
            double* zj = &z[j * h];
            for (std::size_t k = 0; k < h; ++k) zj[k] -= lij * zi[k];
        }
    }

    model.inputs = d;
    model.horizon = h;
    model.lambda = lambda;
    model.weights.assign((d + 1) * h, 0.0);
    std::copy(z.begin(), z.end(), model.weights.begin());
    for (std::size_t k = 0; k < h; ++k) {
        double intercept = s.meanY[k];
        for (std::size_t i = 0; i < d; ++i) intercept -= s.meanX[i] * z[i * h + k];
        model.weights[d * h + k] = intercept;
    }
    return true;
}

void checkFitSizes(const std::vector<float>& x, const std::vector<float>& y, std::size_t n, std::size_t inputs,
                   std::size_t horizon, const char* split) {
    checkSize((std::string(split) + " inputs").c_str(), x.size(), n, inputs);
    checkSize((std::string(split) + " targets").c_str(), y.size(), n, horizon);
}

void checkFitShape(std::size_t nTrain, std::size_t inputs, std::size_t horizon) {
    if (nTrain == 0) throw UsageError("linear baseline: no training windows");
    if (inputs == 0 || horizon == 0) throw UsageError("linear baseline: inputs and horizon must be at least 1");
}

}  // namespace

std::vector<double> seasonalNaiveForecast(const std::vector<double>& history, const std::vector<std::size_t>& origins,
                                          std::size_t horizon, std::size_t season) {
    if (season == 0) throw UsageError("seasonal naive forecast: the season must be at least 1 step");
    checkOrigins(history, origins);
    std::vector<double> out;
    out.reserve(origins.size() * horizon);
    for (std::size_t o : origins) {
        for (std::size_t h = 1; h <= horizon; ++h) {
            const std::size_t back = season * ((h + season - 1) / season);  // season * ceil(h / season)
            out.push_back(o + h >= back ? history[o + h - back] : history[o]);
        }
    }
    return out;
}

std::vector<double> driftForecast(const std::vector<double>& history, const std::vector<std::size_t>& origins,
                                  std::size_t horizon) {
    checkOrigins(history, origins);
    std::vector<double> out;
    out.reserve(origins.size() * horizon);
    for (std::size_t o : origins) {
        const double slope = o == 0 ? 0.0 : (history[o] - history[0]) / static_cast<double>(o);
        for (std::size_t h = 1; h <= horizon; ++h) out.push_back(history[o] + static_cast<double>(h) * slope);
    }
    return out;
}

LinearModel fitLinearWithLambda(const std::vector<float>& xTrain, const std::vector<float>& yTrain, std::size_t nTrain,
                                std::size_t inputs, std::size_t horizon, double lambda) {
    checkFitShape(nTrain, inputs, horizon);
    checkFitSizes(xTrain, yTrain, nTrain, inputs, horizon, "training");
    if (!(lambda >= 0.0) || !std::isfinite(lambda))
        throw UsageError("linear baseline: the ridge penalty must be finite and >= 0");
    const Normal s = normalEquations(xTrain, yTrain, nTrain, inputs, horizon);
    LinearModel model;
    if (!solve(s, lambda, model))
        throw DataError("linear baseline: the normal equations are singular at penalty " + std::to_string(lambda) +
                        " (collinear or constant inputs, or fewer windows than inputs)");
    return model;
}

LinearModel fitLinear(const std::vector<float>& xTrain, const std::vector<float>& yTrain, std::size_t nTrain,
                      const std::vector<float>& xVal, const std::vector<float>& yVal, std::size_t nVal,
                      std::size_t inputs, std::size_t horizon) {
    checkFitShape(nTrain, inputs, horizon);
    checkFitSizes(xTrain, yTrain, nTrain, inputs, horizon, "training");
    checkFitSizes(xVal, yVal, nVal, inputs, horizon, "validation");
    const Normal s = normalEquations(xTrain, yTrain, nTrain, inputs, horizon);

    double scale = 0.0;
    for (std::size_t i = 0; i < inputs; ++i) scale += s.xx[i * inputs + i];
    scale /= static_cast<double>(inputs);
    if (!(scale > 0.0)) scale = 1.0;  // every input constant: only the intercept can be fitted

    // Least squares needs more windows than inputs (centring uses up one degree of freedom).
    static constexpr double kGrid[] = {0.0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0};
    LinearModel best;
    double bestMse = std::numeric_limits<double>::infinity();
    bool found = false;
    for (double c : kGrid) {
        if (c == 0.0 && nTrain <= inputs) continue;
        LinearModel model;
        if (!solve(s, c * scale, model)) continue;
        if (nVal == 0) return model;  // nothing to choose by: the least penalty that solves
        const std::vector<double> pred = predictLinear(model, xVal, nVal);
        double sq = 0.0;
        for (std::size_t i = 0; i < pred.size(); ++i) {
            const double e = pred[i] - static_cast<double>(yVal[i]);
            sq += e * e;
        }
        const double mse = sq / static_cast<double>(pred.size());
        // A NaN MSE (a non-finite validation value) still yields a model: the first that solved.
        if (!found || mse < bestMse) {
            best = std::move(model);
            bestMse = mse;
            found = true;
        }
    }
    if (!found)
        throw DataError(
            "linear baseline: the normal equations are singular at every ridge penalty tried "
            "(inputs that are constant, collinear or not finite)");
    return best;
}

std::vector<double> predictLinear(const LinearModel& model, const std::vector<float>& x, std::size_t n) {
    const std::size_t d = model.inputs, h = model.horizon;
    checkSize("linear baseline weights", model.weights.size(), d + 1, h);
    checkSize("linear baseline inputs", x.size(), n, d);
    std::vector<double> out(n * h);
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t k = 0; k < h; ++k) out[r * h + k] = model.weights[d * h + k];
        for (std::size_t i = 0; i < d; ++i) {
            const double v = x[r * d + i];
            const double* w = &model.weights[i * h];
            for (std::size_t k = 0; k < h; ++k) out[r * h + k] += v * w[k];
        }
    }
    return out;
}

}  // namespace studio
