#!/usr/bin/python3
"""Trains a module written by `netc torch` for a few steps, then saves what `netc run` needs.

Usage: /usr/bin/python3 tools/torch_train_smoke.py MODULE.py CLASS INPUT_SHAPE DIR
(INPUT_SHAPE without the batch, as 1,32,32). Trains 20 steps of SGD on one random batch with random
class labels, prints the first and the last loss, then writes DIR/weights.safetensors (the
state_dict, with tools/save_safetensors.py), DIR/input.safetensors and DIR/output.safetensors (the
trained model's eval-mode output on that input), and which wrote them: "saved by safetensors" when
the `safetensors` package is installed, else "saved by save_safetensors".
"""

import importlib.util
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from save_safetensors import save  # noqa: E402


def main():
    path, name, shape, directory = sys.argv[1:5]
    spec = importlib.util.spec_from_file_location("generated", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    torch.manual_seed(0)
    model = getattr(module, name)()
    x = torch.randn([8] + [int(s) for s in shape.split(",")])
    with torch.no_grad():
        classes = model(x).shape[1]
    labels = torch.randint(0, classes, (8,))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    model.train()
    for _ in range(20):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    print("first loss %.6f" % losses[0])
    print("last loss %.6f" % losses[-1])
    model.eval()
    with torch.no_grad():
        output = model(x)
    writer = save(model.state_dict(), os.path.join(directory, "weights.safetensors"))
    save({"input": x}, os.path.join(directory, "input.safetensors"))
    save({"output": output}, os.path.join(directory, "output.safetensors"))
    print("saved by " + writer)


if __name__ == "__main__":
    main()
