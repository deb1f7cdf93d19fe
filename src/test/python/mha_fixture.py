"""Writes the expected outputs of torch.nn.MultiheadAttention for MultiHeadAttentionTorchParityTest.

Weights and inputs are closed-form functions of their indices (the Java test builds the same), so
the fixture holds only the outputs. Run: /usr/bin/python3 src/test/python/mha_fixture.py > \
  src/test/resources/org/attentionlab/nn/mha_fixture.txt
"""
import math
import torch

D, H, B, TQ, TK = 8, 2, 2, 4, 5


def fill(shape, f):
    t = torch.zeros(shape, dtype=torch.float64)
    flat = t.view(-1)
    for i in range(flat.numel()):
        flat[i] = f(i)
    return t


def layer():
    m = torch.nn.MultiheadAttention(D, H, dropout=0.0, batch_first=True).double()
    with torch.no_grad():
        m.in_proj_weight.copy_(fill((3 * D, D), lambda i: 0.3 * math.sin(0.7 * i + 0.1)))
        m.in_proj_bias.copy_(fill((3 * D,), lambda i: 0.05 * math.cos(i)))
        m.out_proj.weight.copy_(fill((D, D), lambda i: 0.25 * math.cos(0.5 * i - 0.2)))
        m.out_proj.bias.copy_(fill((D,), lambda i: 0.02 * i - 0.05))
    return m.eval()


x = fill((B, TQ, D), lambda i: math.sin(0.37 * i) + 0.1 * math.cos(1.1 * i))
mem = fill((B, TK, D), lambda i: math.cos(0.23 * i) - 0.2 * math.sin(0.9 * i))
# batch 1: the last query position and the last two memory positions are padding
self_pad = torch.tensor([[False] * TQ, [False] * (TQ - 1) + [True]])
mem_pad = torch.tensor([[False] * TK, [False] * (TK - 2) + [True] * 2])
causal = torch.triu(torch.ones(TQ, TQ, dtype=torch.bool), 1)

m = layer()
self_out, _ = m(x, x, x, key_padding_mask=self_pad, attn_mask=causal)
cross_out, _ = m(x, mem, mem, key_padding_mask=mem_pad)
for name, t in [("self_causal_padded", self_out), ("cross_padded", cross_out)]:
    print(name, " ".join(repr(float(v)) for v in t.reshape(-1)))
