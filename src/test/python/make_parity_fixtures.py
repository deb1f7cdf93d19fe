"""Writes the PyTorch parity fixtures under src/test/resources/fixtures/parity/.

Each fixture holds, for one configuration: the weights of a torch model (named as Attention Lab's
checkpoints), a small padded batch, the logits, the label-smoothed loss and every parameter's
gradient, all computed in float64 by torch.nn.Transformer. The features_* cases read a source of
feature vectors through src_proj (source_features > 0) and also store the gradient of the loss with
respect to the features. Regenerate with

    /usr/bin/python3 src/test/python/make_parity_fixtures.py [CASE ...]

(no CASE: every case). torch's float64 gradients can differ in the last bits from one run to the
next (about 1e-15 relative), so regenerate only the cases you change.
"""
import sys
import json
import os

import numpy as np
import torch
from torch import nn

from reference_model import ReferenceTransformer, write_safetensors

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "parity")
PAD = 0
SMOOTHING = 0.1

BASE = dict(d_model=16, heads=2, d_ff=32, encoder_layers=2, decoder_layers=2, src_vocab=11, tgt_vocab=13,
            max_len=32, dropout=0.0, norm="post", norm_type="layer", final_norm=True, activation="relu",
            position="sinusoidal", relative_clip=16, tie_embeddings=False, layer_norm_eps=1e-5,
            batchnorm_exclude_padding=True)

CASES = {
    # the paper's post-LN with the final norms torch.nn.Transformer has, padded source and target
    "post_ln_padded": dict(BASE, batch=3, src_len=7, tgt_len=5, src_pads=[0, 2, 3], tgt_pads=[0, 1, 2]),
    # pre-LN, GELU, an encoder shallower than the decoder, more heads
    "pre_ln_gelu": dict(BASE, d_model=24, heads=4, d_ff=40, encoder_layers=1, decoder_layers=3, norm="pre",
                        activation="gelu", batch=2, src_len=6, tgt_len=8, src_pads=[0, 0], tgt_pads=[0, 0]),
    # tied target embedding and output projection, learned positions, target longer than source
    "tied_learned": dict(BASE, d_model=32, heads=8, d_ff=16, encoder_layers=3, decoder_layers=1,
                         src_vocab=9, tgt_vocab=9, position="learned", tie_embeddings=True,
                         layer_norm_eps=1e-6, batch=2, src_len=4, tgt_len=9, src_pads=[1, 0], tgt_pads=[0, 3]),
    # feature vectors in place of source tokens (speech frames): padded frames hold random values, so
    # only the mask can keep them out; more frames than target tokens, as in speech
    "features_post_ln": dict(BASE, src_vocab=0, source_features=5, batch=3, src_len=9, tgt_len=4,
                             src_pads=[0, 3, 5], tgt_pads=[1, 0, 2]),
    # the same with pre-LN, GELU, learned positions and a tied target side
    "features_pre_ln_learned": dict(BASE, d_model=24, heads=4, d_ff=40, encoder_layers=2, decoder_layers=1,
                                    src_vocab=0, tgt_vocab=9, source_features=7, norm="pre", activation="gelu",
                                    position="learned", tie_embeddings=True, batch=2, src_len=11, tgt_len=5,
                                    src_pads=[4, 0], tgt_pads=[0, 2]),
}


def make(name, case, seed):
    torch.manual_seed(seed)
    cfg = {k: v for k, v in case.items() if k in BASE or k == "source_features"}
    model = ReferenceTransformer(cfg).double()
    model.train()  # dropout is 0; training mode keeps torch off its inference fast path
    b, ts, tt = case["batch"], case["src_len"], case["tgt_len"]
    features = cfg.get("source_features", 0) > 0
    if features:
        src = torch.randn(b, ts, cfg["source_features"], dtype=torch.float64, requires_grad=True)
    else:
        src = torch.randint(1, cfg["src_vocab"], (b, ts))
    tgt_in = torch.randint(1, cfg["tgt_vocab"], (b, tt))
    tgt_out = torch.randint(1, cfg["tgt_vocab"], (b, tt))
    src_keep = torch.ones(b, ts, dtype=torch.float64)
    tgt_keep = torch.ones(b, tt, dtype=torch.float64)
    for i in range(b):
        if case["src_pads"][i]:
            if not features:
                src[i, -case["src_pads"][i]:] = PAD
            src_keep[i, -case["src_pads"][i]:] = 0
        if case["tgt_pads"][i]:
            tgt_in[i, -case["tgt_pads"][i]:] = PAD
            tgt_out[i, -case["tgt_pads"][i]:] = PAD
            tgt_keep[i, -case["tgt_pads"][i]:] = 0
    logits = model(src, tgt_in, src_keep, tgt_keep)
    loss = nn.CrossEntropyLoss(label_smoothing=SMOOTHING, ignore_index=PAD)(
        logits.reshape(-1, cfg["tgt_vocab"]), tgt_out.reshape(-1))
    loss.backward()
    tensors = {}
    for k, v in model.state_dict().items():
        tensors[k] = v.detach().numpy()
    for k, p in model.named_parameters():
        tensors["grad." + k] = p.grad.detach().numpy()
    if cfg["tie_embeddings"]:
        # named_parameters lists a shared tensor once; the checkpoint names both uses
        tensors["grad.generator.weight"] = tensors["grad.tgt_embed.weight"]
    if features:
        tensors["expected.features_grad"] = src.grad.detach().numpy()
    tensors.update({
        "input.src": src.detach().numpy(), "input.tgt_in": tgt_in.numpy(), "input.tgt_out": tgt_out.numpy(),
        "input.src_keep": src_keep.numpy(), "input.tgt_keep": tgt_keep.numpy(),
        "expected.logits": logits.detach().numpy(),
        "expected.loss": np.array([loss.item()]),
    })
    meta = {"config": json.dumps(cfg), "label_smoothing": str(SMOOTHING), "pad_id": str(PAD),
            "torch_version": torch.__version__, "generated_by": "src/test/python/make_parity_fixtures.py"}
    path = os.path.join(OUT, name + ".safetensors")
    write_safetensors(path, tensors, meta)
    print(f"{path}: {len(tensors)} tensors, loss {loss.item():.6f}")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    wanted = sys.argv[1:] or list(CASES)
    unknown = [w for w in wanted if w not in CASES]
    if unknown:
        sys.exit(f"unknown case(s) {unknown}; known: {list(CASES)}")
    for i, (name, case) in enumerate(CASES.items()):
        if name in wanted:
            make(name, case, seed=1000 + i)  # the seed follows the case's place, whichever are made
