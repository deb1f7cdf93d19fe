"""Loads an Attention Lab checkpoint into the PyTorch twin and writes its logits as .npy.

    /usr/bin/python3 src/test/python/torch_logits.py CHECKPOINT SRC_IDS TGT_IDS OUT.npy

SRC_IDS and TGT_IDS are comma-separated token ids of one sentence. Used by CheckpointPyTorchTest to
show that a checkpoint written by Attention Lab gives the same logits in PyTorch.
"""
import sys

import numpy as np
import torch

from reference_model import load_checkpoint


def main():
    path, src, tgt, out = sys.argv[1:5]
    model, _ = load_checkpoint(path, torch.float64)
    model.train()  # dropout is 0 in these checkpoints; training mode avoids torch's inference fast path
    src_ids = torch.tensor([[int(x) for x in src.split(",")]])
    tgt_ids = torch.tensor([[int(x) for x in tgt.split(",")]])
    with torch.no_grad():
        logits = model(src_ids, tgt_ids)[0]
    np.save(out, logits.numpy().astype(np.float64))


if __name__ == "__main__":
    main()
