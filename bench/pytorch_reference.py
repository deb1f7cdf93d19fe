"""The reference benchmark (shared notes: benchmark.md) on PyTorch, for side-by-side ratios.

    OMP_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_reference.py --threads 1 [--json]

Model: torch.nn.Transformer, post-LN, ReLU, sinusoidal positions, dropout 0, d_model 128, 4 heads,
d_ff 512, 2+2 layers, vocabularies 1000 (untied), batch 32 x 32 tokens with the last 4 source
positions padded; Adam lr 1e-3, cross-entropy. Decoding: greedy, 32 steps, batch 32, recomputing the
decoder over the prefix at every step (nn.Transformer has no KV cache).

Reports training target tokens/s, ms per step, greedy-decoding tokens/s, peak resident memory and
model FLOPs utilisation: achieved FLOP/s over the FLOP/s of a 1024x1024 float32 matrix product
measured in the same process with the same threads (the machine's practical peak).
"""
import argparse
import json
import math
import resource
import time

import torch
from torch import nn


def model_flops_forward(b, ts, tt, d, dff, heads, enc, dec, vocab):
    """Multiply-add FLOPs (2 per MAC) of one forward pass: projections, attention products, FFN, output."""
    def self_attn(t):
        return 2 * b * t * d * 3 * d + 2 * b * t * t * d * 2 + 2 * b * t * d * d
    def cross_attn():
        return 2 * b * tt * d * d + 2 * b * ts * d * 2 * d + 2 * b * tt * ts * d * 2 + 2 * b * tt * d * d
    def ffn(t):
        return 2 * b * t * d * dff * 2
    f = enc * (self_attn(ts) + ffn(ts))
    f += dec * (self_attn(tt) + cross_attn() + ffn(tt))
    f += 2 * b * tt * d * vocab
    return f


def gemm_peak(seconds=1.0):
    a = torch.randn(1024, 1024)
    b = torch.randn(1024, 1024)
    out = torch.empty(1024, 1024)
    for _ in range(3):
        torch.matmul(a, b, out=out)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        torch.matmul(a, b, out=out)
        n += 1
    return 2 * 1024 ** 3 * n / (time.perf_counter() - start)


class Model(nn.Module):
    def __init__(self, vocab, d, heads, dff, layers, max_len=512):
        super().__init__()
        self.d = d
        self.src_embed = nn.Embedding(vocab, d)
        self.tgt_embed = nn.Embedding(vocab, d)
        self.transformer = nn.Transformer(d, heads, layers, layers, dff, dropout=0.0, batch_first=True)
        # torch 1.13's inference fast path packs padded memories into nested tensors and hands back
        # fewer positions than the padding mask has; keep ordinary dense tensors.
        self.transformer.encoder.enable_nested_tensor = False
        self.generator = nn.Linear(d, vocab)
        pe = torch.zeros(max_len, d)
        pos = torch.arange(max_len).unsqueeze(1).float()
        div = torch.pow(10000.0, torch.arange(0, d, 2).float() / d)
        pe[:, 0::2] = torch.sin(pos / div)
        pe[:, 1::2] = torch.cos(pos / div)
        self.register_buffer("pe", pe)

    def embed_src(self, src):
        return self.src_embed(src) * math.sqrt(self.d) + self.pe[: src.shape[1]]

    def embed_tgt(self, tgt):
        return self.tgt_embed(tgt) * math.sqrt(self.d) + self.pe[: tgt.shape[1]]

    def forward(self, src, tgt, src_pad):
        tt = tgt.shape[1]
        causal = self.transformer.generate_square_subsequent_mask(tt)
        out = self.transformer(self.embed_src(src), self.embed_tgt(tgt), tgt_mask=causal,
                               src_key_padding_mask=src_pad, memory_key_padding_mask=src_pad)
        return self.generator(out)

    @torch.no_grad()
    def greedy(self, src, src_pad, steps, bos=1):
        memory = self.transformer.encoder(self.embed_src(src), src_key_padding_mask=src_pad)
        ys = torch.full((src.shape[0], 1), bos, dtype=torch.long)
        for _ in range(steps):
            causal = self.transformer.generate_square_subsequent_mask(ys.shape[1])
            h = self.transformer.decoder(self.embed_tgt(ys), memory, tgt_mask=causal,
                                         memory_key_padding_mask=src_pad)
            nxt = self.generator(h[:, -1]).argmax(-1, keepdim=True)
            ys = torch.cat([ys, nxt], dim=1)
        return ys


def run(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    b, t, d, heads, dff, layers, vocab = args.batch, args.length, args.d_model, args.heads, args.d_ff, 2, 1000
    model = Model(vocab, d, heads, dff, layers, max_len=max(512, t + 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    src = torch.randint(3, vocab, (b, t))
    tgt = torch.randint(3, vocab, (b, t + 1))
    src_pad = torch.zeros(b, t, dtype=torch.bool)
    src_pad[:, -4:] = True
    src[:, -4:] = 0
    tgt_in, tgt_out = tgt[:, :-1], tgt[:, 1:]

    model.train()

    def step():
        opt.zero_grad(set_to_none=True)
        logits = model(src, tgt_in, src_pad)
        loss = loss_fn(logits.reshape(-1, vocab), tgt_out.reshape(-1))
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    times.sort()
    train_s = times[len(times) // 2]

    model.eval()
    model.greedy(src, src_pad, t)          # warm-up: one full decode, as the Java side
    dtimes = []
    for _ in range(args.decode_runs):
        start = time.perf_counter()
        model.greedy(src, src_pad, t)
        dtimes.append(time.perf_counter() - start)
    dtimes.sort()
    decode_s = dtimes[len(dtimes) // 2]

    flops = 3 * model_flops_forward(b, t, t, d, dff, heads, layers, layers, vocab)
    peak = gemm_peak()
    return {
        "impl": "pytorch", "torch": torch.__version__, "threads": args.threads,
        "batch": b, "length": t, "d_model": d, "heads": heads, "d_ff": dff,
        "train_ms_per_step": train_s * 1e3,
        "train_tokens_per_s": b * t / train_s,
        "decode_ms": decode_s * 1e3,
        "decode_tokens_per_s": b * t / decode_s,
        "decode_nocache_tokens_per_s": b * t / decode_s,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "mfu": flops / train_s / peak,
        "gemm_peak_gflops": peak / 1e9,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--length", type=int, default=32)
    p.add_argument("--d-model", dest="d_model", type=int, default=128)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--d-ff", dest="d_ff", type=int, default=512)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--decode-runs", dest="decode_runs", type=int, default=5)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    r = run(args)
    if args.json:
        print(json.dumps(r))
    else:
        for k, v in r.items():
            print(f"{k:28s} {v:.4g}" if isinstance(v, float) else f"{k:28s} {v}")


if __name__ == "__main__":
    main()
