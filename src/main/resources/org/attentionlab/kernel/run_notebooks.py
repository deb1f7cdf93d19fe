"""Executes Jupyter notebooks headless and writes an HTML report of each.

Run by `attention-lab reports` (which installs the kernelspec first); usable on its own:

    python3 run_notebooks.py --notebooks notebooks --out reports --kernel java --cell-timeout 600

Each notebook runs in a fresh kernel, in its own directory (so relative paths in cells work).
The HTML keeps plots inline (PNG as data URIs). On the first failing cell, the report written
so far is kept, the notebook, cell number and error are printed, and the exit code is 1.
Needs nbformat, nbclient and nbconvert (Debian: python3-nbclient, jupyter-nbconvert).
"""
import argparse
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--notebooks", default="notebooks", help="directory of .ipynb files")
    p.add_argument("--out", default="reports", help="directory for the HTML reports")
    p.add_argument("--kernel", default="java", help="kernelspec name to run every notebook with")
    p.add_argument("--cell-timeout", type=int, default=600, help="seconds one cell may run")
    p.add_argument("--startup-timeout", type=int, default=120, help="seconds the kernel may take to start")
    p.add_argument("--only", action="append", default=[], help="run only notebooks whose name contains this")
    return p.parse_args(argv)


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


def write_html(nb, path):
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    with open(path, "w", encoding="utf-8") as f:
        f.write(body)


def run_one(path, args):
    """Executes one notebook; returns None on success, or a message naming the failing cell."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=args.cell_timeout, startup_timeout=args.startup_timeout,
                            kernel_name=args.kernel, allow_errors=False,
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


def main(argv):
    args = parse_args(argv)
    if not os.path.isdir(args.notebooks):
        print("reports: no notebook directory %s" % args.notebooks, file=sys.stderr)
        return 2
    notebooks = find_notebooks(args.notebooks, args.only)
    if not notebooks:
        print("reports: no notebooks in %s" % args.notebooks, file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    for path in notebooks:
        name = os.path.splitext(os.path.basename(path))[0]
        out = os.path.join(args.out, name + ".html")
        print("reports: %s" % path, flush=True)
        started = time.monotonic()
        nb, failure = run_one(path, args)
        write_html(nb, out)
        if failure:
            print("reports: FAILED %s" % failure, file=sys.stderr)
            print("reports: partial report in %s" % out, file=sys.stderr)
            return 1
        print("reports: wrote %s (%.1f s)" % (out, time.monotonic() - started), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
