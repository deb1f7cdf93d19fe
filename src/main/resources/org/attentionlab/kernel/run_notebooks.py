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
import tempfile
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
    return p.parse_args(argv)


FIGURES_ENV = "ATTENTION_LAB_FIGURES"
FIGURE_KEY = re.compile(r"^[a-z0-9_]+$")


def find_notebooks(directory, only):
    names = sorted(n for n in os.listdir(directory)
                   if n.endswith(".ipynb") and not n.startswith("."))
    if only:
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
    return nb, failure


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


def main(argv):
    args = parse_args(argv)
    if not os.path.isdir(args.notebooks):
        print("reports: no notebook directory %s" % args.notebooks, file=sys.stderr)
        return 2
    notebooks = find_notebooks(args.notebooks, args.only)
    if not notebooks:
        print("reports: no notebooks in %s" % args.notebooks, file=sys.stderr)
        return 2
    partial_dir = args.partial or args.out
    for d in (args.out, partial_dir):
        os.makedirs(d, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="attention-lab-figures-")
    failed = []
    try:
        for path in notebooks:
            name = os.path.splitext(os.path.basename(path))[0]
            print("reports: %s" % path, flush=True)
            started = time.monotonic()
            with open(path, encoding="utf-8") as f:
                original_text = f.read()
            figures = os.path.join(scratch, name + ".json")
            os.environ[FIGURES_ENV] = figures  # the kernel nbclient starts inherits it
            nb, failure = run_one(path, args)
            # A kernel may send one printf as many stream messages; Jupyter shows them as one text,
            # but a notebook stored that way renders them as broken lines on some viewers.
            coalesce_streams(nb, {})
            if not failure:
                failure = write_outputs(name, path, nb, original_text, figures, args,
                                        time.monotonic() - started)
            if failure:
                partial = os.path.join(partial_dir, name + ".html")
                write_text(partial, html(nb))
                print("reports: FAILED %s" % failure, file=sys.stderr)
                print("reports: partial report in %s" % partial, file=sys.stderr)
                failed.append(name)
                if not args.keep_going:
                    return 1
                continue
            print("reports: %s done (%.1f s)" % (name, time.monotonic() - started), flush=True)
    finally:
        os.environ.pop(FIGURES_ENV, None)
        shutil.rmtree(scratch, ignore_errors=True)
    if failed:
        print("reports: %d notebook(s) failed: %s" % (len(failed), ", ".join(failed)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
