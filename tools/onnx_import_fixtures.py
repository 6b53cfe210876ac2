#!/usr/bin/python3
"""ONNX exports of torchvision models, with what PyTorch says of them, for OnnxImportTorchvisionTest.

    /usr/bin/python3 tools/onnx_import_fixtures.py OUT_DIR [TORCHSUMMARY_PY]

Needs Debian's python3-torch (1.13) and python3-torchvision. For each model and opset it writes
OUT_DIR/NAME_opsetN/:

    model.onnx          torch.onnx.export in eval mode with training=TrainingMode.PRESERVE and
                        do_constant_folding=False, so batch norms stay BatchNormalization nodes
                        whose initializers keep their state_dict names (bn1.running_mean, ...)
    state_dict.txt      every state_dict key with its shape, "key 64,3,7,7", in PyTorch's order
    classes.txt         "path ClassName" for every module of a class outside torch.nn (a block)
    io.safetensors      "input" and the eval-mode "output" of the model on it
    torchsummary.txt    torchsummary 1.5.1's table (only when its source is given)

and the same files in OUT_DIR/NAME_functions/ for the models whose blocks are classes of their own
(resnet18's BasicBlock, mobilenet_v2's InvertedResidual, squeezenet1_1's Fire): exported at opset 17
with export_modules_as_functions={CLASS}, so that each block is a call of an ONNX local function named
after its class (BasicBlock, BasicBlock.1 for another body);
and OUT_DIR/resnet18_folded/ the default export (eval mode, constant folding: batch norms folded into
the convolutions, weights named onnx::Conv_193) with its io.safetensors.

Batch norms' running statistics, weights and biases are randomised (seeded), so that an import
that drops or misplaces one changes the output, and so that no two initializers are equal (the
exporter would otherwise share equal ones through Identity nodes). Every model is built after
torch.manual_seed(0), so the files are the same on every run.
"""
import contextlib
import importlib.util
import io
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torchvision.models as tvm
from torchvision.models.mobilenetv2 import InvertedResidual
from torchvision.models.resnet import BasicBlock
from torchvision.models.squeezenet import Fire

sys.path.insert(0, str(Path(__file__).resolve().parent))
from save_safetensors import write  # noqa: E402

MODELS = {
    "resnet18": tvm.resnet18,
    "mobilenet_v2": tvm.mobilenet_v2,
    "squeezenet1_1": tvm.squeezenet1_1,
    "vgg11": tvm.vgg11,
}
OPSETS = (13, 17)
BLOCK_CLASSES = {"resnet18": BasicBlock, "mobilenet_v2": InvertedResidual, "squeezenet1_1": Fire}


def randomise_batch_norms(model):
    generator = torch.Generator().manual_seed(1)
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            n = module.num_features
            with torch.no_grad():
                module.running_mean.copy_(torch.randn(n, generator=generator) * 0.1)
                module.running_var.copy_(torch.rand(n, generator=generator) + 0.5)
                module.weight.copy_(torch.rand(n, generator=generator) + 0.5)
                module.bias.copy_(torch.randn(n, generator=generator) * 0.1)


def main():
    out = Path(sys.argv[1])
    torchsummary = None
    if len(sys.argv) > 2:
        spec = importlib.util.spec_from_file_location("torchsummary151", sys.argv[2])
        torchsummary = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(torchsummary)
    torch.set_num_threads(1)
    for name, build in MODELS.items():
        torch.manual_seed(0)
        model = build()
        randomise_batch_norms(model)
        model.eval()
        x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(2))
        with torch.no_grad():
            y = model(x)
        table = None
        if torchsummary is not None:
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                torchsummary.summary(model, (3, 224, 224), device="cpu")
            table = printed.getvalue()
            model.eval()  # torchsummary leaves the model as it found it, but say so
        exports = [(f"{name}_opset{opset}", opset, None) for opset in OPSETS]
        if name in BLOCK_CLASSES:
            exports.append((f"{name}_functions", 17, {BLOCK_CLASSES[name]}))
        for folder_name, opset, functions in exports:
            folder = out / folder_name
            folder.mkdir(parents=True, exist_ok=True)
            torch.onnx.export(model, x, str(folder / "model.onnx"), opset_version=opset,
                              training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False,
                              input_names=["input"], output_names=["output"],
                              export_modules_as_functions=functions or False)
            keys = "".join(f"{key} {','.join(map(str, value.shape))}\n" for key, value in model.state_dict().items())
            (folder / "state_dict.txt").write_text(keys)
            classes = "".join(f"{path} {type(module).__name__}\n" for path, module in model.named_modules()
                              if path and not type(module).__module__.startswith("torch.nn"))
            (folder / "classes.txt").write_text(classes)
            write({"input": x, "output": y}, str(folder / "io.safetensors"))
            if table is not None:
                (folder / "torchsummary.txt").write_text(table)
        if name == "resnet18":
            # the default export: eval mode folds each batch norm into its convolution, weights onnx::Conv_193
            folder = out / "resnet18_folded"
            folder.mkdir(parents=True, exist_ok=True)
            torch.onnx.export(model, x, str(folder / "model.onnx"), opset_version=13,
                              input_names=["input"], output_names=["output"])
            write({"input": x, "output": y}, str(folder / "io.safetensors"))
        print(name, "written", flush=True)


if __name__ == "__main__":
    main()
