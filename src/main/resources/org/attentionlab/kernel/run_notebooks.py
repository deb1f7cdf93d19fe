"""Executes Jupyter notebooks headless and writes an HTML report of each.

Run by `attention-lab reports` (which installs the kernelspec first); usable on its own:

    python3 run_notebooks.py --notebooks notebooks --out reports --kernel java --cell-timeout 600

Each notebook runs in a fresh kernel, in its own directory (so relative paths in cells work).
The HTML keeps plots inline (PNG as data URIs). On the first failing cell, the report written
so far is kept (in --partial, default --out), the notebook, cell number and error are printed,
and the exit code is 1; --keep-going then runs the remaining notebooks before exiting.

Figures: the kernel of notebook NAME gets ATTENTION_LAB_FIGURES, a temporary file for the lesson's
headline figures (one flat JSON object of numbers); if the lesson wrote it, it becomes --out/NAME.json.
--executed DIR also writes the executed notebook, outputs included, to DIR/NAME.ipynb.

--jobs N runs up to N notebooks at once, each in its own runner process (and so its own fresh kernel),
longest expected first: the expected time is `report_seconds` of --expected DIR/NAME.json, else the
notebook's `seconds` in DIR/course.json, and a notebook with neither starts first (it may be long).
Each line of such a notebook's output, its kernel's log included, is prefixed with [NAME]. After a
failure without --keep-going the running notebooks finish and no new one starts. --pin gives each
of the N slots its own CPU (of those this process may use) and keeps a notebook's kernel on it.
--timings FILE records the whole run: wall seconds, jobs, and each notebook's start offset, seconds,
kernel CPU seconds and peak resident memory.
Every output is written to a temporary file and moved into place only when the whole notebook
succeeded, so a failing run never replaces what an earlier good run wrote.
Needs nbformat, nbclient and nbconvert (Debian: python3-nbclient, jupyter-nbconvert).
"""
import argparse
import json
import math
import os
import re
import shutil
import sys
import subprocess
import tempfile
import threading
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from nbconvert.preprocessors.coalescestreams import coalesce_streams

MATHJAX_URL = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js?config=TeX-AMS_CHTML-full,Safe"
REQUIRE_JS_URL = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--notebooks", default="notebooks", help="directory of .ipynb files")
    p.add_argument("--out", default="reports", help="directory for the HTML reports")
    p.add_argument("--kernel", default="java", help="kernelspec name to run every notebook with")
    p.add_argument("--cell-timeout", type=int, default=600, help="seconds one cell may run")
    p.add_argument("--startup-timeout", type=int, default=120, help="seconds the kernel may take to start")
    p.add_argument("--only", action="append", default=[], help="run only notebooks whose name contains this")
    p.add_argument("--executed", help="also write each executed notebook (with outputs) to DIR/NAME.ipynb")
    p.add_argument("--partial", help="directory for a failing notebook's partial report (default: --out)")
    p.add_argument("--keep-going", action="store_true", help="run the remaining notebooks after one fails")
    p.add_argument("--jobs", type=int, default=1, help="notebooks run at once, each in its own kernel")
    p.add_argument("--pin", action="store_true", help="give each of the --jobs slots its own CPU")
    p.add_argument("--expected", help="directory of NAME.json (report_seconds) and course.json: the order of --jobs")
    p.add_argument("--timings", help="write the run's wall time and each notebook's start and seconds to FILE")
    p.add_argument("--single", help=argparse.SUPPRESS)  # a --jobs worker: this notebook file name only
    p.add_argument("--record", help=argparse.SUPPRESS)  # a --jobs worker: where its notebook's timing goes
    p.add_argument("--cpu", type=int, help=argparse.SUPPRESS)  # a --jobs --pin worker: the CPU it keeps to
    args = p.parse_args(argv)
    if args.jobs < 1:
        p.error("--jobs must be at least 1, got %d" % args.jobs)
    return args


FIGURES_ENV = "ATTENTION_LAB_FIGURES"
FIGURE_KEY = re.compile(r"^[a-z0-9_]+$")


def find_notebooks(directory, only, single=None):
    names = sorted(n for n in os.listdir(directory)
                   if n.endswith(".ipynb") and not n.startswith("."))
    if single:
        names = [n for n in names if n == single]
    elif only:
        names = [n for n in names if any(o in n for o in only)]
    return [os.path.join(directory, n) for n in names]


def first_line(source):
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def html(nb):
    # nbconvert's own CDN address for MathJax 2: Debian's nbconvert would write a file:// path to its
    # local copy instead, which typesets nothing on a reader's machine without that package.
    exporter = HTMLExporter(template_name="lab", mathjax_url=MATHJAX_URL, require_js_url=REQUIRE_JS_URL)
    body, _ = exporter.from_notebook_node(nb)
    return body


def temporary(path):
    """A hidden temporary name beside path, so the final os.replace stays on one file system."""
    d, base = os.path.split(path)
    return os.path.join(d, ".%s.%d.tmp" % (base, os.getpid()))


def write_text(path, text):
    """Writes path atomically: readers see the old file or the new one, never half of it."""
    tmp = temporary(path)
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def notebook_text(nb, original_text):
    """nbformat's own layout (what the committed notebooks use), with the original's file ending."""
    body = nbformat.writes(nb).rstrip()
    return body + original_text[len(original_text.rstrip()):] if original_text.strip() else body + "\n"


def cell_keys(nb):
    return [(c.get("id"), c.cell_type, c.source) for c in nb.cells]


def read_figures(path):
    """The lesson's figures file, checked against the contract; returns (text, error)."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        data = json.loads(text, parse_constant=lambda c: float("nan"))
    except (OSError, ValueError) as e:
        return None, "figures file %s is not JSON: %s" % (path, e)
    if not isinstance(data, dict):
        return None, "figures file %s is not a JSON object" % path

    def number(v):
        return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)

    for key, value in data.items():
        if not FIGURE_KEY.match(key):
            return None, "figure name %r is not [a-z0-9_]+" % key
        if key.endswith("_seeds"):
            if not (isinstance(value, list) and value and all(number(v) for v in value)):
                return None, "figure %r must be a non-empty list of finite numbers, got %r" % (key, value)
        elif not number(value):
            return None, "figure %r must be a finite number, got %r" % (key, value)
    return text, None


def run_one(path, args):
    """Executes one notebook; returns None on success, or a message naming the failing cell."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=args.cell_timeout, startup_timeout=args.startup_timeout,
                            kernel_name=args.kernel, allow_errors=False, record_timing=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    failure = None
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            where = "%s, cell %d (%s)" % (path, index + 1, first_line(cell.source))
            started = time.monotonic()
            try:
                client.execute_cell(cell, index)
            except CellTimeoutError:
                failure = "%s: timed out after %d s (--cell-timeout)" % (where, args.cell_timeout)
            except DeadKernelError as e:
                failure = "%s: the kernel died: %s" % (where, e)
            except CellExecutionError as e:
                failure = "%s failed:\n%s: %s\n%s" % (where, e.ename, e.evalue, error_text(cell))
            if failure:
                break
            print("    cell %d: %.1f s" % (index + 1, time.monotonic() - started), flush=True)
        usage = kernel_usage(client)
    return nb, failure, usage


def kernel_usage(client):
    """CPU seconds and peak resident memory (MiB) of the kernel process, read from /proc before it
    shuts down; empty where that is not possible (no /proc, a kernel without a local process)."""
    try:
        pid = client.km.provisioner.pid
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        # utime, stime, cutime, cstime: fields 14-17 of proc(5), 12-15 after the name
        cpu = sum(int(v) for v in fields[11:15]) / ticks
        with open("/proc/%d/status" % pid) as f:
            hwm = [line.split()[1] for line in f if line.startswith("VmHWM:")]
        usage = {"kernel_cpu_seconds": round(cpu, 1)}
        if hwm:
            usage["kernel_peak_rss_mib"] = round(int(hwm[0]) / 1024)
        return usage
    except (AttributeError, TypeError, OSError, ValueError, IndexError):
        return {}


def error_text(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return "\n".join(out.get("traceback", []))
    return ""


def write_outputs(name, path, nb, original_text, figures, args, seconds):
    """Writes the outputs of a notebook that succeeded: temporary files first, then moved into place.

    The figures file gains `report_seconds`, the wall time of the whole run (kernel start included),
    so the time a lesson takes is quoted from a run like every other figure."""
    writes = [(os.path.join(args.out, name + ".html"), html(nb))]
    json_out = os.path.join(args.out, name + ".json")
    if os.path.exists(figures):
        text, error = read_figures(figures)
        if error:
            return "%s: %s" % (path, error)
        data = json.loads(text)
        data["report_seconds"] = round(seconds, 1)
        writes.append((json_out, json.dumps(data, indent=2) + "\n"))
    if args.executed:
        if cell_keys(nb) != cell_keys(nbformat.reads(original_text, as_version=4)):
            return "%s: executing changed a cell's id or source; not written" % path
        writes.append((os.path.join(args.executed, name + ".ipynb"), notebook_text(nb, original_text)))
    staged = []
    try:
        for target, text in writes:
            tmp = temporary(target)
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
            staged.append((tmp, target))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.remove(tmp)
    if not os.path.exists(figures) and os.path.exists(json_out):
        os.remove(json_out)  # the lesson no longer records figures: an old file would be stale
    for target, _ in writes:
        print("reports: wrote %s" % target, flush=True)
    return None


def run_notebook(path, args, scratch, partial_dir):
    """Runs one notebook and writes its outputs; returns (failure or None, kernel usage)."""
    name = os.path.splitext(os.path.basename(path))[0]
    print("reports: %s" % path, flush=True)
    started = time.monotonic()
    with open(path, encoding="utf-8") as f:
        original_text = f.read()
    figures = os.path.join(scratch, name + ".json")
    os.environ[FIGURES_ENV] = figures  # the kernel nbclient starts inherits it
    nb, failure, usage = run_one(path, args)
    # A kernel may send one printf as many stream messages; Jupyter shows them as one text,
    # but a notebook stored that way renders them as broken lines on some viewers.
    coalesce_streams(nb, {})
    if not failure:
        failure = write_outputs(name, path, nb, original_text, figures, args, time.monotonic() - started)
    if failure:
        partial = os.path.join(partial_dir, name + ".html")
        write_text(partial, html(nb))
        print("reports: FAILED %s" % failure, file=sys.stderr, flush=True)
        print("reports: partial report in %s" % partial, file=sys.stderr, flush=True)
        return failure, usage
    print("reports: %s done (%.1f s)" % (name, time.monotonic() - started), flush=True)
    return None, usage


def run_serially(notebooks, args, partial_dir, timings):
    """Today's order (by name), in this process: one kernel at a time."""
    scratch = tempfile.mkdtemp(prefix="attention-lab-figures-")
    failed = []
    clock = time.monotonic()
    try:
        for path in notebooks:
            name = os.path.splitext(os.path.basename(path))[0]
            started = time.monotonic()
            failure, usage = run_notebook(path, args, scratch, partial_dir)
            timings.append(dict(name=name, ok=failure is None, slot=0, start_seconds=round(started - clock, 1),
                                seconds=round(time.monotonic() - started, 1), **usage))
            if failure:
                failed.append(name)
                if not args.keep_going:
                    break
    finally:
        os.environ.pop(FIGURES_ENV, None)
        shutil.rmtree(scratch, ignore_errors=True)
    return failed


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def expected_seconds(directory, names):
    """Each notebook's time in the previous published run, where there was one: its report_seconds,
    else its seconds in course.json (a notebook that records no figures has only that)."""
    known = {}
    if not directory:
        return known
    course = read_json(os.path.join(directory, "course.json"))
    for t in course.get("notebooks", []) if isinstance(course, dict) else []:
        if isinstance(t, dict) and t.get("name") in names and is_number(t.get("seconds")):
            known[t["name"]] = t["seconds"]
    for name in names:
        figures = read_json(os.path.join(directory, name + ".json"))
        if isinstance(figures, dict) and is_number(figures.get("report_seconds")):
            known[name] = figures["report_seconds"]
    return known


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def schedule(notebooks, expected):
    """Longest expected first, so the slowest notebook does not start last. A notebook never timed
    goes first: it may be long, and a short one started early costs the run at most its own time."""
    def key(path):
        e = expected.get(stem(path))
        return (0, 0, stem(path)) if e is None else (1, -e, stem(path))
    return sorted(notebooks, key=key)


def worker_command(path, args, record, cpu):
    """This script again, for one notebook: its own process, so its own kernel and figures file."""
    cmd = [sys.executable, os.path.abspath(__file__), "--notebooks", args.notebooks, "--out", args.out,
           "--kernel", args.kernel, "--cell-timeout", str(args.cell_timeout),
           "--startup-timeout", str(args.startup_timeout), "--single", os.path.basename(path), "--record", record]
    for option, value in (("--executed", args.executed), ("--partial", args.partial), ("--cpu", cpu)):
        if value is not None:
            cmd += [option, str(value)]
    return cmd


def relay(pipe, stream, prefix, lock):
    """Copies a worker's output line by line, each line prefixed and written whole."""
    for raw in iter(pipe.readline, b""):
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        with lock:
            stream.write("%s%s\n" % (prefix, line))
            stream.flush()
    pipe.close()


def run_parallel(notebooks, args, timings):
    """Up to --jobs workers at once, longest expected first; returns the names that failed."""
    names = [stem(p) for p in notebooks]
    expected = expected_seconds(args.expected, names)
    queue = schedule(notebooks, expected)
    cpus = usable_cpus()
    free = list(range(args.jobs))
    lock = threading.Lock()
    running = {}
    failed = []
    stopping = False
    records = tempfile.mkdtemp(prefix="attention-lab-jobs-")
    clock = time.monotonic()
    width = max(len(n) for n in names)

    def say(text, stream=sys.stdout):
        with lock:
            print(text, file=stream, flush=True)

    say("reports: %d notebooks, up to %d at once%s, in this order: %s"
        % (len(queue), args.jobs, " (pinned)" if args.pin else "", ", ".join(stem(p) for p in queue)))
    try:
        while running or (queue and not stopping):
            while queue and free and not stopping:
                path, slot = queue.pop(0), free.pop(0)
                name = stem(path)
                record = os.path.join(records, name + ".json")
                cpu = cpus[slot % len(cpus)] if args.pin else None
                started = time.monotonic()
                proc = subprocess.Popen(worker_command(path, args, record, cpu), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                prefix = "[%s] " % name.ljust(width)
                relays = [threading.Thread(target=relay, args=(proc.stdout, sys.stdout, prefix, lock), daemon=True),
                          threading.Thread(target=relay, args=(proc.stderr, sys.stderr, prefix, lock), daemon=True)]
                for t in relays:
                    t.start()
                entry = dict(name=name, slot=slot, start_seconds=round(started - clock, 1))
                if cpu is not None:
                    entry["cpu"] = cpu
                if name in expected:
                    entry["expected_seconds"] = expected[name]
                running[proc] = (entry, relays, record, started)
                timings.append(entry)  # in the order they started; filled in when it ends
            time.sleep(0.2)
            for proc in [p for p in running if p.poll() is not None]:
                entry, relays, record, started = running.pop(proc)
                for t in relays:
                    t.join(timeout=10)
                entry["seconds"] = round(time.monotonic() - started, 1)
                entry["ok"] = proc.returncode == 0
                worker = read_json(record) or {}
                entry.update((k, v) for k, v in worker.items() if k.startswith("kernel_"))
                free.append(entry["slot"])
                free.sort()
                if proc.returncode != 0:
                    failed.append(entry["name"])
                    if not args.keep_going and queue and not stopping:
                        say("reports: %s failed; the running notebooks finish, no new one starts" % entry["name"],
                            sys.stderr)
                    stopping = stopping or not args.keep_going
        if queue:
            say("reports: not started after the failure: %s" % ", ".join(stem(p) for p in queue), sys.stderr)
    finally:
        for proc in running:
            proc.terminate()
        shutil.rmtree(records, ignore_errors=True)
    say("reports: %d notebook(s) in %.1f s with --jobs %d" % (len(timings), time.monotonic() - clock, args.jobs))
    return failed


def main(argv):
    args = parse_args(argv)
    if not os.path.isdir(args.notebooks):
        print("reports: no notebook directory %s" % args.notebooks, file=sys.stderr)
        return 2
    notebooks = find_notebooks(args.notebooks, args.only, args.single)
    if not notebooks:
        print("reports: no notebooks in %s" % args.notebooks, file=sys.stderr)
        return 2
    partial_dir = args.partial or args.out
    for d in (args.out, partial_dir):
        os.makedirs(d, exist_ok=True)
    load_start = os.getloadavg()[0]
    started = time.monotonic()
    timings = []
    if args.jobs == 1:
        if args.cpu is not None or args.pin:
            pin_to(args.cpu if args.cpu is not None else usable_cpus()[0])
        failed = run_serially(notebooks, args, partial_dir, timings)
    else:
        failed = run_parallel(notebooks, args, timings)
    if args.record:  # a worker tells its parent how its notebook went
        write_text(args.record, json.dumps(timings[0] if timings else {}) + "\n")
        return 1 if failed else 0
    if args.timings:
        write_timings(args, timings, time.monotonic() - started, load_start)
    if failed and (args.keep_going or args.jobs > 1):
        print("reports: %d notebook(s) failed: %s" % (len(failed), ", ".join(failed)), file=sys.stderr)
    return 1 if failed else 0


def write_timings(args, timings, wall, load_start):
    """The whole run: what `reports --publish` keeps as docs/reports/course.json."""
    record = {
        "wall_seconds": round(wall, 1),
        "wall_minutes": round(wall / 60, 1),
        "jobs": args.jobs,
        "pinned": 1 if args.pin else 0,
        "cpus": os.cpu_count(),
        "cpus_usable": len(usable_cpus()),
        "load_average_start": round(load_start, 2),
        "load_average_end": round(os.getloadavg()[0], 2),
        "notebooks": timings,  # in the order they started
    }
    write_text(args.timings, json.dumps(record, indent=2) + "\n")


def usable_cpus():
    return sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else list(range(os.cpu_count()))


def pin_to(cpu):
    """Keeps this process, and the kernels it starts, on one CPU (they inherit the affinity)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
