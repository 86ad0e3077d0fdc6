#!/usr/bin/env node
// Times an exported LSTM Studio model in ONNX Runtime (npm onnxruntime-node) for
// bench/peers.py. One intra-op and one inter-op thread, sequential execution, all graph
// optimizations.
//
//   node peers_ort.js MODEL.onnx CASES.json
//
// CASES.json: {"iterations": N, "warmup": W, "cases": [{"batch": B, "file": "x_B.bin",
// "count": K, "dims": [B, T, F], "last_value_file": "lv_B.bin" (optional)}]}; each .bin holds
// K inputs of float32 [B, T, F] back to back (and K x [B] last values). Each timed call is one
// `await session.run(...)` on the next input, as a Node program would predict.
// A text classifier's case instead gives "text": true, "file" holding int64 tokens and
// lengths of every input back to back, and "shapes": [[B, T], ...] per input (tokens
// [B, T] then lengths [B]), so each call has its own longest text.
// A character language model's case gives "charlm": true, "file" holding "count" inputs of
// int64 character ids [B, T] ("dims") back to back, and "state": [layers, B, hidden], the
// shape of the zero h0 and c0 every call starts from.
// Prints {"ort_version", "batches": [{"batch", "iterations", "mean_us", "p50_us", "p95_us",
// "p99_us", "samples_per_s", "first_output"}]} on stdout.
'use strict';

const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

function readFloats(file) {
    const buf = fs.readFileSync(file);
    return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
}

function percentile(sorted, q) {
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function main() {
    const [modelPath, casesPath] = process.argv.slice(2);
    if (!casesPath) throw new Error('usage: node peers_ort.js MODEL.onnx CASES.json');
    const spec = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
    const dir = path.dirname(casesPath);
    const session = await ort.InferenceSession.create(modelPath, {
        intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all'});
    const inputName = session.inputNames.includes('input') ? 'input' : session.inputNames[0];
    const out = {ort_version: ort.env.versions ? ort.env.versions.common : 'unknown', batches: []};
    for (const c of spec.cases) {
        const feeds = [];
        if (c.text) {
            const buf = fs.readFileSync(path.join(dir, c.file));
            const all = new BigInt64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
            let at = 0;
            for (const [b, t] of c.shapes) {
                const tokens = all.subarray(at, at + b * t);
                const lengths = all.subarray(at + b * t, at + b * t + b);
                at += b * t + b;
                feeds.push({tokens: new ort.Tensor('int64', tokens, [b, t]),
                            lengths: new ort.Tensor('int64', lengths, [b])});
            }
        }
        if (c.charlm) {
            const buf = fs.readFileSync(path.join(dir, c.file));
            const all = new BigInt64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
            const per = c.dims[0] * c.dims[1];
            const zeros = new Float32Array(c.state.reduce((a, b) => a * b, 1));
            for (let k = 0; k < c.count; ++k)
                feeds.push({tokens: new ort.Tensor('int64', all.subarray(k * per, (k + 1) * per), c.dims),
                            h0: new ort.Tensor('float32', zeros, c.state),
                            c0: new ort.Tensor('float32', zeros, c.state)});
        }
        const raw = c.text || c.charlm;
        const data = raw ? null : readFloats(path.join(dir, c.file));
        const per = raw ? 0 : c.dims.reduce((a, b) => a * b, 1);
        const lv = c.last_value_file ? readFloats(path.join(dir, c.last_value_file)) : null;
        for (let k = 0; !raw && k < c.count; ++k) {
            const feed = {[inputName]: new ort.Tensor('float32', data.subarray(k * per, (k + 1) * per), c.dims)};
            if (session.inputNames.includes('last_value')) {
                if (!lv) throw new Error('the model needs last_value and the case has none');
                feed.last_value = new ort.Tensor('float32', lv.subarray(k * c.batch, (k + 1) * c.batch), [c.batch]);
            }
            feeds.push(feed);
        }
        let first = null;
        for (let i = 0; i < spec.warmup; ++i) {
            const r = await session.run(feeds[i % feeds.length]);
            const o = r[session.outputNames.includes('probabilities') ? 'probabilities' : session.outputNames[0]].data;
            // A language model's logits at the last step of the first chunk only.
            const v = c.charlm ? o.length / (c.dims[0] * c.dims[1]) : 0;
            if (i === 0) first = Array.from(c.charlm ? o.subarray((c.dims[1] - 1) * v, c.dims[1] * v) : o);
        }
        const us = [];
        for (let i = 0; i < spec.iterations; ++i) {
            const t0 = process.hrtime.bigint();
            await session.run(feeds[i % feeds.length]);
            us.push(Number(process.hrtime.bigint() - t0) / 1000);
        }
        const sorted = us.slice().sort((a, b) => a - b);
        const mean = us.reduce((a, b) => a + b, 0) / us.length;
        out.batches.push({batch: c.batch, iterations: us.length, mean_us: mean, p50_us: percentile(sorted, 0.5),
                          p95_us: percentile(sorted, 0.95), p99_us: percentile(sorted, 0.99),
                          samples_per_s: c.batch * 1e6 / mean, first_output: first});
    }
    process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
    process.stderr.write(`peers_ort.js: ${e && e.message ? e.message : e}\n`);
    process.exit(1);
});
