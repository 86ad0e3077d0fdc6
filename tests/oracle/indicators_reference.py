#!/usr/bin/env python3
"""Reference values of the technical indicators (core/data/technical_indicators.h), written
from their definitions without the C++ code's structure: each ema is an explicit weighted sum
of its K rows (not a recursion), means and deviations come from the statistics module.

Usage: indicators_reference.py ITEM... < series.json   (ITEM as "sma:10", "macd"; no @column)
Reads {"x": [numbers]} and prints {"ITEM": [[value or null per row], ...], ...}: one list per
feature the indicator gives (two for macd), null for the rows before its look-back."""
import json
import math
import statistics
import sys


def ema_weights(alpha, k):
    # Seeded with the oldest row: e = x0, e = a*x_j + (1-a)*e  ==>  weight of the oldest row
    # (1-a)^(k-1), of row i >= 1 a*(1-a)^(k-1-i).
    return [(1 - alpha) ** (k - 1)] + [alpha * (1 - alpha) ** (k - 1 - i) for i in range(1, k)]


def ema_sum(values, alpha, k):
    return sum(w * v for w, v in zip(ema_weights(alpha, k), values[-k:]))


def indicator(kind, n, x):
    rows = len(x)
    none = [None] * rows
    if kind == "sma":
        return [[None if t < n - 1 else statistics.fmean(x[t - n + 1:t + 1]) for t in range(rows)]]
    if kind == "ema":
        k = 5 * (n + 1)
        return [[None if t < k - 1 else ema_sum(x[:t + 1], 2 / (n + 1), k) for t in range(rows)]]
    if kind == "rsi":
        k = 5 * n
        out = []
        for t in range(rows):
            if t < k:
                out.append(None)
                continue
            d = [x[j] - x[j - 1] for j in range(t - k + 1, t + 1)]
            g = ema_sum([max(v, 0.0) for v in d], 1 / n, k)
            l = ema_sum([max(-v, 0.0) for v in d], 1 / n, k)
            out.append(50.0 if g + l == 0 else 100 * g / (g + l))
        return [out]
    if kind == "macd":
        line = [None] * rows
        for t in range(5 * 27 - 1, rows):
            line[t] = ema_sum(x[:t + 1], 2 / 13, 65) - ema_sum(x[:t + 1], 2 / 27, 135)
        lb = 134 + 49
        hist = [None if t < lb else line[t] - ema_sum(line[:t + 1], 0.2, 50) for t in range(rows)]
        return [[None if t < lb else line[t] for t in range(rows)], hist]
    if kind == "bollinger":
        out = []
        for t in range(rows):
            if t < n - 1:
                out.append(None)
                continue
            w = x[t - n + 1:t + 1]
            m, s = statistics.fmean(w), statistics.pstdev(w)
            out.append(0.5 if s == 0 else (x[t] - (m - 2 * s)) / (4 * s))
        return [out]
    if kind == "logret":
        return [[None] + [math.log(x[t] / x[t - 1]) for t in range(1, rows)]]
    if kind == "volatility":
        r = [None] + [math.log(x[t] / x[t - 1]) for t in range(1, rows)]
        return [[None if t < n else statistics.pstdev(r[t - n + 1:t + 1]) for t in range(rows)]]
    if kind == "volume_z":
        out = []
        for t in range(rows):
            if t < n - 1:
                out.append(None)
                continue
            w = x[t - n + 1:t + 1]
            m, s = statistics.fmean(w), statistics.pstdev(w)
            out.append(0.0 if s == 0 else (x[t] - m) / s)
        return [out]
    sys.exit("unknown indicator " + kind)


def main():
    x = json.load(sys.stdin)["x"]
    result = {}
    for item in sys.argv[1:]:
        kind, _, n = item.partition(":")
        result[item] = indicator(kind, int(n) if n else 0, x)
    json.dump(result, sys.stdout)


main()
