#!/usr/bin/python3
"""Files written by Python for the org.attentionlab.io tests.

Run with Debian's python: /usr/bin/python3 src/test/python/make_io_fixtures.py
The `safetensors` package is not installed, so the safetensors file is assembled by hand with
struct + json + numpy, following the format's specification. Values are simple formulas of the
element index so that the Java tests can recompute them.
"""
import json
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures")


def safetensors(path):
    tensors = {
        # name: array, in the order the bytes are laid out
        "encoder.weight": (np.arange(6, dtype=np.float32).reshape(2, 3) * 0.5 - 1),
        "encoder.bias": np.array([0.1, -2.5, 3e-7], dtype=np.float64),
        "token_ids": np.array([[1, -2], [2**40, 7]], dtype=np.int64),
        "counts": np.arange(4, dtype=np.int32).reshape(1, 4, 1) - 1,
        "scale": np.array(2.25, dtype=np.float32),  # a scalar: shape []
    }
    names = {np.float32: "F32", np.float64: "F64", np.int64: "I64", np.int32: "I32"}
    header = {"__metadata__": {"format": "pt", "note": "written by make_io_fixtures.py"}}
    data = b""
    for name, a in tensors.items():
        raw = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": names[a.dtype.type], "shape": list(a.shape),
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def main():
    os.makedirs(OUT, exist_ok=True)
    safetensors(os.path.join(OUT, "python_written.safetensors"))
    np.save(os.path.join(OUT, "numpy_f4.npy"), (np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 5) / 4)
    np.save(os.path.join(OUT, "numpy_f8.npy"), np.arange(5, dtype=np.float64) * 1e-3 + 7)
    # Fortran order: element [i, j] = 10 i + j, stored column by column.
    np.save(os.path.join(OUT, "numpy_f8_fortran.npy"),
            np.asfortranarray(np.add.outer(np.arange(3) * 10, np.arange(4)).astype(np.float64)))
    print("numpy", np.__version__, "fixtures written to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
