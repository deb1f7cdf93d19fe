"""Measures the kernel: start to ready (kernel_info answered), start to first result, and a
trivial cell's round trip (execute_request to execute_reply, median of many).

    JUPYTER_PATH=target/jupyter/share/jupyter /usr/bin/python3 src/test/python/kernel_timing.py [--kernel java] [--runs 5] [--cells 100]
"""
import argparse
import statistics
import time

from jupyter_client.manager import KernelManager


def one_start(kernel, cells):
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=kernel)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        ready = time.perf_counter() - t0
        reply = kc.execute_interactive("1 + 1", timeout=120, output_hook=lambda m: None)
        assert reply["content"]["status"] == "ok", reply
        first = time.perf_counter() - t0
        trips = []
        for _ in range(cells):
            s = time.perf_counter()
            reply = kc.execute_interactive("1 + 1", timeout=60, output_hook=lambda m: None)
            trips.append(time.perf_counter() - s)
            assert reply["content"]["status"] == "ok", reply
        return ready, first, trips
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kernel", default="java")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--cells", type=int, default=100)
    a = p.parse_args()
    readies, firsts, trips = [], [], []
    for _ in range(a.runs):
        r, f, t = one_start(a.kernel, a.cells)
        readies.append(r)
        firsts.append(f)
        trips.extend(t)
        print("start: ready %.2f s, first result %.2f s, trivial cell median %.1f ms" % (
            r, f, 1000 * statistics.median(t)), flush=True)
    print("median of %d starts: ready %.2f s, first result %.2f s" % (
        a.runs, statistics.median(readies), statistics.median(firsts)))
    print("trivial cell round trip over %d cells: median %.1f ms, p90 %.1f ms" % (
        len(trips), 1000 * statistics.median(trips),
        1000 * statistics.quantiles(trips, n=10)[-1]))


if __name__ == "__main__":
    main()
