"""The PyTorch twin of Attention Lab's Transformer, for parity fixtures and checkpoint checks.

Only what torch.nn.Transformer offers is mirrored here: LayerNorm, post-LN or pre-LN, ReLU or GELU,
sinusoidal or learned absolute positions, final encoder and decoder norms, optional weight tying
(target embedding and output projection; the source embedding too with tie_source_embedding), and
a source of feature vectors (source_features F > 0) read through src_proj = nn.Linear(F, d_model)
in place of the source embedding, without the sqrt(d_model) scale.
Parameter names are exactly the keys Attention Lab writes into its safetensors checkpoints.

Run with Debian's interpreter: /usr/bin/python3 (python3-torch).
"""
import json
import math
import struct

import numpy as np
import torch
from torch import nn


def sinusoidal_table(max_len, d_model):
    """PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(pos / 10000^(2i/d))."""
    pe = torch.zeros(max_len, d_model, dtype=torch.float64)
    pos = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)
    div = torch.pow(10000.0, torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    pe[:, 0::2] = torch.sin(pos / div)
    pe[:, 1::2] = torch.cos(pos / div[: d_model // 2])
    return pe


class ReferenceTransformer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d = cfg["d_model"]
        if cfg.get("source_features", 0) > 0:
            self.src_proj = nn.Linear(cfg["source_features"], d)
        else:
            self.src_embed = nn.Embedding(cfg["src_vocab"], d)
        self.tgt_embed = nn.Embedding(cfg["tgt_vocab"], d)
        if cfg["position"] == "learned":
            self.src_pos = nn.Embedding(cfg["max_len"], d)
            self.tgt_pos = nn.Embedding(cfg["max_len"], d)
        elif cfg["position"] != "sinusoidal":
            raise ValueError("torch twin supports sinusoidal and learned positions, got " + cfg["position"])
        if not cfg["final_norm"]:
            raise ValueError("torch.nn.Transformer always has final norms")
        self.transformer = nn.Transformer(
            d_model=d, nhead=cfg["heads"], num_encoder_layers=cfg["encoder_layers"],
            num_decoder_layers=cfg["decoder_layers"], dim_feedforward=cfg["d_ff"], dropout=0.0,
            activation=cfg["activation"], layer_norm_eps=cfg["layer_norm_eps"], batch_first=True,
            norm_first=(cfg["norm"] == "pre"))
        self.generator = nn.Linear(d, cfg["tgt_vocab"])
        if cfg["tie_embeddings"]:
            self.generator.weight = self.tgt_embed.weight
        if cfg.get("tie_source_embedding", False):
            # one table for both sides (a joint vocabulary); the checkpoint holds it under both names
            self.src_embed.weight = self.tgt_embed.weight
        if cfg.get("length_classes", 0) > 0:
            # Length head: logits over target lengths from the mean of the memory over real positions.
            self.length_head = nn.Linear(d, cfg["length_classes"])
        self.register_buffer("pe", sinusoidal_table(cfg["max_len"], d), persistent=False)

    def positions(self, x, which):
        t = x.shape[1]
        if self.cfg["position"] == "learned":
            return getattr(self, which + "_pos").weight[:t]
        return self.pe[:t].to(x.dtype)

    def embed_source(self, src):
        """Token ids [B, T] through the scaled embedding, or features [B, T, F] through the projection."""
        if self.cfg.get("source_features", 0) > 0:
            s = self.src_proj(src)
        else:
            s = self.src_embed(src) * math.sqrt(self.cfg["d_model"])
        return s + self.positions(s, "src")

    def forward(self, src, tgt_in, src_keep=None, tgt_keep=None):
        d = self.cfg["d_model"]
        s = self.embed_source(src)
        t = self.tgt_embed(tgt_in) * math.sqrt(d)
        t = t + self.positions(t, "tgt")
        tt = tgt_in.shape[1]
        causal = torch.triu(torch.full((tt, tt), float("-inf"), dtype=s.dtype), diagonal=1)
        src_pad = None if src_keep is None else (src_keep == 0)
        tgt_pad = None if tgt_keep is None else (tgt_keep == 0)
        out = self.transformer(s, t, tgt_mask=causal, src_key_padding_mask=src_pad,
                               tgt_key_padding_mask=tgt_pad, memory_key_padding_mask=src_pad)
        return self.generator(out)

    def predict_length(self, src, src_keep=None):
        """Length logits [B, length_classes]: the length head over the memory's mean at real positions."""
        s = self.embed_source(src)
        src_pad = None if src_keep is None else (src_keep == 0)
        memory = self.transformer.encoder(s, src_key_padding_mask=src_pad)
        keep = torch.ones(s.shape[:2], dtype=memory.dtype) if src_keep is None else src_keep.to(memory.dtype)
        pooled = (memory * keep.unsqueeze(-1)).sum(1) / keep.sum(1, keepdim=True)
        return self.length_head(pooled)


# ---- safetensors without the safetensors package (not in Debian 12) ----
_DTYPES = {np.dtype("float32"): "F32", np.dtype("float64"): "F64", np.dtype("int64"): "I64",
           np.dtype("int32"): "I32"}
_NP = {v: k for k, v in _DTYPES.items()}


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    for name, array in tensors.items():
        a = np.ascontiguousarray(array)
        raw = a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": _DTYPES[a.dtype], "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    metadata = header.pop("__metadata__", {})
    body = data[8 + n :]
    tensors = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        tensors[name] = np.frombuffer(body[b:e], dtype=_NP[info["dtype"]]).reshape(info["shape"])
    return tensors, metadata


def load_checkpoint(path, dtype=torch.float64):
    """Builds the torch twin from an Attention Lab checkpoint; fails if any tensor is missing or extra."""
    tensors, metadata = read_safetensors(path)
    cfg = json.loads(metadata["config"])
    model = ReferenceTransformer(cfg).to(dtype)
    state = {k: torch.from_numpy(np.array(v)).to(dtype) for k, v in tensors.items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ValueError(f"checkpoint {path}: missing {missing}, unexpected {unexpected}")
    return model, cfg
