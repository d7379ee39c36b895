"""Hostile model files: each refused before anything large is read, in under 1 s and 50 MB.

Each file below is small on disk but tries to make `load` do a lot of work: allocate an
array its header declares, inflate a zip bomb, pick one of two members of the same name,
recurse into deeply nested JSON, read thousands of members, or pass ``true`` for a version
number. `load` must refuse every one with `ModelFileError` naming the problem, and the
refusal must be cheap: the time and the peak of memory allocated (as `tracemalloc` counts
it, NumPy's arrays included) are measured around each call.
"""

from __future__ import annotations

import functools
import io
import json
import re
import time
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest

from nnfromscratch.general.mlp import MLP
from nnfromscratch.general.persistence import (
    MAX_ARCHITECTURE_CHARS,
    MAX_MEMBERS,
    ModelFileError,
    load,
    save,
)

SECONDS, BYTES = 1.0, 50 * 2**20
BOMB_BYTES = 64 * 2**20  # more than the memory bound: inflating it would fail the test


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def npy_header(shape, dtype="<f8"):
    """The header of an .npy file declaring `shape`, with no data after it."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": dtype, "fortran_order": False, "shape": shape}
    )
    return buffer.getvalue()


def architecture(**changes):
    fields = {"format": "nnfromscratch.MLP", "format_version": 1, "layer_sizes": [2, 1],
              "activations": ["sigmoid"], "loss": "mse", "bias": False, "dtype": "float64"}
    fields.update(changes)
    return npy(np.array(json.dumps(fields)))


def archive(path, members, compression=zipfile.ZIP_STORED, comment_and_extra=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns of a duplicate name
        with zipfile.ZipFile(path, "w", compression) as zf:
            for name, data in members:
                info = zipfile.ZipInfo(name)
                if comment_and_extra:  # a directory entry of about 128 kB for one member
                    info.extra = b"\xff\xff" + (65_000).to_bytes(2, "little") + bytes(65_000)
                    info.comment = b"x" * 65_000
                zf.writestr(info, data)
    return path


def bomb(path, name):
    """A model file whose member `name` is BOMB_BYTES zero bytes, deflated to a few kB."""
    path.write_bytes(bomb_bytes(name))
    return path


@functools.cache
def bomb_bytes(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compresslevel=1) as zf:
        if name != "architecture.npy":
            zf.writestr("architecture.npy", architecture())
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as member:
            chunk = bytes(2**20)
            for _ in range(BOMB_BYTES // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


HOSTILE = {
    # id: (builder of the file in a folder, the message the refusal must give)
    "declares a huge network": (
        lambda d: archive(d / "m.npz", [("architecture.npy", architecture(layer_sizes=[100_000, 100_000])),
                                        ("W1.npy", npy_header((100_000, 100_000)))]),
        r"declares 80000000000 bytes of parameters, more than the file's \d+ bytes",
    ),
    "a header declares a huge array": (
        lambda d: archive(d / "m.npz", [("architecture.npy", architecture()),
                                        ("W1.npy", npy_header((100_000, 100_000)))]),
        r"W1 should be float64 of shape \(2, 1\), got an array of shape \(100000, 100000\)",
    ),
    "a header declares more bytes than it holds": (
        lambda d: archive(d / "m.npz", [("architecture.npy", architecture()), ("W1.npy", npy_header((2, 1)))]),
        r"W1 declares 16 bytes of data but its member holds 0",
    ),
    "zip bomb in the weights": (
        lambda d: bomb(d / "m.npz", "W1.npy"),
        r"the member 'W1.npy' is compressed",
    ),
    "zip bomb in the architecture": (
        lambda d: bomb(d / "m.npz", "architecture.npy"),
        r"the member 'architecture.npy' is compressed",
    ),
    "a duplicated member": (
        lambda d: archive(d / "m.npz", [("architecture.npy", architecture()), ("W1.npy", npy(np.ones((2, 1)))),
                                        ("W1.npy", npy(np.full((2, 1), 9.0)))]),
        r"the member 'W1.npy' appears twice",
    ),
    "deeply nested JSON": (
        lambda d: archive(d / "m.npz", [("architecture.npy", npy(np.array("[" * 10_000 + "]" * 10_000)))]),
        r"'architecture' nests 10000 deep, more than 4 allowed",
    ),
    "a very long architecture": (
        lambda d: archive(d / "m.npz", [("architecture.npy", npy(np.array(" " * (MAX_ARCHITECTURE_CHARS + 1))))]),
        rf"'architecture' is {MAX_ARCHITECTURE_CHARS + 1} characters long, more than the {MAX_ARCHITECTURE_CHARS} allowed",
    ),
    "a 5000-digit layer size": (
        lambda d: archive(d / "m.npz", [("architecture.npy", npy(np.array(
            architecture_text(layer_sizes="REPLACE").replace('"REPLACE"', "[2, " + "9" * 5000 + "]"))))]),
        r"'architecture' is not valid JSON \(Exceeds the limit",
    ),
    "a duplicated JSON key": (
        lambda d: archive(d / "m.npz", [("architecture.npy", npy(np.array(
            architecture_text()[:-1] + ', "loss": "sum_of_squares"}')))]),
        r"'architecture' is not valid JSON \(the key 'loss' appears twice\)",
    ),
    "format_version true": (
        lambda d: archive(d / "m.npz", [("architecture.npy", architecture(format_version=True)),
                                        ("W1.npy", npy(np.ones((2, 1))))]),
        r"version True is not 'nnfromscratch.MLP' version 1",
    ),
    "thousands of members": (
        lambda d: archive(d / "m.npz", [(f"W{k}.npy", b"") for k in range(1, 3001)]),
        rf"it has 3000 members, more than the {MAX_MEMBERS} allowed",
    ),
    "as many members as allowed, the last misnamed": (
        lambda d: archive(d / "m.npz", [(f"W{k}.npy", b"") for k in range(1, MAX_MEMBERS)] + [("x.npy", b"")]),
        r"unexpected: \['x'\]",
    ),
    "a huge zip directory": (
        lambda d: archive(d / "m.npz", [(f"W{k}.npy", b"") for k in range(1, 9)], comment_and_extra=True),
        r"its zip directory is \d+ bytes, more than the \d+ allowed",
    ),
    "a member named like a path": (
        lambda d: archive(d / "m.npz", [("../../etc/passwd", b"root")]),
        r"unexpected: \['../../etc/passwd'\]",
    ),
}


def architecture_text(**changes):
    return str(np.load(io.BytesIO(architecture(**changes)), allow_pickle=False))


def refusal_cost(path):
    """Load `path`; return the error, the seconds taken and the peak bytes allocated."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ModelFileError) as refused:
            load(path)
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return refused.value, seconds, peak


@pytest.mark.parametrize(("build", "pattern"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_file_is_refused_quickly_and_cheaply(tmp_path, build, pattern):
    path = build(tmp_path)
    error, seconds, peak = refusal_cost(path)
    assert error.args[0].startswith(f"{path} is not a valid nnfromscratch model file: ")
    assert re.search(pattern, str(error)), str(error)
    assert seconds < SECONDS, f"refusing took {seconds:.3f} s"
    assert peak < BYTES, f"refusing allocated {peak / 2**20:.1f} MB at its peak"


def test_the_bomb_really_is_one(tmp_path):
    # The measurement above can fail: the bomb is small on disk and inflates past the bound.
    path = bomb(tmp_path / "m.npz", "W1.npy")
    assert path.stat().st_size < 2**20
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("W1.npy").file_size == BOMB_BYTES > BYTES


def test_the_measurement_sees_an_allocation_of_that_size(tmp_path):
    # tracemalloc counts NumPy's buffers: a real model of about the bound's size costs that much.
    network = MLP([512, 2048, 1], "identity", rng=0)
    path = save(network, tmp_path / "big.npz")
    tracemalloc.start()
    try:
        load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak > network.n_parameters * 8
