"""Every doctest of the package and the pages, and every edge case, again under other BLAS kernels.

A pinned number must be a property of the maths, not of the machine. NumPy's matrix products
come from OpenBLAS, which picks a kernel for the processor it runs on (Haswell's, say) and
may split the work between threads; another kernel or thread count adds the same numbers in
another order, so a result that amplifies rounding (a chaotic training run) comes out with
other digits on another machine. To catch such a pin here, before it lands, this test runs
every doctest of the package and of the pages again, with the edge cases of
tests/test_edge_cases.py and tests/test_bad_input_round3.py, in fresh processes, under two other
kernels (``OPENBLAS_CORETYPE``, which OpenBLAS reads when it loads, hence the subprocesses):
the oldest this processor runs, with 1 thread, and the newest other one, with 2 threads,
each with another hash seed. With the suite's own doctest run under the native kernel (with
one thread: tests/conftest.py gives every test process one) that makes three kernels, and
both thread counts. A doctest passes only when its output is exactly the text the page
shows, so passing under every configuration means identical output.

The edge cases come along because what a kernel makes of an *overflow* differs too. On an
AVX-512 Xeon (2026-12-03), ``[[1e308, -1e308, 0]] @ [[1e308]] * 3`` gave NaN under the
Prescott kernel, +inf under the native SkylakeX one, and with a second row ``[1, 2, 3]``
the first row's came out NaN, -inf and -inf under Prescott, Haswell and SkylakeX. A sigmoid
squashes ±inf into a finite, wrong answer, so a refusal judged by the result alone held
on one processor and not on another; the door (nnfromscratch/_door.py) now refuses any
overflow on the way, and this rerun holds that on every kernel.

The kernels are the ones this processor can run (an older kernel runs on a newer processor,
never the reverse), read from NumPy's CPU feature table. Each subprocess first reports the
kernel OpenBLAS really loaded, so a setting OpenBLAS ignored fails the test instead of
checking nothing. Where NumPy's BLAS is not OpenBLAS on x86-64 (Apple's Accelerate, or an
ARM build), no kernel can be forced: the test then fails, saying so, unless
``NNFS_BLAS_KERNELS=threads-only`` asks for the thread-count half of the check alone.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy  # noqa: F401 - loads the BLAS library that threadpoolctl inspects
import pytest
from threadpoolctl import threadpool_info

ROOT = Path(__file__).resolve().parents[1]
# x86-64 kernels of OpenBLAS, oldest first, with the instruction set each one needs.
X86_KERNELS = {"Prescott": "SSE3", "Nehalem": "SSE42", "Sandybridge": "AVX", "Haswell": "AVX2"}
# The name OpenBLAS reports for a kernel, where it is not the name it is forced by.
REPORTED_AS = {"Prescott": "Katmai"}
PROBE = (
    "import json, numpy, threadpoolctl; "
    "blas = [i for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas'][0]; "
    "print(json.dumps({'architecture': blas.get('architecture'), 'threads': blas['num_threads']}))"
)


def native_blas() -> dict:
    found = [info for info in threadpool_info() if info["user_api"] == "blas"]
    assert found, "NumPy reports no BLAS library"
    return found[0]


def supported_kernels() -> list[str]:
    """The OpenBLAS kernels this processor can run, oldest first."""
    from numpy._core._multiarray_umath import __cpu_features__ as features

    return [kernel for kernel, needs in X86_KERNELS.items() if features.get(needs)]


def configurations() -> list[tuple[str | None, int]]:
    """(kernel, threads) pairs to run besides the suite's own run; ``None`` = native."""
    blas = native_blas()
    can_force = blas["internal_api"] == "openblas" and platform.machine().lower() in {
        "x86_64", "amd64",
    }
    if not can_force:
        return [(None, 1), (None, 2)]
    native = str(blas["architecture"]).lower()
    others = [k for k in supported_kernels() if REPORTED_AS.get(k, k).lower() != native]
    # The oldest kernel differs most from today's; then the newest of the rest. The native
    # kernel, with the default thread count, is the ordinary doctest run of the suite.
    return [(others[0], 1), (others[-1], 2)] if len(others) >= 2 else [(k, 1) for k in others]


def environment(kernel: str | None, threads: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "OPENBLAS_"))}
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    if kernel is not None:
        env["OPENBLAS_CORETYPE"] = kernel
    # Another hash seed than this process's: no output may depend on it either. (Unset or
    # "random" here means a random one already; the child then simply gets seed 1.)
    given = os.environ.get("PYTHONHASHSEED", "")
    env["PYTHONHASHSEED"] = str((int(given) + 1) % 2**32 if given.isdigit() else 1)
    return env


def label(configuration: tuple[str | None, int]) -> str:
    kernel, threads = configuration
    return f"{kernel or 'native'}-{threads}-thread{'s' if threads > 1 else ''}"


def loaded_kernel(kernel: str | None, threads: int) -> dict:
    """What a fresh process with these settings really loads: its kernel and thread count."""
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], env=environment(kernel, threads), cwd=ROOT,
        capture_output=True, text=True, check=False,
    )
    assert probe.returncode == 0, probe.stderr
    return json.loads(probe.stdout)


def test_this_machine_runs_three_different_kernels() -> None:
    blas = native_blas()
    kernels = [kernel for kernel, _ in configurations() if kernel is not None]
    if os.environ.get("NNFS_BLAS_KERNELS") == "threads-only" and not kernels:
        return
    assert len(kernels) == 2, (
        f"NumPy's BLAS here is {blas['internal_api']} ({blas.get('architecture')}) on "
        f"{platform.machine()}: no second and third kernel can be forced, so only thread "
        "counts would be varied. Run on x86-64 with NumPy's OpenBLAS, or set "
        "NNFS_BLAS_KERNELS=threads-only to accept the thread-count check alone."
    )
    loaded = {loaded_kernel(kernel, 1)["architecture"] for kernel in kernels}
    assert len(loaded | {blas["architecture"]}) == 3, f"{kernels} loaded {loaded}"


@pytest.mark.slow
@pytest.mark.parametrize("configuration", configurations(), ids=label)
def test_every_doctest_gives_the_same_output(configuration: tuple[str | None, int]) -> None:
    kernel, threads = configuration
    env = environment(kernel, threads)
    loaded = loaded_kernel(kernel, threads)
    assert loaded["threads"] == threads, f"asked for {threads} BLAS threads, got {loaded}"
    native = native_blas()["architecture"]
    if kernel is not None:
        assert loaded["architecture"] != native, (
            f"OPENBLAS_CORETYPE={kernel} was ignored: OpenBLAS still runs {native}'s kernel"
        )
    doctests = subprocess.run(
        [sys.executable, "-W", "error", "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-p", "no:xdist", "nnfromscratch", "docs", "tests/test_edge_cases.py",
         "tests/test_bad_input_round3.py"],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False,
    )
    summary = doctests.stdout.strip().splitlines()[-1:] or ["(no output)"]
    assert doctests.returncode == 0, (
        f"under {loaded['architecture']}'s kernel with {threads} thread(s), the doctests "
        f"did not all give the output the pages show ({summary[0]}):\n"
        + doctests.stdout[-6000:] + doctests.stderr[-2000:]
    )
    assert " passed" in summary[0] and "skipped" not in summary[0], summary[0]
