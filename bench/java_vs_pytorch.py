#!/usr/bin/env python3
"""PyTorch half of bench/java-vs-pytorch.sh.

Writes random-weight safetensors files for resnet18 and mobilenet_v2 (torchvision's state_dicts) and the seed model
(samples/simple.net), then times PyTorch's eager CPU forward pass on them, eval mode, no grad, with
the given thread count. Prints one line per measurement: MODEL BATCH MILLISECONDS (median).
"""
import json
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class SeedSimple(nn.Module):
    """samples/simple.net, as torchsummary's example writes it."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc1 = nn.Linear(32 * 8 * 8, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.view(x.size(0), -1))))


def write_safetensors(path, tensors):
    """The safetensors format by hand (8-byte header length, JSON header, raw little-endian data)."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        dtype = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
        data = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def randomise_batch_norm(model):
    """Non-trivial running statistics, so that batch norm really computes something."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.normal_(0, 0.1)
            m.running_var.uniform_(0.5, 1.5)


def median_ms(model, x, runs):
    with torch.no_grad():
        for _ in range(3):
            model(x)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2]


def main():
    out_dir, threads, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    models = {
        "resnet18": (torchvision.models.resnet18(), (3, 224, 224)),
        "mobilenet_v2": (torchvision.models.mobilenet_v2(), (3, 224, 224)),
        "seed": (SeedSimple(), (3, 32, 32)),
    }
    for name, (model, shape) in models.items():
        randomise_batch_norm(model)
        model.eval()
        write_safetensors(f"{out_dir}/{name}.safetensors", model.state_dict())
        for batch in (1, 8):
            print(f"{name} {batch} {median_ms(model, torch.randn(batch, *shape), runs):.3f}", flush=True)


if __name__ == "__main__":
    main()
