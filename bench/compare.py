"""Runs the benchmark on Attention Lab and on PyTorch in turn, several times, and prints medians and
ratios (Attention Lab / PyTorch) as Markdown tables.

    /usr/bin/python3 bench/compare.py                      # the three configurations below, 1 thread
    /usr/bin/python3 bench/compare.py --configs reference --reps 5
    /usr/bin/python3 bench/compare.py --sweep --out docs/bench-runs/DATE --readme README.md

Configurations (--configs, comma-separated, or "all"):
    reference   d_model 128, 4 heads, d_ff 512, length 32, batch 32 (20 timed steps, 5 timed decodes)
    length-256  the same at length 256 (5 timed steps, 1 timed decode of each kind)
    d512        d_model 512, 8 heads, d_ff 2048, length 64, batch 16 (5 timed steps, 1 timed decode)

Decoding is compared like with like: Attention Lab's KV-cache decoder against PyTorch's
(CachedGreedy in bench/pytorch_reference.py), and both recomputing the prefix at every step; the
old anchor (our cache against PyTorch recomputing) is printed too. The two sides alternate
(A B, B A, A B, ...) so that a change in the machine's load hits both alike; quote medians and
ratios, not single runs. The process CPU times (training, and each decode) are printed beside the
wall-clock ones: a loaded machine disturbs them much less. Peak resident memory does not depend on
the load. --out PREFIX writes
everything printed to PREFIX.md and every run to PREFIX.json; --readme FILE rewrites the summary
sentence between <!-- bench-summary --> and <!-- /bench-summary --> in FILE from the reference
configuration (and the other two, when run). Needs the jar (bin/attention-lab builds it) and
Debian's /usr/bin/python3 with torch.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = ["train_ms_per_step", "train_tokens_per_s", "decode_tokens_per_s", "decode_nocache_tokens_per_s",
        "train_cpu_ms_per_step", "decode_ms", "decode_cpu_ms", "decode_nocache_ms", "decode_nocache_cpu_ms",
        "peak_rss_mb", "mfu", "gemm_peak_gflops"]
REF = dict(d_model=128, heads=4, d_ff=512, length=32, batch=32)
CONFIGS = {
    "reference": dict(REF, steps=20, decode_runs=5, reps=5, rss_target=1.0),
    "length-256": dict(REF, length=256, steps=5, decode_runs=1, reps=3, rss_target=1.2),
    "d512": dict(d_model=512, heads=8, d_ff=2048, length=64, batch=16, steps=5, decode_runs=1, reps=3, rss_target=1.2),
}
TARGETS = {"train": 1.2, "cache": 1.5, "nocache": 1.0}
OUT = []


def say(line=""):
    print(line, flush=True)
    OUT.append(line)


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


def compare(cfg, threads, reps, steps, decode_runs, log):
    runs = {"java": [], "torch": []}
    loads = [load()]
    for r in range(reps):
        order = ["java", "torch"] if r % 2 == 0 else ["torch", "java"]
        for side in order:
            runs[side].append(run_side(side, cfg, threads, steps, decode_runs))
            loads.append(load())
        if log:
            j, t = runs["java"][-1], runs["torch"][-1]
            say(f"  round {r + 1}: train ms {j['train_ms_per_step']:.1f} vs {t['train_ms_per_step']:.1f} "
                f"(CPU {j['train_cpu_ms_per_step']:.1f} vs {t['train_cpu_ms_per_step']:.1f}), "
                f"greedy tok/s cache {j['decode_tokens_per_s']:.0f} vs {t['decode_tokens_per_s']:.0f}, "
                f"no cache {j['decode_nocache_tokens_per_s']:.0f} vs {t['decode_nocache_tokens_per_s']:.0f}, "
                f"RSS MB {j['peak_rss_mb']:.0f} vs {t['peak_rss_mb']:.0f}, load {loads[-1]}")
    med = {side: {k: statistics.median(x[k] for x in runs[side]) for k in KEYS} for side in runs}
    return med, loads, runs


def ratio_rows(med, rss_target):
    j, t = med["java"], med["torch"]
    return [
        ("training tokens/s", j["train_tokens_per_s"], t["train_tokens_per_s"], f">= {TARGETS['train']}"),
        ("training ms/step", j["train_ms_per_step"], t["train_ms_per_step"], ""),
        ("training CPU ms/step (process CPU time)", j["train_cpu_ms_per_step"], t["train_cpu_ms_per_step"], ""),
        ("greedy tokens/s, KV cache on both sides", j["decode_tokens_per_s"], t["decode_tokens_per_s"],
         f">= {TARGETS['cache']}"),
        ("greedy tokens/s, no cache on either side", j["decode_nocache_tokens_per_s"],
         t["decode_nocache_tokens_per_s"], f">= {TARGETS['nocache']}"),
        ("greedy tokens/s, our KV cache vs PyTorch recomputing (the old anchor)", j["decode_tokens_per_s"],
         t["decode_nocache_tokens_per_s"], ""),
        ("greedy CPU ms a decode, KV cache", j["decode_cpu_ms"], t["decode_cpu_ms"], ""),
        ("greedy CPU ms a decode, no cache", j["decode_nocache_cpu_ms"], t["decode_nocache_cpu_ms"], ""),
        ("peak RSS MB", j["peak_rss_mb"], t["peak_rss_mb"], f"<= {rss_target}"),
        ("MFU", j["mfu"], t["mfu"], ""),
        ("1024² GEMM GFLOP/s (MFU's peak)", j["gemm_peak_gflops"], t["gemm_peak_gflops"], ""),
    ]


def fmt(x):
    return f"{x:.3g}" if abs(x) < 10 else f"{x:.0f}"


def describe(cfg):
    return (f"d_model {cfg['d_model']}, {cfg['heads']} heads, d_ff {cfg['d_ff']}, length {cfg['length']}, "
            f"batch {cfg['batch']}")


def summary(results, speed="wall"):
    """The README's sentence, from the reference configuration's medians (and the others' memory).

    speed "cpu" compares process CPU times (PyTorch's over ours) instead of wall-clock throughput:
    on a loaded machine the wall-clock ratios are noise, the CPU times much less so."""
    by = {(r["name"], r["threads"]): r for r in results if r.get("name")}
    th = min(t for (_, t) in by) if by else 1
    ref = by.get(("reference", th))
    if ref is None:
        return None
    j, t = ref["medians"]["java"], ref["medians"]["torch"]
    mem = [f"{j['peak_rss_mb']:.0f} MB against {t['peak_rss_mb']:.0f} MB "
           f"({j['peak_rss_mb'] / t['peak_rss_mb']:.2f}x)"]
    for name, words in (("length-256", "at length 256"), ("d512", "at d_model 512")):
        m = by.get((name, th))
        if m:
            mem.append(f"{m['medians']['java']['peak_rss_mb'] / m['medians']['torch']['peak_rss_mb']:.2f}x {words}")
    if speed == "cpu":
        ratios = [t["train_cpu_ms_per_step"] / j["train_cpu_ms_per_step"], t["decode_cpu_ms"] / j["decode_cpu_ms"],
                  t["decode_nocache_cpu_ms"] / j["decode_nocache_cpu_ms"]]
        loads = ref.get("loads") or ["?"]
        how = (f"by process CPU time (the machine's 1-minute load was {min(loads, key=float)}-"
               f"{max(loads, key=float)}, which makes wall-clock ratios noise)")
    else:
        ratios = [j["train_tokens_per_s"] / t["train_tokens_per_s"], j["decode_tokens_per_s"] / t["decode_tokens_per_s"],
                  j["decode_nocache_tokens_per_s"] / t["decode_nocache_tokens_per_s"]]
        how = "by throughput"
    return (f"on the reference benchmark, {th} thread{'s' if th > 1 else ''}, {how}, training runs at "
            f"{ratios[0]:.2f}x PyTorch's speed, greedy decoding with the KV cache at {ratios[1]:.2f}x PyTorch's own "
            f"KV-cache decoder and at {ratios[2]:.2f}x without a cache on either side; peak memory {mem[0]}"
            + (f", {', '.join(mem[1:])}" if len(mem) > 1 else "") + f" ({time.strftime('%Y-%m-%d')}).")


LABEL_KEYS = {  # the table rows of ratio_rows, back to their keys (for --from)
    "training tokens/s": "train_tokens_per_s", "training ms/step": "train_ms_per_step",
    "training CPU ms/step (process CPU time)": "train_cpu_ms_per_step",
    "greedy tokens/s, KV cache on both sides": "decode_tokens_per_s",
    "greedy tokens/s, no cache on either side": "decode_nocache_tokens_per_s",
    "greedy CPU ms a decode, KV cache": "decode_cpu_ms", "greedy CPU ms a decode, no cache": "decode_nocache_cpu_ms",
    "peak RSS MB": "peak_rss_mb", "MFU": "mfu", "1024² GEMM GFLOP/s (MFU's peak)": "gemm_peak_gflops",
}


def read_results(path):
    """Results saved by an earlier run: its --out JSON, or its printed Markdown (the tables' medians)."""
    if path.endswith(".json"):
        with open(path) as f:
            return json.load(f)
    results, current = [], None
    header = re.compile(r"^## (\S+) \(.*\), (\d+) thread\(s\).*\(1-min load ([\d.]+)-([\d.]+)\)")
    with open(path) as f:
        for line in f:
            m = header.match(line)
            if m and m.group(1) in CONFIGS:
                current = {"name": m.group(1), "threads": int(m.group(2)), "loads": [m.group(3), m.group(4)],
                           "medians": {"java": {}, "torch": {}}}
                results.append(current)
            elif current is not None and line.startswith("| "):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                key = LABEL_KEYS.get(cells[0])
                if key:
                    current["medians"]["java"][key] = float(cells[1])
                    current["medians"]["torch"][key] = float(cells[2])
    return results


def write_readme(path, sentence):
    with open(path) as f:
        text = f.read()
    pattern = re.compile(r"(<!-- bench-summary -->)(.*?)(<!-- /bench-summary -->)", re.S)
    if not pattern.search(text):
        sys.exit(f"{path} has no <!-- bench-summary --> ... <!-- /bench-summary --> block")
    with open(path, "w") as f:
        f.write(pattern.sub(lambda m: m.group(1) + sentence + m.group(3), text, count=1))


def save(args, results):
    """Writes every run so far to --out's and --json-out's JSON, so that an interrupted run keeps them."""
    for path in ([args.out + ".json"] if args.out else []) + ([args.json_out] if args.json_out else []):
        with open(path, "w") as f:
            json.dump(results, f, indent=1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--configs", default="all", help="comma-separated names of CONFIGS, or all (default), or none")
    p.add_argument("--reps", help="rounds per configuration: N for all, or NAME=N,... "
                   "(default: 5 for reference, 3 otherwise)")
    p.add_argument("--threads", default="1", help="comma-separated thread counts (default 1)")
    p.add_argument("--steps", type=int, help="timed training steps per run (default: per configuration)")
    p.add_argument("--sweep", action="store_true", help="also lengths 32..256 and d_model 128..512")
    p.add_argument("--sweep-reps", type=int, default=1, help="rounds per sweep point (default 1)")
    p.add_argument("--sweep-steps", type=int, default=5, help="timed training steps per sweep run (default 5)")
    p.add_argument("--lengths", default="32,64,128,256")
    p.add_argument("--widths", default="128,256,512")
    p.add_argument("--out", help="write the printed tables to OUT.md and every run to OUT.json")
    p.add_argument("--json-out", help="also write every median to this file (as --out's .json)")
    p.add_argument("--readme", help="rewrite the <!-- bench-summary --> sentence of this file")
    p.add_argument("--speed", choices=["wall", "cpu"], default="wall",
                   help="the README sentence's speed ratios: throughput (wall) or process CPU time (cpu)")
    p.add_argument("--from", dest="sources", help="measure nothing: comma-separated .json (--out) or .md "
                   "(printed) files of earlier runs, for the README sentence")
    args = p.parse_args()
    threads = [int(x) for x in args.threads.split(",")]
    names = [] if args.configs == "none" else list(CONFIGS) if args.configs == "all" else args.configs.split(",")
    for n in names:
        if n not in CONFIGS:
            sys.exit(f"unknown configuration {n!r}; known: {', '.join(CONFIGS)}")
    reps_of = {}
    for part in (args.reps or "").split(","):
        if part:
            name, _, n = part.rpartition("=")
            if not n.isdigit() or int(n) < 1 or (name and name not in CONFIGS):
                sys.exit(f"--reps wants N or NAME=N,... with N at least 1, got {args.reps!r}")
            reps_of[name or "*"] = int(n)
    results = []
    if args.sources:
        for path in args.sources.split(","):
            results += read_results(path)
        names = []
    started = time.time()
    say(f"# Attention Lab vs PyTorch, {time.strftime('%Y-%m-%d %H:%M')}, load at start {load()}")
    say()
    for th in threads:
        for name in names:
            c = CONFIGS[name]
            cfg = {k: c[k] for k in REF}
            reps = reps_of.get(name, reps_of.get("*", c["reps"]))
            steps = args.steps or c["steps"]
            med, loads, runs = compare(cfg, th, reps, steps, c["decode_runs"], True)
            results.append({"name": name, "config": cfg, "threads": th, "steps": steps,
                            "decode_runs": c["decode_runs"], "medians": med, "loads": loads, "runs": runs})
            save(args, results)
            say(f"## {name} ({describe(cfg)}), {th} thread(s), medians of {reps} interleaved rounds, "
                f"{steps} timed steps (1-min load {min(loads, key=float)}-{max(loads, key=float)})")
            say()
            say("| metric | Attention Lab | PyTorch | ratio | target |")
            say("| --- | ---: | ---: | ---: | --- |")
            for label, a, b, target in ratio_rows(med, c["rss_target"]):
                say(f"| {label} | {fmt(a)} | {fmt(b)} | {a / b:.2f} | {target} |")
            say()
    if args.sweep and not args.sources:
        points = [dict(REF, length=t) for t in map(int, args.lengths.split(","))]
        points += [dict(REF, d_model=d, heads=max(1, d // 32), d_ff=4 * d) for d in map(int, args.widths.split(","))
                   if d != 128]
        for th in threads:
            say(f"## Scaling, {th} thread(s), medians of {args.sweep_reps} round(s), {args.sweep_steps} steps")
            say()
            say("| length | d_model/heads/d_ff | train tok/s AL | PT | ratio | greedy cache AL | PT | ratio | "
                "no cache AL | PT | ratio | RSS MB AL | PT | ratio | MFU AL | PT | load |")
            say("| ---: | --- |" + " ---: |" * 15)
            for cfg in points:
                med, loads, runs = compare(cfg, th, args.sweep_reps, args.sweep_steps, 1, False)
                results.append({"config": cfg, "threads": th, "steps": args.sweep_steps, "decode_runs": 1,
                                "medians": med, "loads": loads, "runs": runs})
                save(args, results)
                j, t = med["java"], med["torch"]
                cells = []
                for k in ("train_tokens_per_s", "decode_tokens_per_s", "decode_nocache_tokens_per_s", "peak_rss_mb"):
                    cells += [fmt(j[k]), fmt(t[k]), f"{j[k] / t[k]:.2f}"]
                say(f"| {cfg['length']} | {cfg['d_model']}/{cfg['heads']}/{cfg['d_ff']} | " + " | ".join(cells)
                    + f" | {j['mfu']:.2f} | {t['mfu']:.2f} | {min(loads, key=float)}-{max(loads, key=float)} |")
            say()
    sentence = summary(results, args.speed)
    if sentence:
        say("README summary: " + sentence)
        say()
    say(f"Total time: {(time.time() - started) / 60:.1f} min")
    if args.readme and sentence:
        write_readme(args.readme, sentence)
    save(args, results)
    if args.out:
        with open(args.out + ".md", "w") as f:
            f.write("\n".join(OUT) + "\n")


if __name__ == "__main__":
    main()
