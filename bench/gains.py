"""What a change gained: runs `attention-lab bench` for several builds or JVM options of Attention
Lab in interleaved rounds (A B C, C B A, A B C, ...) and prints medians, each beside the first
variant's, as Markdown tables. compare.py compares with PyTorch; this compares us with ourselves.

    /usr/bin/python3 bench/gains.py --variant "main=/tmp/al-main" \
        --variant "no layer scopes=.:-Dattentionlab.layerScopes=false" --variant "this branch=." \
        --configs reference,length-256 --reps 3 --out docs/bench-runs/DATE-gains

A variant is LABEL=DIR[:JVM OPTIONS]: DIR is a checkout with a built jar (`bin/attention-lab`
there is run; `.` is this one), the options go to ATTENTION_LAB_JAVA_OPTS. The configurations are
compare.py's. Process CPU times are printed beside the wall-clock figures (a loaded machine
disturbs them much less); peak resident memory does not depend on the load.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402

METRICS = [("train_tokens_per_s", "training tok/s"), ("train_cpu_ms_per_step", "training CPU ms/step"),
           ("decode_tokens_per_s", "greedy tok/s, KV cache"), ("decode_cpu_ms", "CPU ms a cached decode"),
           ("decode_nocache_tokens_per_s", "greedy tok/s, no cache"),
           ("decode_nocache_cpu_ms", "CPU ms an uncached decode"), ("peak_rss_mb", "peak RSS MB")]


def nan(x):
    return float("nan") if x is None else x


def parse_variant(text):
    if "=" not in text:
        sys.exit(f"--variant wants LABEL=DIR[:JVM OPTIONS], got {text!r}")
    label, rest = text.split("=", 1)
    folder, _, opts = rest.partition(":")
    folder = compare.ROOT if folder in ("", ".") else os.path.abspath(folder)
    launcher = os.path.join(folder, "bin", "attention-lab")
    if not os.path.isfile(os.path.join(folder, "target", "attention-lab.jar")):
        sys.exit(f"variant {label!r}: {folder}/target/attention-lab.jar is missing (build it there first)")
    return {"label": label, "launcher": launcher, "opts": opts.strip()}


def run(variant, cfg, threads, steps, decode_runs):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
               ATTENTION_LAB_JAVA_OPTS=variant["opts"])
    cmd = [variant["launcher"], "bench", "--d-model", str(cfg["d_model"]), "--heads", str(cfg["heads"]),
           "--d-ff", str(cfg["d_ff"]), "--length", str(cfg["length"]), "--batch", str(cfg["batch"]),
           "--steps", str(steps), "--decode-runs", str(decode_runs), "--threads", str(threads), "--json"]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{variant['label']}: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    return json.loads([x for x in p.stdout.splitlines() if x.startswith("{")][-1])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--variant", action="append", required=True, help="LABEL=DIR[:JVM OPTIONS], two or more")
    p.add_argument("--configs", default="reference", help="comma-separated names of compare.py's configurations")
    p.add_argument("--reps", type=int, default=3, help="rounds per configuration (default 3)")
    p.add_argument("--steps", type=int, help="timed training steps per run (default: the configuration's)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", help="write the printed tables to OUT.md and every run to OUT.json")
    args = p.parse_args()
    variants = [parse_variant(v) for v in args.variant]
    if len(variants) < 2:
        sys.exit("give at least two --variant options")
    names = args.configs.split(",")
    for n in names:
        if n not in compare.CONFIGS:
            sys.exit(f"unknown configuration {n!r}; known: {', '.join(compare.CONFIGS)}")
    say = compare.say
    started = time.time()
    say(f"# Attention Lab variants, {time.strftime('%Y-%m-%d %H:%M')}, load at start {compare.load()}")
    say()
    for v in variants:
        say(f"- {v['label']}: `{os.path.relpath(v['launcher'], compare.ROOT)}`"
            + (f" with `{v['opts']}`" if v["opts"] else ""))
    say()
    results = []
    for name in names:
        c = compare.CONFIGS[name]
        cfg = {k: c[k] for k in compare.REF}
        steps = args.steps or c["steps"]
        runs = {v["label"]: [] for v in variants}
        loads = [compare.load()]
        for r in range(args.reps):
            for v in (variants if r % 2 == 0 else variants[::-1]):
                runs[v["label"]].append(run(v, cfg, args.threads, steps, c["decode_runs"]))
                loads.append(compare.load())
        # An older build's bench may not report every key (CPU times came later): NaN there.
        med = {label: {k: statistics.median(nan(x.get(k)) for x in rs) for k, _ in METRICS}
               for label, rs in runs.items()}
        results.append({"name": name, "config": cfg, "steps": steps, "medians": med, "loads": loads, "runs": runs})
        first = variants[0]["label"]
        say(f"## {name} ({compare.describe(cfg)}), {args.threads} thread(s), medians of {args.reps} "
            f"interleaved rounds, {steps} timed steps (1-min load {min(loads, key=float)}-{max(loads, key=float)})")
        say()
        say("| metric | " + " | ".join(v["label"] for v in variants) + " | last / first |")
        say("| --- |" + " ---: |" * (len(variants) + 1))
        for key, label in METRICS:
            cells = ["-" if med[v["label"]][key] != med[v["label"]][key] else compare.fmt(med[v["label"]][key])
                     for v in variants]
            say(f"| {label} | " + " | ".join(cells) + f" | {med[variants[-1]['label']][key] / med[first][key]:.2f} |")
        say()
    say(f"Total time: {(time.time() - started) / 60:.1f} min")
    if args.out:
        with open(args.out + ".json", "w") as f:
            json.dump(results, f, indent=1)
        with open(args.out + ".md", "w") as f:
            f.write("\n".join(compare.OUT) + "\n")


if __name__ == "__main__":
    main()
