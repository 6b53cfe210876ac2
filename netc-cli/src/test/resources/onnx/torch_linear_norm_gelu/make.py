#!/usr/bin/python3
"""Writes model.onnx and io.safetensors here: a linear on a 3-d input, a layer norm and exact gelu as
torch.onnx 1.13 exports them (the bias added first, gelu as x * (erf(x / √2) + 1) * 0.5), for
OnnxRoundTripTest. Run from the repository's root: /usr/bin/python3 netc-cli/src/test/resources/onnx/torch_linear_norm_gelu/make.py"""

import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, "tools")
from save_safetensors import save  # noqa: E402


class LinearNormGelu(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)
        self.norm = nn.LayerNorm(4)
        self.act = nn.GELU()

    def forward(self, x):
        return self.act(self.norm(self.fc(x)))


here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)
model = LinearNormGelu().eval()
x = torch.randn(2, 5, 8)
torch.onnx.export(model, x, os.path.join(here, "model.onnx"), opset_version=17, input_names=["input"],
                  output_names=["output"], training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
save({"x": x, "output": model(x).detach()}, os.path.join(here, "io.safetensors"))
