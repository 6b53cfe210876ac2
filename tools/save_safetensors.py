#!/usr/bin/python3
"""Saves a PyTorch state_dict (or any dict of tensors) as safetensors, for `netc run` and `netc java`.

    from save_safetensors import save
    save(model.state_dict(), "weights.safetensors")

or from the command line, for a state_dict saved with torch.save:

    /usr/bin/python3 tools/save_safetensors.py model.pt weights.safetensors

With the `safetensors` package installed this calls safetensors.torch.save_file; without it, it
writes the same format itself: an 8-byte little-endian header length, a JSON header naming each
tensor's dtype, shape and byte range, then the tensors' bytes (little-endian, row-major).
"""

import json
import struct
import sys

import torch

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.int64: "I64",
          torch.int32: "I32", torch.uint8: "U8", torch.bool: "BOOL"}


def save(tensors, path):
    try:
        from safetensors.torch import save_file
    except ImportError:
        save_file = None
    if save_file is not None:
        save_file({name: tensor.detach().cpu().contiguous() for name, tensor in tensors.items()}, path)
        return
    write(tensors, path)


def write(tensors, path, metadata=None):
    """The format written here, with the tensors in the dict's order: the same bytes on every machine."""
    header = {}
    chunks = []
    offset = 0
    for name, tensor in tensors.items():
        tensor = tensor.detach().cpu().contiguous()
        data = tensor.numpy().tobytes() if tensor.numel() else b""
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the format aligns the data to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: save_safetensors.py STATE_DICT.pt OUT.safetensors")
    save(torch.load(sys.argv[1], map_location="cpu"), sys.argv[2])
