"""Runs the reference benchmark on Attention Lab and on PyTorch in turn, several times, and prints
medians and ratios (Attention Lab / PyTorch) as Markdown tables.

    /usr/bin/python3 bench/compare.py                      # reference configuration, 1 thread, 5 rounds
    /usr/bin/python3 bench/compare.py --threads 1,2 --sweep --sweep-reps 1

The two sides alternate (A B, B A, A B, ...) so that a change in the machine's load hits both alike;
quote medians and ratios, not single runs. Needs the jar (bin/attention-lab builds it) and Debian's
/usr/bin/python3 with torch (bench/pytorch_reference.py).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = ["train_ms_per_step", "train_tokens_per_s", "decode_tokens_per_s", "decode_nocache_tokens_per_s",
        "peak_rss_mb", "mfu", "gemm_peak_gflops"]


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def run_side(side, cfg, threads, steps, decode_runs):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    common = ["--d-model", str(cfg["d_model"]), "--heads", str(cfg["heads"]), "--d-ff", str(cfg["d_ff"]),
              "--length", str(cfg["length"]), "--batch", str(cfg["batch"]), "--steps", str(steps),
              "--decode-runs", str(decode_runs), "--threads", str(threads), "--json"]
    if side == "java":
        cmd = [os.path.join(ROOT, "bin", "attention-lab"), "bench"] + common
    else:
        cmd = ["/usr/bin/python3", os.path.join(ROOT, "bench", "pytorch_reference.py")] + common
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    line = [x for x in p.stdout.splitlines() if x.startswith("{")][-1]
    return json.loads(line)


def compare(cfg, threads, reps, steps, log, decode_runs=5):
    runs = {"java": [], "torch": []}
    loads = [load()]
    for r in range(reps):
        order = ["java", "torch"] if r % 2 == 0 else ["torch", "java"]
        for side in order:
            runs[side].append(run_side(side, cfg, threads, steps, decode_runs))
            loads.append(load())
        if log:
            j, t = runs["java"][-1], runs["torch"][-1]
            print(f"  round {r + 1}: train ms {j['train_ms_per_step']:.1f} vs {t['train_ms_per_step']:.1f}, "
                  f"decode tok/s {j['decode_tokens_per_s']:.0f} (no cache {j['decode_nocache_tokens_per_s']:.0f}) "
                  f"vs {t['decode_tokens_per_s']:.0f}, load {loads[-1]}", file=sys.stderr)
    med = {side: {k: statistics.median(x[k] for x in runs[side]) for k in KEYS} for side in runs}
    return med, loads


def ratio_rows(med):
    j, t = med["java"], med["torch"]
    return [
        ("training tokens/s", j["train_tokens_per_s"], t["train_tokens_per_s"], j["train_tokens_per_s"] / t["train_tokens_per_s"], ">= 0.6"),
        ("training ms/step", j["train_ms_per_step"], t["train_ms_per_step"], j["train_ms_per_step"] / t["train_ms_per_step"], ""),
        ("greedy tokens/s, KV cache (PyTorch recomputes)", j["decode_tokens_per_s"], t["decode_tokens_per_s"], j["decode_tokens_per_s"] / t["decode_tokens_per_s"], ">= 2"),
        ("greedy tokens/s, no cache", j["decode_nocache_tokens_per_s"], t["decode_tokens_per_s"], j["decode_nocache_tokens_per_s"] / t["decode_tokens_per_s"], ">= 0.6"),
        ("peak RSS MB", j["peak_rss_mb"], t["peak_rss_mb"], j["peak_rss_mb"] / t["peak_rss_mb"], "< 1500 MB"),
        ("MFU", j["mfu"], t["mfu"], j["mfu"] / t["mfu"], ""),
        ("1024² GEMM GFLOP/s (MFU's peak)", j["gemm_peak_gflops"], t["gemm_peak_gflops"], j["gemm_peak_gflops"] / t["gemm_peak_gflops"], ""),
    ]


def fmt(x):
    return f"{x:.3g}" if abs(x) < 10 else f"{x:.0f}"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reps", type=int, default=5, help="rounds for the reference configuration (default 5)")
    p.add_argument("--threads", default="1", help="comma-separated thread counts (default 1)")
    p.add_argument("--steps", type=int, default=20, help="timed training steps per run (default 20)")
    p.add_argument("--sweep", action="store_true", help="also lengths 32..256 and d_model 128..512")
    p.add_argument("--sweep-reps", type=int, default=1, help="rounds per sweep point (default 1)")
    p.add_argument("--sweep-steps", type=int, default=5, help="timed training steps per sweep run (default 5)")
    p.add_argument("--lengths", default="32,64,128,256")
    p.add_argument("--widths", default="128,256,512")
    p.add_argument("--json-out", help="also write every median to this file")
    args = p.parse_args()
    threads = [int(x) for x in args.threads.split(",")]
    ref = dict(d_model=128, heads=4, d_ff=512, length=32, batch=32)
    results = []
    print(f"# Attention Lab vs PyTorch, {time.strftime('%Y-%m-%d %H:%M')}, load at start {load()}\n")
    for th in threads:
        med, loads = compare(ref, th, args.reps, args.steps, True)
        results.append({"config": ref, "threads": th, "medians": med, "loads": loads})
        print(f"## Reference configuration, {th} thread(s), medians of {args.reps} interleaved rounds "
              f"(1-min load {min(loads)}-{max(loads)})\n")
        print("| metric | Attention Lab | PyTorch | ratio | target |\n| --- | ---: | ---: | ---: | --- |")
        for name, a, b, r, target in ratio_rows(med):
            print(f"| {name} | {fmt(a)} | {fmt(b)} | {r:.2f} | {target} |")
        print()
    if args.sweep:
        points = [dict(ref, length=t) for t in map(int, args.lengths.split(","))]
        points += [dict(ref, d_model=d, heads=max(1, d // 32), d_ff=4 * d) for d in map(int, args.widths.split(","))
                   if d != 128]
        for th in threads:
            print(f"## Scaling, {th} thread(s), medians of {args.sweep_reps} round(s), {args.sweep_steps} steps\n")
            print("| length | d_model/heads/d_ff | train tok/s AL | PT | ratio | greedy tok/s AL cache | AL no cache | PT | "
                  "cache ratio | no-cache ratio | RSS MB AL | PT | MFU AL | PT | load |")
            print("| ---: | --- |" + " ---: |" * 13)
            for cfg in points:
                med, loads = compare(cfg, th, args.sweep_reps, args.sweep_steps, False, decode_runs=1)
                results.append({"config": cfg, "threads": th, "medians": med, "loads": loads})
                j, t = med["java"], med["torch"]
                print(f"| {cfg['length']} | {cfg['d_model']}/{cfg['heads']}/{cfg['d_ff']} | "
                      f"{fmt(j['train_tokens_per_s'])} | {fmt(t['train_tokens_per_s'])} | "
                      f"{j['train_tokens_per_s'] / t['train_tokens_per_s']:.2f} | {fmt(j['decode_tokens_per_s'])} | "
                      f"{fmt(j['decode_nocache_tokens_per_s'])} | {fmt(t['decode_tokens_per_s'])} | "
                      f"{j['decode_tokens_per_s'] / t['decode_tokens_per_s']:.2f} | "
                      f"{j['decode_nocache_tokens_per_s'] / t['decode_tokens_per_s']:.2f} | "
                      f"{fmt(j['peak_rss_mb'])} | {fmt(t['peak_rss_mb'])} | {j['mfu']:.2f} | {t['mfu']:.2f} | "
                      f"{min(loads)}-{max(loads)} |", flush=True)
            print()
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
