"""nnfromscratch against PyTorch on the CPU: the same MLP, the same data, side by side.

    .venv/bin/python benchmarks/torch_compare.py               # 60,000 samples, 3 rounds
    .venv/bin/python benchmarks/torch_compare.py --samples 20000 --rounds 1   # quicker

Both frameworks train a 784-256-256-10 network (ReLU, ReLU, softmax with cross-entropy)
on the same synthetic data (float32), from the same initial weights, visiting the samples
in the same shuffled order, in mini-batches of 256, with plain SGD. Each framework runs in
a process of its own, so that the peak resident memory of one does not include the other's
libraries. The two alternate for a few rounds (machines are noisy; the best epoch of each is
compared, and the median shown beside it).

Printed, per framework: epoch time, samples/s, achieved GFLOP/s (matrix-product FLOPs only:
forward ``2·in·out`` per layer and sample, backward the same for the weights, and again for
the inputs of every layer but the first), peak resident set size (RSS); then the ratios
nnfromscratch/PyTorch, and the fraction of this machine's NumPy matrix-product peak (a large
float32 product, measured in this run in a third process). Memory that grows with the
number of steps is checked with tracemalloc over a few hundred more steps.

Targets (issue 4): time ratio <= 1.1, memory ratio <= 1.2, at least 60% of the matmul peak
at batch 256, no allocation growing with the number of steps. Results also go to
benchmarks/results/torch_compare.json.

PyTorch is a benchmark-only dependency: ``pip install -e '.[bench]'`` (``python3 dev.py
bench`` does it), pinned to the CPU build.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = [784, 256, 256, 10]
ACTIVATIONS = ["relu", "relu", "softmax"]
LEARNING_RATE = 0.01
SEED = 0
TARGETS = {"time_ratio": 1.1, "memory_ratio": 1.2, "fraction_of_peak": 0.60}


def flops_per_sample(sizes: list[int]) -> int:
    """Matrix-product FLOPs of one training step, per sample."""
    products = [n_in * n_out for n_in, n_out in pairwise(sizes)]
    forward = 2 * sum(products)
    weights = 2 * sum(products)
    inputs = 2 * sum(products[1:])  # nobody needs the gradient with respect to the data
    return forward + weights + inputs


def make_data(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and labels from a random linear 'teacher', so that there is something to learn."""
    rng = np.random.default_rng(SEED)
    x = rng.standard_normal((n, SIZES[0]), dtype=np.float32)
    teacher = rng.standard_normal((SIZES[0], SIZES[-1]), dtype=np.float32)
    labels = np.argmax(x @ teacher, axis=1)
    return x, labels


def initial_network():
    from nnfromscratch.general.mlp import MLP

    return MLP(SIZES, ACTIVATIONS, "categorical_cross_entropy", dtype="float32", rng=SEED)


def rss_now_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


# ----- workers (each in its own process) -------------------------------------------------


def work_nnfromscratch(n: int, epochs: int, batch: int) -> dict:
    import tracemalloc

    from nnfromscratch.general.fit import fit
    from nnfromscratch.general.optimizers import SGD

    x, labels = make_data(n)
    y = np.eye(SIZES[-1], dtype=np.float32)[labels]
    network = initial_network()
    optimiser = SGD(LEARNING_RATE)
    stamps = [time.perf_counter()]
    rss = []

    def on_epoch(epoch, net, history):
        stamps.append(time.perf_counter())
        rss.append(rss_now_kib())

    # One warm-up epoch (first-touch of buffers, BLAS threads), then the timed ones; one
    # generator for the whole run so the order matches the PyTorch worker's.
    generator = np.random.default_rng(SEED)
    history = fit(network, x, y, epochs=epochs + 1, batch_size=batch, optimizer=optimiser,
                  rng=generator, progress=False, on_epoch=on_epoch)
    epoch_times = np.diff(stamps)[1:].tolist()
    peak = peak_rss_kib()

    # Allocation growth: tracemalloc over more steps (after the timing: it slows Python).
    steps_per_epoch = -(-n // batch)
    traced = []
    small = min(n, 64 * batch)
    tracemalloc.start()
    fit(network, x[:small], y[:small], epochs=6, batch_size=batch, optimizer=optimiser,
        rng=generator, progress=False,
        on_epoch=lambda *_: traced.append(tracemalloc.get_traced_memory()[0]))
    tracemalloc.stop()
    growth_steps = 4 * -(-small // batch)
    return {
        "epoch_times": epoch_times,
        "final_loss": history.loss[-1],
        "losses": history.loss,
        "peak_rss_kib": peak,
        "rss_after_each_epoch_kib": rss,
        "traced_growth_bytes": traced[-1] - traced[1],
        "traced_growth_steps": growth_steps,
        "steps_per_epoch": steps_per_epoch,
        "blas": blas_description(),
    }


def work_torch(n: int, epochs: int, batch: int) -> dict:
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
    x_np, labels_np = make_data(n)
    network = initial_network()  # the same starting weights, copied into PyTorch
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10),
    )
    with torch.no_grad():
        for linear, dense in zip(model[0::2], network.dense_layers, strict=True):
            linear.weight.copy_(torch.from_numpy(dense.weights.T.copy()))
            linear.bias.copy_(torch.from_numpy(dense.bias))
    del network
    x = torch.from_numpy(x_np)  # shares the NumPy array's memory
    labels = torch.from_numpy(labels_np)
    optimiser = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    criterion = torch.nn.CrossEntropyLoss()
    generator = np.random.default_rng(SEED)
    order = np.arange(n)
    epoch_times, losses, rss = [], [], []
    for _ in range(epochs + 1):
        start = time.perf_counter()
        generator.shuffle(order)  # the same order as nnfromscratch.general.fit draws
        index = torch.from_numpy(order)
        total = 0.0
        for first in range(0, n, batch):
            rows = index[first : first + batch]
            xb, yb = x.index_select(0, rows), labels.index_select(0, rows)
            optimiser.zero_grad(set_to_none=True)
            loss = criterion(model(xb), yb)
            loss.backward()
            optimiser.step()
            total += loss.item() * len(rows)  # read every step, as fit does (divergence check)
        epoch_times.append(time.perf_counter() - start)
        losses.append(total / n)
        rss.append(rss_now_kib())
    return {
        "epoch_times": epoch_times[1:],
        "final_loss": losses[-1],
        "losses": losses,
        "peak_rss_kib": peak_rss_kib(),
        "rss_after_each_epoch_kib": rss,
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
    }


def work_peak(n: int, epochs: int, batch: int) -> dict:
    """NumPy's float32 matrix-product speed: a large square product, and the layer shapes."""

    def gflops(m: int, k: int, p: int, seconds: float = 1.0) -> float:
        rng = np.random.default_rng(0)
        a = rng.standard_normal((m, k), dtype=np.float32)
        b = rng.standard_normal((k, p), dtype=np.float32)
        c = np.empty((m, p), dtype=np.float32)
        np.matmul(a, b, out=c)
        best = 0.0
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            reps = 5
            start = time.perf_counter()
            for _ in range(reps):
                np.matmul(a, b, out=c)
            best = max(best, 2 * m * k * p * reps / (time.perf_counter() - start) / 1e9)
        return best

    return {
        "peak_gflops": max(gflops(2048, 2048, 2048, 2.0), gflops(1024, 1024, 1024, 1.0)),
        "layer_gflops": {
            f"{batch}x{n_in} @ {n_in}x{n_out}": gflops(batch, n_in, n_out, 0.5)
            for n_in, n_out in pairwise(SIZES)
        },
        "blas": blas_description(),
    }


def blas_description() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl not installed)"
    for pool in threadpool_info():
        if pool.get("user_api") == "blas" and "numpy" in pool.get("filepath", ""):
            return (f"{pool['internal_api']} {pool.get('version')} "
                    f"({pool.get('architecture')} kernels, {pool['num_threads']} threads)")
    return "unknown"


WORKERS = {"nnfromscratch": work_nnfromscratch, "torch": work_torch, "peak": work_peak}


# ----- the driver ------------------------------------------------------------------------


OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def run_worker(name: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--worker", name, "--samples", str(args.samples),
               "--epochs", str(args.epochs), "--batch", str(args.batch)]
    env = dict(os.environ)
    if args.unset_openblas_overrides:
        for variable in OPENBLAS_OVERRIDES:
            env.pop(variable, None)
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        sys.exit(f"the {name} worker failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=60_000)
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per round")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--unset-openblas-overrides", action="store_true",
        help="run the workers without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (some machines "
             "set them to force older, slower kernels); the BLAS line shows the kernel used",
    )
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker](args.samples, args.epochs, args.batch)))
        return 0

    try:
        import torch  # noqa: F401 - only to fail early with a clear message
    except ImportError:
        sys.exit("PyTorch is not installed: pip install -e '.[bench]' (or: python3 dev.py bench)")

    # Alternate the frameworks (and the matmul peak) round by round, and keep the best of
    # each: on a shared machine a neighbour's load slows whichever runs at that moment.
    runs: dict[str, list[dict]] = {"nnfromscratch": [], "torch": [], "peak": []}
    for _ in range(args.rounds):
        for name in runs:
            runs[name].append(run_worker(name, args))
    peaks = runs.pop("peak")
    peak = max(peaks, key=lambda p: p["peak_gflops"])
    peak["layer_gflops"] = {
        shape: max(p["layer_gflops"][shape] for p in peaks) for shape in peak["layer_gflops"]
    }

    flops = flops_per_sample(SIZES)
    summary = {}
    for name, results in runs.items():
        times = [t for r in results for t in r["epoch_times"]]
        best, median = min(times), statistics.median(times)
        summary[name] = {
            "best_epoch_s": best,
            "median_epoch_s": median,
            "samples_per_s": args.samples / best,
            "gflops": flops * args.samples / best / 1e9,
            "peak_rss_mib": max(r["peak_rss_kib"] for r in results) / 1024,
            "final_loss": results[0]["final_loss"],
        }
    ours, theirs = summary["nnfromscratch"], summary["torch"]
    time_ratio = ours["best_epoch_s"] / theirs["best_epoch_s"]
    median_ratio = ours["median_epoch_s"] / theirs["median_epoch_s"]
    memory_ratio = ours["peak_rss_mib"] / theirs["peak_rss_mib"]
    fraction = ours["gflops"] / peak["peak_gflops"]
    growth = runs["nnfromscratch"][0]["traced_growth_bytes"]
    growth_steps = runs["nnfromscratch"][0]["traced_growth_steps"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    env = {k: os.environ[k] for k in OPENBLAS_OVERRIDES if k in os.environ}
    if args.unset_openblas_overrides:
        env = {}
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, NumPy {np.__version__}, "
          f"PyTorch {runs['torch'][0]['torch']} ({runs['torch'][0]['torch_threads']} threads)")
    note = f"; the environment sets {env}" if env else ""
    if args.unset_openblas_overrides:
        note = f"; run with {' and '.join(OPENBLAS_OVERRIDES)} unset"
    print(f"NumPy BLAS: {peak['blas']}{note}")
    print(f"task: MLP {'-'.join(map(str, SIZES))} (relu, relu, softmax + cross-entropy), float32, "
          f"{args.samples} samples, batch {args.batch}, SGD lr {LEARNING_RATE}; "
          f"{args.rounds} rounds x {args.epochs} timed epochs each")
    print(f"work: {flops / 1e6:.3f} MFLOP of matrix products per sample and step")
    print()
    print(f"{'':<16}{'best epoch':>12}{'median':>10}{'samples/s':>12}{'GFLOP/s':>10}"
          f"{'peak RSS':>11}{'final loss':>12}")
    for name, s in summary.items():
        label = "nnfromscratch" if name == "nnfromscratch" else "PyTorch"
        print(f"{label:<16}{s['best_epoch_s']:>11.3f}s{s['median_epoch_s']:>9.3f}s"
              f"{s['samples_per_s']:>12,.0f}{s['gflops']:>10.1f}{s['peak_rss_mib']:>8.0f} MiB"
              f"{s['final_loss']:>12.4f}")
    print()
    shapes = ", ".join(f"{k} {v:.0f}" for k, v in peak["layer_gflops"].items())
    print(f"NumPy matmul peak (float32, 2048^3 or 1024^3): {peak['peak_gflops']:.1f} GFLOP/s; "
          f"at the layer shapes: {shapes}")
    print()
    print(f"time ratio nnfromscratch/PyTorch (best epochs):   {time_ratio:.2f}  "
          f"(target <= {TARGETS['time_ratio']}: {verdict(time_ratio <= TARGETS['time_ratio'])}; "
          f"medians: {median_ratio:.2f})")
    print(f"memory ratio nnfromscratch/PyTorch (peak RSS):    {memory_ratio:.2f}  "
          f"(target <= {TARGETS['memory_ratio']}: "
          f"{verdict(memory_ratio <= TARGETS['memory_ratio'])})")
    print(f"fraction of the NumPy matmul peak at batch {args.batch}:  {fraction:.1%}  "
          f"(target >= {TARGETS['fraction_of_peak']:.0%}: "
          f"{verdict(fraction >= TARGETS['fraction_of_peak'])})")
    print(f"memory growth over {growth_steps} more steps (tracemalloc): {growth:+d} bytes "
          f"({verdict(abs(growth) < 16 * 1024)}: nothing that grows with the steps)")
    rss = runs["nnfromscratch"][0]["rss_after_each_epoch_kib"]
    print(f"nnfromscratch RSS after each epoch: {', '.join(f'{v / 1024:.0f}' for v in rss)} MiB")

    results = {
        "args": {k: v for k, v in vars(args).items() if k != "worker"},
        "summary": summary, "peak": peak, "runs": runs,
        "ratios": {"time": time_ratio, "time_median": median_ratio, "memory": memory_ratio,
                   "fraction_of_peak": fraction},
    }
    suffix = "_native_blas" if args.unset_openblas_overrides else ""
    out = ROOT / "benchmarks" / "results" / f"torch_compare{suffix}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
