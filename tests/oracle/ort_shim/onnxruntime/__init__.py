"""A test-only stand-in for ONNX Runtime's Python package, for machines that lack it (Debian
bookworm packages none): InferenceSession runs the model in onnxruntime-node through
tests/oracle/onnx_run.js. Enough of the API for the example.py that export-onnx writes:

    InferenceSession(path).get_inputs()       -> objects with name, type, shape
    InferenceSession(path).run(None, feeds)   -> list of numpy arrays, in the model's output order

STUDIO_NODE names the node program (default: node); NODE_PATH must reach onnxruntime-node.
"""
import json
import os
import subprocess
import tempfile

import numpy as np

_RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "onnx_run.js")


class NodeArg:
    def __init__(self, meta):
        self.name = meta["name"]
        self.type = "tensor(" + ("float" if meta["type"] == "float32" else meta["type"]) + ")"
        self.shape = meta["shape"]


class InferenceSession:
    def __init__(self, path, sess_options=None, providers=None):
        self._path = path
        self._inputs = None

    def _node(self, feeds):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(feeds, f)
            name = f.name
        try:
            done = subprocess.run([os.environ.get("STUDIO_NODE", "node"), _RUNNER, self._path, name],
                                  capture_output=True, text=True)
        finally:
            os.unlink(name)
        if done.returncode != 0:
            raise RuntimeError("onnx_run.js failed: " + done.stderr)
        report = json.loads(done.stdout)
        self._inputs = [NodeArg(m) for m in report["inputs"]]
        self._outputs = [m["name"] for m in report["outputs"]]
        return report

    def get_inputs(self):
        if self._inputs is None:
            self._node([])
        return self._inputs

    def run(self, output_names, feeds):
        feed = {}
        for name, value in feeds.items():
            a = np.asarray(value)
            kind = "int64" if a.dtype.kind in "iu" else "float32"
            feed[name] = {"dims": list(a.shape), "data": a.ravel().tolist(), "type": kind}
        result = self._node([feed])["results"][0]
        names = output_names or self._outputs
        return [np.array(result[n]["data"], dtype=np.float32).reshape(result[n]["dims"]) for n in names]
