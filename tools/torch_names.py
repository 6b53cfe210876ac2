#!/usr/bin/python3
"""Checks that the PyTorch names generated modules use exist in this PyTorch, and lists them.

Usage: /usr/bin/python3 tools/torch_names.py NAMES.txt > netc-compiler/src/test/resources/torch/pytorch_names.txt

NAMES.txt holds one name a line, as TorchGeneratorTest prints them when its list is out of date:
nn.Conv2d, F.relu, torch.cat, Tensor.view. This prints a header with PyTorch's version and every
name that PyTorch has, sorted; it exits 1, naming them on standard error, when some are missing.
"""

import sys

import torch
import torch.nn.functional as F
from torch import nn

SCOPES = {"nn": nn, "F": F, "torch": torch, "Tensor": torch.Tensor}


def exists(name):
    scope, _, attribute = name.partition(".")
    return scope in SCOPES and callable(getattr(SCOPES[scope], attribute, None))


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        names = sorted({line.strip() for line in f if line.strip()})
    missing = [name for name in names if not exists(name)]
    print("# The PyTorch names generated modules use; all exist in PyTorch %s." % torch.__version__.split("+")[0])
    print("# Written by tools/torch_names.py.")
    for name in names:
        if name not in missing:
            print(name)
    if missing:
        sys.exit("not in PyTorch %s: %s" % (torch.__version__, ", ".join(missing)))


if __name__ == "__main__":
    main()
