"""Writes the weights of the Maven plugin's integration test, computed by hand rather than by PyTorch
(netc-maven-plugin/src/it/generate-and-run/src/test/resources/tiny.safetensors):

    /usr/bin/python3 tools/tiny_weights.py

The model is linear(3, 2) -> relu (src/main/netc/demo/Tiny.net there); TinyTest checks its outputs,
worked out in its comment. Plain safetensors, so no package is needed: an 8-byte little-endian header
length, the JSON header padded with spaces to a multiple of 8, then the float32 data in order.
"""
import json
import struct
from pathlib import Path

OUT = (Path(__file__).resolve().parent.parent / "netc-maven-plugin" / "src" / "it" / "generate-and-run"
       / "src" / "test" / "resources" / "tiny.safetensors")

TENSORS = [
    ("fc.weight", [2, 3], [1, 2, 3, -4, 5, -6]),
    ("fc.bias", [2], [0.5, -0.25]),
]


def main():
    header, data = {}, b""
    for name, shape, values in TENSORS:
        packed = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(data), len(data) + len(packed)]}
        data += packed
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    OUT.write_bytes(struct.pack("<Q", len(text)) + text + data)


if __name__ == "__main__":
    main()
