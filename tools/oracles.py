#!/usr/bin/python3
"""Writes netc-runtime/src/test/resources/oracle/: what real PyTorch prints and computes for the models of
tools/oracle_models.py (the folder's README says what each file is).

    TORCHSUMMARY=/tmp/ts/torchsummary/torchsummary.py TORCHINFO=/tmp/ti \\
        /usr/bin/python3 tools/oracles.py [--only NAME]...

TORCHSUMMARY and TORCHINFO name torchsummary 1.5.1's and torchinfo 1.8.0's sources, checked out
as tools/table_oracle.py's header says; they are read at run time, never committed. Needs Debian's
python3-torch (1.13) and python3-torchvision (0.14). Every run writes identical bytes.
"""
import argparse
import contextlib
import io
import json
import sys
import types
from pathlib import Path

import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from oracle_models import ORACLES  # noqa: E402
from save_safetensors import DTYPES, write  # noqa: E402
from table_oracle import ALL_COLUMNS, EVERY_COLUMN, TOKENS, VAR_NAME_ROWS, load_tools, torchsummary_feeding_integers  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "netc-runtime" / "src" / "test" / "resources" / "oracle"
def make_inputs(oracle, batch, seed):
    g = torch.Generator().manual_seed(seed)
    return [torch.randint(0, TOKENS, (batch, *shape), generator=g) if dtype == torch.int64
            else torch.randn(batch, *shape, generator=g) for shape, dtype in oracle.inputs]


def one_or_list(values):
    """A model of one input (or output) records it alone, a model of several the list of them."""
    return values[0] if len(values) == 1 else values


def tensor_names(prefix, count):
    """io.safetensors' names: input and output, or input0, input1, ... where there are several."""
    return [prefix] if count == 1 else [f"{prefix}{i}" for i in range(count)]


def hooked_rows(model, inputs):
    """The rows torchsummary 1.5.1 would hook, with true parameter counts beside its own."""
    rows, hooks = [], []

    def hook(module, inp, out):
        cls = type(module).__name__
        shapes = ([[-1] + list(o.size())[1:] for o in out if torch.is_tensor(o)]
                  if isinstance(out, (list, tuple)) else [-1] + list(out.size())[1:])
        ts = 0
        if hasattr(module, "weight") and hasattr(module.weight, "size"):
            ts += module.weight.numel()
        if hasattr(module, "bias") and hasattr(module.bias, "size"):
            ts += module.bias.numel()
        own = sum(p.numel() for p in module.parameters(recurse=False))
        rows.append({"name": f"{cls}-{len(rows) + 1}", "type": cls, "output_shape": shapes,
                     "torchsummary_params": ts, "own_params": own, "module": paths[id(module)],
                     "total_params": sum(p.numel() for p in module.parameters())})

    paths = {id(m): name for name, m in model.named_modules()}
    for m in model.modules():
        if not isinstance(m, (nn.Sequential, nn.ModuleList)) and m is not model:
            hooks.append(m.register_forward_hook(hook))
    with torch.no_grad():
        model(*inputs)
    for h in hooks:
        h.remove()
    return rows


def torchsummary_table(torchsummary, model, oracle):
    """What torchsummary prints, or the exception it raises; a failure's hooks are removed."""
    shapes = [shape for shape, _ in oracle.inputs]
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            torchsummary.summary(model, one_or_list(shapes), device="cpu")
        return buf.getvalue(), None
    except Exception as e:  # noqa: BLE001  torchsummary itself fails on some real models
        for module in model.modules():
            module._forward_hooks.clear()
        return None, f"{type(e).__name__}: {e}"


def randomise_batch_norm(model):
    """Eval-mode batch norm that is not the identity."""
    torch.manual_seed(1)
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)


def write_weights(name, oracle, model, out):
    randomise_batch_norm(model)
    model.eval()
    xs = make_inputs(oracle, 2, 2)
    with torch.no_grad():
        y = model(*xs)
    ys = list(y) if isinstance(y, tuple) else [y]
    write(model.state_dict(), out / "weights.safetensors", {"format": "pt", "model": name})
    io_tensors = dict(zip(tensor_names("input", len(xs)), xs))
    io_tensors.update(zip(tensor_names("output", len(ys)), ys))
    write(io_tensors, out / "io.safetensors", {"model": name, "mode": "eval"})
    return {"input_shape": one_or_list([list(x.shape) for x in xs]),
            "output_shape": one_or_list([list(t.shape) for t in ys])}


def torchinfo_tables(torchinfo, oracle, out):
    torch.manual_seed(0)
    model = oracle.build(**oracle.arguments)
    for columns, rows, file in ((None, None, "torchinfo.txt"), (ALL_COLUMNS, None, "torchinfo_all_columns.txt"),
                                (EVERY_COLUMN, VAR_NAME_ROWS, "torchinfo_var_names.txt")):
        kwargs = {"col_names": columns} if columns else {}
        if rows:
            kwargs["row_settings"] = rows
        stats = torchinfo.summary(model, input_size=[(1, *shape) for shape, _ in oracle.inputs],
                                  dtypes=[dtype for _, dtype in oracle.inputs], depth=3, verbose=0, **kwargs)
        (out / file).write_text(str(stats) + "\n")


def generate(name, oracle, torchsummaries, torchinfo):
    """Writes the oracle's files; returns torchsummary's error where it fails, else None."""
    out = OUT / name
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    model = oracle.build(**oracle.arguments)
    info = {"model": name, **({"arguments": oracle.arguments} if oracle.arguments else {}),
            "input_shape": one_or_list([list(shape) for shape, _ in oracle.inputs]),
            "input_dtype": one_or_list([DTYPES[dtype] for _, dtype in oracle.inputs]),
            "torch_version": torch.__version__,
            "total_params": sum(p.numel() for p in model.parameters()),
            "trainable_params": sum(p.numel() for p in model.parameters() if p.requires_grad),
            "state_dict": {k: list(v.shape) for k, v in model.state_dict().items()}}
    model.train()
    info["layers"] = hooked_rows(model, make_inputs(oracle, 2, 1))
    error = None
    if oracle.tables:
        integers = any(dtype == torch.int64 for _, dtype in oracle.inputs)
        table, error = torchsummary_table(torchsummaries[integers], model, oracle)
        written, stale = ("torchsummary.txt", "torchsummary_error.txt") if error is None else \
            ("torchsummary_error.txt", "torchsummary.txt")
        (out / written).write_text(table if error is None else error + "\n")
        (out / stale).unlink(missing_ok=True)
    if oracle.weights:
        info["numeric"] = write_weights(name, oracle, model, out)
    (out / "model.json").write_text(json.dumps(info, indent=1) + "\n")
    if oracle.tables:
        torchinfo_tables(torchinfo, oracle, out)
    return error


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=list(ORACLES), metavar="NAME",
                        help="write this oracle only (repeatable); every one by default")
    names = parser.parse_args().only or list(ORACLES)
    torchsummary, torchinfo = load_tools()
    torchsummaries = {False: torchsummary, True: torchsummary_feeding_integers(torchsummary)}
    torch.set_num_threads(1)
    for name in names:
        error = generate(name, ORACLES[name], torchsummaries, torchinfo)
        print(name, "written" + (f"; torchsummary fails: {error}" if error else ""), flush=True)


if __name__ == "__main__":
    main()
