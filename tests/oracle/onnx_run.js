#!/usr/bin/env node
// Runs an ONNX model in ONNX Runtime (npm onnxruntime-node) for LSTM Studio's tests.
//
//   node onnx_run.js MODEL.onnx FEEDS.json
//
// FEEDS.json holds an array of feeds; a feed maps graph input names to
// {"dims": [...], "data": [...], "type": "float32" | "int64"} (row-major; type defaults to
// float32). An input the feed leaves out keeps its default, where the model gives one
// (an initializer of the same name). Prints one JSON object on stdout:
//   {"inputs":  [{"name", "type", "shape"}...],   the model's inputs as ONNX Runtime reads
//    "outputs": [{"name", "type", "shape"}...],   them (a free dimension is its name)
//    "results": [{"<output>": {"dims", "data"}}...]}  one entry per feed
// Errors go to stderr with exit code 1, so a test sees why ONNX Runtime refused a model.
'use strict';

const fs = require('fs');
const ort = require('onnxruntime-node');

function describe(metadata) {
    return metadata.map((m) => ({name: m.name, type: m.isTensor ? m.type : 'non-tensor',
                                 shape: m.isTensor ? Array.from(m.shape) : []}));
}

async function runFeed(session, feed) {
    const inputs = {};
    for (const [name, value] of Object.entries(feed)) {
        const type = value.type || 'float32';
        if (type === 'int64')
            inputs[name] = new ort.Tensor('int64', BigInt64Array.from(value.data, (x) => BigInt(x)), value.dims);
        else if (type === 'float32')
            inputs[name] = new ort.Tensor('float32', Float32Array.from(value.data), value.dims);
        else
            throw new Error(`input '${name}': unsupported type '${type}'`);
    }
    const results = await session.run(inputs);
    const out = {};
    // Every output, in the model's order; int64 values as JSON numbers.
    for (const name of session.outputNames)
        out[name] = {dims: Array.from(results[name].dims), data: Array.from(results[name].data, Number)};
    return out;
}

async function main() {
    if (process.argv.length !== 4) throw new Error('usage: node onnx_run.js MODEL.onnx FEEDS.json');
    const feeds = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
    if (!Array.isArray(feeds)) throw new Error('FEEDS.json must hold an array of feeds');
    // One thread: the tests share the machine and compare values, not speed.
    const session = await ort.InferenceSession.create(process.argv[2], {intraOpNumThreads: 1, interOpNumThreads: 1});
    const results = [];
    for (const feed of feeds) results.push(await runFeed(session, feed));
    const report = {inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata), results};
    process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((e) => {
    process.stderr.write(`onnx_run.js: ${e && e.message ? e.message : e}\n`);
    process.exit(1);
});
