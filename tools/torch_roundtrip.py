#!/usr/bin/python3
"""Checks modules written by `netc torch` with real PyTorch (Debian's python3-torch, 1.13 or newer).

Usage: /usr/bin/python3 tools/torch_roundtrip.py MANIFEST.json
       TORCHSUMMARY=.../torchsummary.py TORCHINFO=DIR /usr/bin/python3 tools/torch_roundtrip.py --tables MANIFEST.json

The manifest (written by TorchRoundTripTest) lists cases: a generated module file, its model class,
the arguments to build it with (model parameters other than the defaults the module was generated
with, as `netc summary --set` gives them to netc), the state_dict netc describes (keys and shapes in order), the inputs, the shapes of the outputs, and for
layer fixtures the weights and the input/output PyTorch gave (safetensors files). For every case
this imports the module, compares its state_dict with netc's, and runs forward: on the fixture's
weights and input, comparing with the fixture's output within 1e-5 * max(1, max|out|); otherwise on
random input, comparing the output's shape. It prints one line a case, "ok NAME" or "FAIL NAME: why",
all in one process so that PyTorch is imported once.

With --tables it instead runs torchsummary 1.5.1 and torchinfo 1.8.0 (their sources, exported from
git as tools/table_oracle.py says) on every case's module and compares their tables with netc's
(torchsummary's only where it runs; torchinfo's without its two size lines that count Python
objects, which netc's docs say may differ by 0.01). A case the manifest marks "tables_differ" prints
"differs as known: NAME" when its tables differ, so that it is seen when one no longer does.
"""

import contextlib
import importlib.util
import io as textio
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import table_oracle  # noqa: E402  (how torchsummary and torchinfo are loaded from their sources)

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32}


def read_safetensors(path):
    """The tensors of a safetensors file, read without the safetensors package."""
    with open(path, "rb") as f:
        data = f.read()
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        dtype = DTYPES[entry["dtype"]]
        raw = data[8 + length + start:8 + length + end]
        flat = torch.frombuffer(bytearray(raw), dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors


def load_class(path, name):
    spec = importlib.util.spec_from_file_location("generated_" + name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


def check(case):
    model = load_class(case["module"], case["class"])(**case["arguments"])
    actual = [[k, list(v.shape)] for k, v in model.state_dict().items()]
    if actual != case["state_dict"]:
        return "state_dict %s, netc says %s" % (actual, case["state_dict"])
    model.eval()
    if case.get("weights"):
        model.load_state_dict(read_safetensors(case["weights"]), strict=True)
        io = read_safetensors(case["io"])
        names = case["inputs"]
        inputs = [io[n] if n in io else io["input"] for n in names]
        # with gradients on, as the fixtures were made: PyTorch 1.13's fused attention path, taken
        # under no_grad, fails on a MultiheadAttention without bias
        outs = [out.detach() for out in flatten(model(*inputs))]
        wants = [io["output"]] if "output" in io else [io["output%d" % i] for i in range(len(outs))]
        for i, (out, want) in enumerate(zip(outs, wants)):
            differs = compare(out, want)
            if differs:
                return differs if len(outs) == 1 else "output %d: %s" % (i, differs)
        return None
    inputs = []
    for shape, dtype in zip(case["input_shapes"], case["input_dtypes"]):
        if dtype == "int64":
            inputs.append(torch.zeros([2] + shape, dtype=torch.int64))
        else:
            inputs.append(torch.randn([2] + shape))
    with torch.no_grad():
        shapes = [list(out.shape) for out in flatten(model(*inputs))]
    wanted = [[2] + shape for shape in case["output_shapes"]]
    if shapes != wanted:
        return "output shapes %s, netc says %s" % (shapes, wanted)
    return None


def flatten(value):
    """The tensors a forward returned: itself, or a tuple's, nested tuples flattened in order."""
    if isinstance(value, (tuple, list)):
        return [tensor for element in value for tensor in flatten(element)]
    return [] if value is None else [value]


def compare(out, want):
    if list(out.shape) != list(want.shape):
        return "output shape %s, PyTorch's %s" % (list(out.shape), list(want.shape))
    if want.dtype == torch.int64:
        return None if torch.equal(out, want) else "int64 output differs"
    error = (out.double() - want.double()).abs().max().item() if want.numel() else 0.0
    bound = 1e-5 * max(1.0, want.abs().max().item() if want.numel() else 0.0)
    return None if error <= bound else "output differs by %g (allowed %g)" % (error, bound)


def without_python_sizes(table):
    return "\n".join(line for line in table.split("\n")
                     if not line.startswith(("Input size (MB)", "Estimated Total Size (MB)")))


def check_tables(case, torchsummary, torchinfo):
    model = load_class(case["module"], case["class"])(**case["arguments"])
    shapes = [tuple(shape) for shape in case["input_shapes"]]
    dtypes = [torch.int64 if d == "int64" else torch.float32 for d in case["input_dtypes"]]
    printed = textio.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            torchsummary.summary(model, shapes[0] if len(shapes) == 1 else shapes, device="cpu")
        ran = True
    except Exception:  # torchsummary fails on some models; netc then prints its own table
        ran = False
    if ran and printed.getvalue() != case["torchsummary"]:
        return "torchsummary prints\n%s\nnetc prints\n%s" % (printed.getvalue(), case["torchsummary"])
    model = load_class(case["module"], case["class"])(**case["arguments"])
    info = str(torchinfo.summary(model, input_size=[(1,) + shape for shape in shapes], dtypes=dtypes, depth=3,
                                 verbose=0)) + "\n"
    if without_python_sizes(info) != without_python_sizes(case["torchinfo"]):
        return "torchinfo prints\n%s\nnetc prints\n%s" % (info, case["torchinfo"])
    return None


def main():
    tables = sys.argv[1] == "--tables"
    with open(sys.argv[-1]) as f:
        cases = json.load(f)
    torch.manual_seed(0)
    tools = table_oracle.load_tools() if tables else None
    for case in cases:
        try:
            problem = check_tables(case, *tools) if tables else check(case)
        except Exception as e:  # a case's failure is reported, and the others still run
            problem = "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
        if problem is not None and tables and case.get("tables_differ"):
            print("differs as known: " + case["name"], flush=True)
            continue
        print(("ok " + case["name"]) if problem is None else ("FAIL %s: %s" % (case["name"], problem)), flush=True)


if __name__ == "__main__":
    main()
