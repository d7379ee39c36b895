"""Saving a trained network to a file and loading it back, safely.

The file is a NumPy ``.npz`` archive (a zip of ``.npy`` arrays) holding

* one array per parameter, named ``W1``, ``b1``, ``W2``, … exactly as `MLP.parameter_names`;
* ``architecture``: a JSON text with the layer sizes, activations, loss, bias and dtype.

Two promises:

* **Loading never runs code.** Python's `pickle` format can make the loader call any
  function, so a model file from someone else could do anything to your computer. We load
  with ``allow_pickle=False`` and read only plain numbers and JSON; a file that holds
  pickled objects is refused.
* **What you save is what you load**, bit for bit: the arrays are stored raw, in their own
  dtype. A file that is truncated, corrupted or edited so that it no longer fits its
  architecture raises `ModelFileError` saying what is wrong.
"""

from __future__ import annotations

import json
import os
import zipfile
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from .._checks import describe
from .layers import ACTIVATIONS
from .mlp import DTYPES, LOSSES, MLP

__all__ = ["FORMAT", "ModelFileError", "load", "save"]

FORMAT = "nnfromscratch.MLP"
"""The ``format`` field of a saved architecture (with ``format_version``: what to expect)."""

_FORMAT_VERSION = 1


class ModelFileError(ValueError):
    """A file is not a valid, intact nnfromscratch model file.

    A `ValueError`, so code that catches bad values catches bad files too.

    Examples
    --------
    >>> issubclass(ModelFileError, ValueError)
    True
    """


def save(network: MLP, path: str | os.PathLike[str]) -> Path:
    """Write `network`'s parameters and architecture to `path` (an ``.npz`` file).

    Parameters
    ----------
    network : MLP
        The network to save.
    path : str or path-like
        Where to write; used exactly as given (no suffix is added).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile
    >>> net = MLP([4, 3, 2], ["relu", "softmax"], "categorical_cross_entropy", rng=0)
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = save(net, Path(folder.name) / "net.npz")
    >>> again = load(path)
    >>> again.architecture == net.architecture
    True
    >>> all(np.array_equal(a, b) for a, b in zip(net.parameters, again.parameters))
    True
    >>> folder.cleanup()
    """
    if not isinstance(network, MLP):
        raise TypeError(f"network must be an MLP, got {describe(network)}")
    target = Path(path)
    architecture = {"format": FORMAT, "format_version": _FORMAT_VERSION, **network.architecture}
    arrays = dict(zip(network.parameter_names, network.parameters, strict=True))
    with target.open("wb") as file:
        # A 0-d array of str is stored as plain text in the .npy format: no pickle needed.
        np.savez(file, architecture=np.array(json.dumps(architecture)), **arrays)
    return target


def _bad(path: Path, problem: str) -> ModelFileError:
    return ModelFileError(f"{path} is not a valid nnfromscratch model file: {problem}")


def _read_architecture(path: Path, archive: Any) -> dict[str, Any]:
    if "architecture" not in archive.files:
        raise _bad(path, "it has no 'architecture' entry")
    text_array = archive["architecture"]
    if text_array.dtype.kind != "U" or text_array.ndim != 0:
        raise _bad(path, f"'architecture' must be a text, got {describe(text_array)}")
    try:
        architecture = json.loads(str(text_array))
    except json.JSONDecodeError as error:
        raise _bad(path, f"'architecture' is not valid JSON ({error})") from None
    expected = {"format", "format_version", "layer_sizes", "activations", "loss", "bias", "dtype"}
    if not isinstance(architecture, dict) or set(architecture) != expected:
        found = sorted(architecture) if isinstance(architecture, dict) else describe(architecture)
        raise _bad(path, f"'architecture' must have the keys {sorted(expected)}, got {found}")
    if architecture["format"] != FORMAT or architecture["format_version"] != _FORMAT_VERSION:
        raise _bad(
            path,
            f"format {architecture['format']!r} version {architecture['format_version']!r} "
            f"is not {FORMAT!r} version {_FORMAT_VERSION}",
        )
    sizes = architecture["layer_sizes"]
    if (
        not isinstance(sizes, list)
        or len(sizes) < 2
        or not all(type(size) is int and size > 0 for size in sizes)
    ):
        raise _bad(path, f"layer_sizes must be a list of positive whole numbers, got {sizes!r}")
    activations = architecture["activations"]
    if (
        not isinstance(activations, list)
        or len(activations) != len(sizes) - 1
        or not all(name in ACTIVATIONS for name in activations)
    ):
        raise _bad(path, f"activations must be {len(sizes) - 1} known names, got {activations!r}")
    if architecture["loss"] not in LOSSES:
        raise _bad(path, f"unknown loss {architecture['loss']!r}")
    if architecture["dtype"] not in DTYPES:
        raise _bad(path, f"unknown dtype {architecture['dtype']!r}")
    if not isinstance(architecture["bias"], bool):
        raise _bad(path, f"bias must be true or false, got {architecture['bias']!r}")
    return architecture


def load(path: str | os.PathLike[str]) -> MLP:
    r"""Read a network written by `save`, refusing anything else.

    Parameters
    ----------
    path : str or path-like
        The ``.npz`` file.

    Returns
    -------
    MLP
        A network with exactly the saved parameters.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ModelFileError
        If the file is not a zip archive of plain arrays (e.g. truncated, or a pickle), its
        architecture is missing or invalid, or an array is missing, extra, corrupted, of the
        wrong shape or dtype, or not finite.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = Path(folder.name) / "not-a-model.npz"
    >>> _ = path.write_bytes(b"PK\x03\x04 ...and then the file was cut short")
    >>> load(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    nnfromscratch.general.persistence.ModelFileError: .../not-a-model.npz is not a valid ...
    >>> folder.cleanup()
    """
    source = Path(path)
    if not source.is_file():
        raise FileNotFoundError(f"no model file at {source}")
    with source.open("rb") as file:
        if file.read(4) != b"PK\x03\x04":
            # np.load would read a lone .npy array, or refuse a pickle; neither is a model.
            raise _bad(source, "it is not an .npz (zip) archive")
    try:
        # allow_pickle=False: a pickle (or an object array inside the zip) raises
        # ValueError here instead of being unpickled, so no code from the file can run.
        # We open the file ourselves so that it is closed even when NumPy gives up on it.
        with source.open("rb") as file, np.load(file, allow_pickle=False) as archive:
            architecture = _read_architecture(source, archive)
            sizes = architecture["layer_sizes"]
            names, shapes = [], []
            for k, (n_in, n_out) in enumerate(pairwise(sizes), start=1):
                names.append(f"W{k}")
                shapes.append((n_in, n_out))
                if architecture["bias"]:
                    names.append(f"b{k}")
                    shapes.append((n_out,))
            found = set(archive.files) - {"architecture"}
            if found != set(names):
                missing, extra = sorted(set(names) - found), sorted(found - set(names))
                raise _bad(source, f"arrays missing: {missing}, unexpected: {extra}")
            arrays = {}
            for name, shape in zip(names, shapes, strict=True):
                array = archive[name]  # zipfile checks each entry's CRC as it reads
                if array.shape != shape or array.dtype.name != architecture["dtype"]:
                    raise _bad(
                        source,
                        f"{name} should be {architecture['dtype']} of shape {shape}, "
                        f"got {describe(array)}",
                    )
                if not np.all(np.isfinite(array)):
                    raise _bad(source, f"{name} holds NaN or infinite values")
                arrays[name] = array
    except ModelFileError:
        raise
    except (ValueError, OSError, EOFError, KeyError, zipfile.BadZipFile) as error:
        raise _bad(source, f"{type(error).__name__}: {error}") from None
    n_layers = len(architecture["layer_sizes"]) - 1
    return MLP.from_weights(
        [arrays[f"W{k}"] for k in range(1, n_layers + 1)],
        [arrays[f"b{k}"] for k in range(1, n_layers + 1)] if architecture["bias"] else None,
        architecture["activations"],
        architecture["loss"],
        dtype=architecture["dtype"],
    )
