"""The reference benchmark (shared notes: benchmark.md) on PyTorch, for side-by-side ratios.

    OMP_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_reference.py --threads 1 [--json]

Model: torch.nn.Transformer, post-LN, ReLU, sinusoidal positions, dropout 0, d_model 128, 4 heads,
d_ff 512, 2+2 layers, vocabularies 1000 (untied), batch 32 x 32 tokens with the last 4 source
positions padded; Adam lr 1e-3, cross-entropy. Decoding: greedy, 32 steps, batch 32, two ways:
recomputing the decoder over the prefix at every step (what nn.Transformer offers), and with a KV
cache (CachedGreedy: each step feeds one token, keeps every layer's self-attention keys and values,
and projects the memory's cross-attention keys and values once), as fairseq and Hugging Face decode.
Both must emit exactly the same tokens; the script checks it on every run (--check-decoders alone
checks a small configuration and exits).

Reports training target tokens/s, ms per step, greedy-decoding tokens/s with and without the cache
(decode_tokens_per_s, decode_nocache_tokens_per_s, the keys `attention-lab bench` uses), the
process's CPU time of a step and of a decode (*_cpu_ms*, less disturbed by a loaded machine than
wall-clock times), peak resident memory and model FLOPs utilisation: achieved FLOP/s over the FLOP/s of a 1024x1024 float32 matrix product
measured in the same process with the same threads (the machine's practical peak).
"""
import argparse
import json
import math
import resource
import time

import torch
from torch import nn
from torch.nn import functional as F


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


class CachedGreedy:
    """Greedy decoding of Model with a KV cache, written with torch operations on the weights of its
    nn.Transformer (post-LN decoder layers, as nn.Transformer builds them by default).

    Per decoder layer and step: one fused Q/K/V projection of the new position, whose K and V are
    written into preallocated caches [B*H, steps, dh]; attention of the one query over the cached
    prefix (two batched products, no mask needed: the cache holds only the past); cross-attention
    over keys and values of the memory projected once per layer before the first step, with the
    source padding as an additive bias; the feed-forward network; three LayerNorms; then the
    decoder's final norm and the generator on the one position.
    """

    def __init__(self, model):
        self.model = model
        dec = model.transformer.decoder
        for layer in dec.layers:
            if layer.norm_first:
                raise ValueError("CachedGreedy implements post-LN decoder layers only")
        self.layers = dec.layers
        self.final_norm = dec.norm
        self.heads = dec.layers[0].self_attn.num_heads
        self.d = model.d

    @torch.no_grad()
    def __call__(self, src, src_pad, steps, bos=1):
        m = self.model
        b, d, h = src.shape[0], self.d, self.heads
        dh = d // h
        scale = 1.0 / math.sqrt(dh)
        memory = m.transformer.encoder(m.embed_src(src), src_key_padding_mask=src_pad)     # [B,Ts,d]
        ts = memory.shape[1]
        # Padding as an additive bias over the keys, one row per (sequence, head): [B*H, 1, Ts].
        pad_bias = torch.zeros(b, ts).masked_fill(src_pad, float("-inf"))
        pad_bias = pad_bias.repeat_interleave(h, dim=0).unsqueeze(1)
        caches = []
        for layer in self.layers:
            ca = layer.multihead_attn
            kv = F.linear(memory, ca.in_proj_weight[d:], ca.in_proj_bias[d:])           # [B,Ts,2d]
            kv = kv.view(b, ts, 2, h, dh).permute(2, 0, 3, 1, 4).reshape(2, b * h, ts, dh)
            caches.append({
                "k": torch.empty(b * h, steps, dh), "v": torch.empty(b * h, steps, dh),
                "mk": kv[0].contiguous(), "mv": kv[1].contiguous()})
        ys = torch.full((b, 1), bos, dtype=torch.long)
        last = ys
        for t in range(steps):
            x = m.tgt_embed(last[:, 0]) * math.sqrt(d) + m.pe[t]                         # [B,d]
            for layer, c in zip(self.layers, caches):
                sa = layer.self_attn
                qkv = F.linear(x, sa.in_proj_weight, sa.in_proj_bias).view(b, 3, h, dh)   # [B,3,H,dh]
                c["k"][:, t] = qkv[:, 1].reshape(b * h, dh)
                c["v"][:, t] = qkv[:, 2].reshape(b * h, dh)
                q = qkv[:, 0].reshape(b * h, 1, dh)
                w = torch.softmax(torch.bmm(q, c["k"][:, : t + 1].transpose(1, 2)) * scale, dim=-1)
                a = torch.bmm(w, c["v"][:, : t + 1]).view(b, d)                           # [B,H*dh]
                x = layer.norm1(x + F.linear(a, sa.out_proj.weight, sa.out_proj.bias))
                ca = layer.multihead_attn
                q = F.linear(x, ca.in_proj_weight[:d], ca.in_proj_bias[:d]).view(b * h, 1, dh)
                w = torch.softmax(torch.baddbmm(pad_bias, q, c["mk"].transpose(1, 2), alpha=scale), dim=-1)
                a = torch.bmm(w, c["mv"]).view(b, d)
                x = layer.norm2(x + F.linear(a, ca.out_proj.weight, ca.out_proj.bias))
                x = layer.norm3(x + layer.linear2(layer.activation(layer.linear1(x))))
            if self.final_norm is not None:
                x = self.final_norm(x)
            last = m.generator(x).argmax(-1, keepdim=True)                                # [B,1]
            ys = torch.cat([ys, last], dim=1)
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

    # Warm-up: at least --warmup steps, then more until 100 steps or 15 s, the Java side's rule (its
    # JIT compiles for about 100 reference steps; torch needs no more than a few, so this costs it
    # nothing but time).
    warm_start, warmed = time.perf_counter(), 0
    while warmed < args.warmup or (warmed < 100 and time.perf_counter() - warm_start < 15.0):
        step()
        warmed += 1
    times, cpu = [], []
    for _ in range(args.steps):
        start, start_cpu = time.perf_counter(), time.process_time()
        step()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    train_s = median(times)

    model.eval()
    cached = CachedGreedy(model)
    # Warm-up decodes of each kind, as the Java side (whose JIT needs them); the first decodes of the
    # two kinds must agree token for token.
    check_same_tokens(warm_up(lambda: model.greedy(src, src_pad, t), t), warm_up(lambda: cached(src, src_pad, t), t))
    nocache_s, nocache_cpu = time_decode(lambda: model.greedy(src, src_pad, t), args.decode_runs)
    decode_s, decode_cpu = time_decode(lambda: cached(src, src_pad, t), args.decode_runs)

    flops = 3 * model_flops_forward(b, t, t, d, dff, heads, layers, layers, vocab)
    peak = gemm_peak()
    return {
        "impl": "pytorch", "torch": torch.__version__, "threads": args.threads,
        "batch": b, "length": t, "d_model": d, "heads": heads, "d_ff": dff,
        "train_ms_per_step": train_s * 1e3,
        "train_tokens_per_s": b * t / train_s,
        "train_cpu_ms_per_step": median(cpu) * 1e3,
        "decode_ms": decode_s * 1e3,
        "decode_tokens_per_s": b * t / decode_s,
        "decode_cpu_ms": decode_cpu * 1e3,
        "decode_nocache_ms": nocache_s * 1e3,
        "decode_nocache_tokens_per_s": b * t / nocache_s,
        "decode_nocache_cpu_ms": nocache_cpu * 1e3,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "mfu": flops / train_s / peak,
        "gemm_peak_gflops": peak / 1e9,
    }


def median(x):
    """The upper median, as the Java side takes it."""
    return sorted(x)[len(x) // 2]


def warm_up(decode, length, steps=2000, seconds=10.0):
    """Decodes until `steps` decoding steps or `seconds` have passed (at least once), the Java side's
    rule; returns the first decode's tokens."""
    start = time.perf_counter()
    first = decode()
    done = length
    while done < steps and time.perf_counter() - start < seconds:
        decode()
        done += length
    return first


def time_decode(decode, runs):
    """Medians over `runs` calls: wall-clock seconds and the process's CPU seconds (which a loaded
    machine disturbs much less)."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        decode()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return median(times), median(cpu)


def check_same_tokens(uncached, cached):
    if not torch.equal(uncached, cached):
        rows = (uncached != cached).any(dim=1).nonzero().flatten().tolist()
        raise SystemExit(f"the cached greedy decoder disagrees with the uncached one in rows {rows[:10]}")


def check_decoders(seed=0):
    """Cached and uncached greedy decoding of small random models emit the same tokens."""
    for d, heads, dff, b, t in [(32, 4, 64, 3, 9), (48, 2, 96, 5, 14)]:
        torch.manual_seed(seed)
        model = Model(50, d, heads, dff, 2, max_len=64).eval()
        src = torch.randint(3, 50, (b, t))
        src_pad = torch.zeros(b, t, dtype=torch.bool)
        src_pad[1:, -3:] = True          # the first row unpadded, the others with 3 padded positions
        src[src_pad] = 0
        ys = model.greedy(src, src_pad, t + 2)
        check_same_tokens(ys, CachedGreedy(model)(src, src_pad, t + 2))
        print(f"d_model {d}, {heads} heads, batch {b}, {t + 2} steps: cached and uncached agree "
              f"({ys[:, 1:].unique().numel()} distinct tokens)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--length", type=int, default=32)
    p.add_argument("--d-model", dest="d_model", type=int, default=128)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--d-ff", dest="d_ff", type=int, default=512)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=10,
                   help="training warm-up steps at least (then more until 100 steps or 15 s, as the Java side)")
    p.add_argument("--decode-runs", dest="decode_runs", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.add_argument("--check-decoders", dest="check_decoders", action="store_true",
                   help="only check that cached and uncached greedy decoding agree on small models")
    args = p.parse_args()
    if args.check_decoders:
        torch.set_num_threads(args.threads)
        check_decoders()
        return
    r = run(args)
    if args.json:
        print(json.dumps(r))
    else:
        for k, v in r.items():
            print(f"{k:28s} {v:.4g}" if isinstance(v, float) else f"{k:28s} {v}")


if __name__ == "__main__":
    main()
