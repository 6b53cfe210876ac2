#!/usr/bin/env python3
"""Checks ONNX models netc exported against PyTorch's outputs, for OnnxRuntimeTest.

    python tools/onnx_check.py MODEL.onnx IO.safetensors [MODEL.onnx IO.safetensors ...]
    python tools/onnx_check.py --pairs LIST     (LIST: "MODEL.onnx IO.safetensors" a line; no spaces in paths)

A long list goes in a file: onnxruntime 1.30 crashes on import (a segmentation fault) when the
process has a few hundred arguments.

For each pair: onnx.checker.check_model(MODEL, full_check=True), then ONNX Runtime (CPU) on the
inputs of IO.safetensors, compared with its outputs within 1e-4 * max(1, max|out|); integer and
bool outputs exactly. The inputs are the tensor named as the graph input, else "input" (one input)
or "input0", "input1", ... in order; the outputs "output", or "output0", "output1", ... in the
graph's order, as tools/layer_fixtures.py and tools/oracles.py write them. Prints one line per
model, "ok MODEL max-error" or "FAIL MODEL: reason", and exits 1 when any failed.

Runs in a venv of its own with onnx, onnxruntime and numpy 2 (never Debian's site packages: numpy 2
breaks Debian's torch 1.13). safetensors are read by hand, as numpy needs nothing more: an 8-byte
little-endian header length, a JSON header, then the raw little-endian data.
"""

import json
import struct
import sys

import numpy as np
import onnx
import onnxruntime as ort

DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64, "I32": np.int32,
          "U8": np.uint8, "BOOL": np.bool_}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[base + begin:base + end], dtype=np.dtype(DTYPES[entry["dtype"]]).newbyteorder("<"))
        tensors[name] = array.reshape(entry["shape"])
    return tensors


def feed(session, io):
    inputs = session.get_inputs()
    fed = {}
    for index, graph_input in enumerate(inputs):
        positional = "input" if len(inputs) == 1 else "input%d" % index
        name = graph_input.name if graph_input.name in io else positional
        if name not in io:
            raise ValueError("no tensor for input %s (file has %s)" % (graph_input.name, sorted(io)))
        array = io[name]
        if graph_input.type == "tensor(float)":
            array = array.astype(np.float32)
        elif graph_input.type == "tensor(int64)":
            array = array.astype(np.int64)
        fed[graph_input.name] = array
    return fed


def compare(expected, actual):
    """The largest error, or raises ValueError when beyond the tolerance."""
    if expected.shape != actual.shape:
        raise ValueError("shape %s, PyTorch %s" % (list(actual.shape), list(expected.shape)))
    if expected.dtype.kind in "biu":
        if not np.array_equal(expected, actual.astype(expected.dtype)):
            raise ValueError("integer values differ")
        return 0.0
    expected = expected.astype(np.float64)
    actual = actual.astype(np.float64)
    error = float(np.max(np.abs(expected - actual))) if expected.size else 0.0
    tolerance = 1e-4 * max(1.0, float(np.max(np.abs(expected))) if expected.size else 1.0)
    if not error <= tolerance:
        raise ValueError("max error %.3g beyond %.3g" % (error, tolerance))
    return error


def check(model_path, io_path):
    onnx.checker.check_model(model_path, full_check=True)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
    io = read_safetensors(io_path)
    outputs = session.run(None, feed(session, io))
    names = ["output"] if len(outputs) == 1 else ["output%d" % i for i in range(len(outputs))]
    missing = [name for name in names if name not in io]
    if missing:
        raise ValueError("the model gives %d outputs; %s has no %s" % (len(outputs), io_path, missing))
    return max(compare(io[name], output) for name, output in zip(names, outputs))


def main(arguments):
    if len(arguments) == 2 and arguments[0] == "--pairs":
        with open(arguments[1], encoding="utf-8") as f:
            arguments = f.read().split()
    if len(arguments) % 2 != 0 or not arguments:
        print(__doc__, file=sys.stderr)
        return 2
    failed = 0
    for model_path, io_path in zip(arguments[::2], arguments[1::2]):
        try:
            error = check(model_path, io_path)
            print("ok %s %.3g" % (model_path, error))
        except Exception as e:  # every failure is one line of the report
            failed += 1
            print("FAIL %s: %s" % (model_path, str(e).replace("\n", " ")[:500]))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
