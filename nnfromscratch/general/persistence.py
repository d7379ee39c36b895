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

A hostile file costs little to refuse. Every limit below is checked from the zip's
directory and the arrays' small headers, before anything large is read or allocated:

* the members: at most `MAX_MEMBERS`, each named ``architecture.npy``, ``W<k>.npy`` or
  ``b<k>.npy``, none twice, none encrypted, each *stored* (uncompressed, as `save` writes
  them, so a small file can never inflate into a large one: no zip bombs) and no larger
  than the file itself;
* the architecture: a text of at most `MAX_ARCHITECTURE_CHARS` characters, JSON nested at
  most `MAX_JSON_DEPTH` deep, no key twice, and every field of its exact type
  (``format_version`` an integer, not ``true``; ``layer_sizes`` at most `MAX_LAYERS` + 1
  positive integers);
* the arrays: the total size the architecture declares must fit in the file, and each
  array's header must declare exactly the shape and dtype the architecture implies, and
  exactly as many bytes as its member holds, before its bytes are read.
"""

from __future__ import annotations

import json
import math
import os
import re
import struct
import uuid
import zipfile
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from .._checks import describe
from .._door import checked
from .layers import ACTIVATIONS
from .mlp import DTYPES, LOSSES, MLP, an_mlp

__all__ = [
    "FORMAT",
    "MAX_ARCHITECTURE_CHARS",
    "MAX_JSON_DEPTH",
    "MAX_LAYERS",
    "MAX_MEMBERS",
    "ModelFileError",
    "load",
    "save",
]

FORMAT = "nnfromscratch.MLP"
"""The ``format`` field of a saved architecture (with ``format_version``: what to expect)."""

_FORMAT_VERSION = 1

MAX_LAYERS = 256
"""The most dense layers a model file may declare."""

MAX_MEMBERS = 2 * MAX_LAYERS + 1
"""The most members a model file may hold: a weight and a bias per layer, and the architecture."""

MAX_ARCHITECTURE_CHARS = 20_000
"""The longest architecture text accepted (`MAX_LAYERS` layers need about 5,000 characters)."""

MAX_JSON_DEPTH = 4
"""How deeply the architecture's JSON may nest (a saved one nests 2 deep: lists in an object)."""

_MEMBER = re.compile(r"architecture\.npy|[Wb][1-9][0-9]{0,2}\.npy")
_DIRECTORY_BYTES_PER_MEMBER = 1024  # a member's directory entry: its name and a few fields
_HEADER_BYTES = 10_000  # NumPy's own limit for an .npy header


class ModelFileError(ValueError):
    """A file is not a valid, intact nnfromscratch model file.

    A `ValueError`, so code that catches bad values catches bad files too.

    Examples
    --------
    >>> issubclass(ModelFileError, ValueError)
    True
    """


def _path(path: Any, name: str) -> Path:
    """A path as `save` and `load` take it: a str or path-like naming a file."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a str or a path, got {describe(path)}")
    text = os.fspath(path)
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str or a path, got {describe(path)}")
    if not text:
        raise ValueError(f"{name} must name a file, got ''")
    if "\x00" in text:
        raise ValueError(f"{name} must not hold a NUL character, got {text!r}")
    return Path(text)


def _target(path: Any, name: str) -> Path:
    """Where `save` may write: a file (not a folder) in a folder that exists."""
    target = _path(path, name)
    if target.is_dir():
        raise ValueError(f"{name} must name a file, got the folder {target}")
    if not target.parent.is_dir():
        raise ValueError(f"{name} must be in an existing folder, got {target}")
    return target


@checked(network=an_mlp, path=_target, locks=("network",))
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
    target = path
    n_layers = len(network.layer_sizes) - 1
    if n_layers > MAX_LAYERS:
        raise ValueError(f"network must have at most {MAX_LAYERS} layers to be saved, got "
                         f"{n_layers}")
    architecture = {"format": FORMAT, "format_version": _FORMAT_VERSION, **network.architecture}
    arrays = dict(zip(network.parameter_names, network.parameters, strict=True))
    # Written beside the target, read back as `load` reads it, and only then put in its
    # place: a file that load would refuse never replaces what was there.
    draft = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    try:
        with draft.open("wb") as file:
            # A 0-d array of str is stored as plain text in the .npy format: no pickle needed.
            np.savez(file, architecture=np.array(json.dumps(architecture)), **arrays)
        try:
            load(draft)
        except ModelFileError as error:
            problem = str(error).partition(": ")[2]
            raise ValueError(
                f"network must give a file that load accepts, got one it refuses: {problem}"
            ) from None
        os.replace(draft, target)
    finally:
        draft.unlink(missing_ok=True)
    return target


def _bad(path: Path, problem: str) -> ModelFileError:
    return ModelFileError(f"{path} is not a valid nnfromscratch model file: {problem}")


def _members(path: Path, archive: zipfile.ZipFile, file_size: int) -> dict[str, zipfile.ZipInfo]:
    """The archive's members by name (without ``.npy``), each checked from the directory alone."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _bad(path, f"it has {len(infos)} members, more than the {MAX_MEMBERS} allowed")
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if not _MEMBER.fullmatch(name):
            shown = name if len(name) <= 40 else name[:37] + "..."
            raise _bad(path, f"unexpected: [{shown[:-4] if shown.endswith('.npy') else shown!r}]")
        if name[:-4] in members:
            raise _bad(path, f"the member {name!r} appears twice")
        if info.flag_bits & 0x1:
            raise _bad(path, f"the member {name!r} is encrypted")
        if info.compress_type != zipfile.ZIP_STORED:
            raise _bad(
                path, f"the member {name!r} is compressed; save writes it stored (uncompressed)"
            )
        if info.file_size > file_size or info.compress_size != info.file_size:
            raise _bad(
                path,
                f"the member {name!r} declares {info.file_size} bytes, which a file of "
                f"{file_size} bytes cannot hold",
            )
        members[name[:-4]] = info
    return members


def _header(path: Path, name: str, file: Any) -> tuple[tuple[int, ...], bool, np.dtype]:
    """An .npy member's shape, order and dtype, from its header alone."""
    try:
        version = np.lib.format.read_magic(file)
        if version == (1, 0):
            header = np.lib.format.read_array_header_1_0(file, max_header_size=_HEADER_BYTES)
        elif version in ((2, 0), (3, 0)):
            header = np.lib.format.read_array_header_2_0(file, max_header_size=_HEADER_BYTES)
        else:
            raise ValueError(f"unknown .npy version {version}")
    except (ValueError, OSError, EOFError, SyntaxError) as error:
        raise _bad(path, f"{name} has no valid .npy header ({error})") from None
    shape, fortran_order, dtype = header
    if dtype.hasobject:
        raise _bad(path, f"{name} holds Python objects (a pickle); nothing of it is unpickled")
    return shape, fortran_order, dtype


def _read_array(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, check: Any
) -> np.ndarray:
    """Read one member: its header, checked by `check(shape, dtype)`, then its exact bytes."""
    with archive.open(info) as file:
        shape, fortran_order, dtype = _header(path, name, file)
        check(shape, dtype)
        n_bytes = math.prod(shape) * dtype.itemsize
        if info.file_size != file.tell() + n_bytes:
            raise _bad(
                path,
                f"{name} declares {n_bytes} bytes of data but its member holds "
                f"{info.file_size - file.tell()}",
            )
        data = file.read(n_bytes)
        file.read()  # the end of the member: zipfile checks its CRC here
    if len(data) != n_bytes:
        raise _bad(path, f"{name} is cut short")
    order = "F" if fortran_order else "C"
    return np.frombuffer(data, dtype=dtype).reshape(shape, order=order).copy()


def _depth(text: str) -> int:
    """How deeply a JSON text nests its lists and objects (strings skipped)."""
    outside_strings = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    codes = np.frombuffer(outside_strings.encode("utf-32-le"), dtype=np.uint32)
    steps = np.isin(codes, (ord("["), ord("{"))).astype(np.int64)
    steps -= np.isin(codes, (ord("]"), ord("}")))
    return int(np.cumsum(steps).max(initial=0))


def _directory(path: Path, file: Any, file_size: int) -> None:
    """Check the member count and the directory's size from the zip's end record.

    Before zipfile reads the directory, which it does whole, however many members it lists.
    """
    tail_size = min(file_size, 22 + 65_535)  # the end record, and a comment of at most 64 kB
    file.seek(file_size - tail_size)
    tail = file.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise _bad(path, "it has no zip directory (the file is cut short or not a zip)")
    count, directory_size = struct.unpack("<HL", tail[at + 10 : at + 16])
    locator = tail[at - 20 : at] if at >= 20 else b""
    if locator[:4] == b"PK\x06\x07":  # a zip64 archive: the true figures are in its own record
        (record_at,) = struct.unpack("<Q", locator[8:16])
        file.seek(record_at)
        record = file.read(56)
        if len(record) < 56 or record[:4] != b"PK\x06\x06":
            raise _bad(path, "its zip64 directory record is missing")
        count, directory_size = struct.unpack("<QQ", record[32:48])
    if count > MAX_MEMBERS:
        raise _bad(path, f"it has {count} members, more than the {MAX_MEMBERS} allowed")
    if directory_size > MAX_MEMBERS * _DIRECTORY_BYTES_PER_MEMBER:
        raise _bad(
            path,
            f"its zip directory is {directory_size} bytes, more than the "
            f"{MAX_MEMBERS * _DIRECTORY_BYTES_PER_MEMBER} allowed",
        )
    file.seek(0)


def _shown(value: Any) -> str:
    """A value from the file as it was written, if short; otherwise what it is."""
    text = repr(value)
    return text if len(text) <= 60 else describe(value)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        twice = next(key for key in keys if keys.count(key) > 1)
        raise ValueError(f"the key {twice!r} appears twice")
    return dict(pairs)


def _read_architecture(
    path: Path, archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]
) -> dict[str, Any]:
    if "architecture" not in members:
        raise _bad(path, "it has no 'architecture' entry")

    def is_text(shape: tuple[int, ...], dtype: np.dtype) -> None:
        if dtype.kind != "U" or shape != ():
            raise _bad(
                path, f"'architecture' must be a text, got an array of shape {shape} and dtype "
                f"{dtype}"
            )
        if dtype.itemsize // 4 > MAX_ARCHITECTURE_CHARS:
            raise _bad(
                path, f"'architecture' is {dtype.itemsize // 4} characters long, more than the "
                f"{MAX_ARCHITECTURE_CHARS} allowed"
            )

    text = str(_read_array(path, archive, members["architecture"], "architecture", is_text)[()])
    depth = _depth(text)
    if depth > MAX_JSON_DEPTH:
        raise _bad(path, f"'architecture' nests {depth} deep, more than {MAX_JSON_DEPTH} allowed")
    try:
        architecture = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except ValueError as error:  # json.JSONDecodeError, a duplicated key, a 5000-digit number
        raise _bad(path, f"'architecture' is not valid JSON ({error})") from None
    expected = {"format", "format_version", "layer_sizes", "activations", "loss", "bias", "dtype"}
    if not isinstance(architecture, dict) or set(architecture) != expected:
        found = sorted(architecture) if isinstance(architecture, dict) else describe(architecture)
        raise _bad(path, f"'architecture' must have the keys {sorted(expected)}, got {found}")
    version = architecture["format_version"]
    if architecture["format"] != FORMAT or type(version) is not int or version != _FORMAT_VERSION:
        raise _bad(
            path,
            f"format {architecture['format']!r} version {version!r} "
            f"is not {FORMAT!r} version {_FORMAT_VERSION}",
        )
    sizes = architecture["layer_sizes"]
    if (
        not isinstance(sizes, list)
        or not 2 <= len(sizes) <= MAX_LAYERS + 1
        or not all(type(size) is int and size > 0 for size in sizes)
    ):
        raise _bad(
            path,
            f"layer_sizes must be a list of positive whole numbers ({MAX_LAYERS + 1} at most), "
            f"got {_shown(sizes)}",
        )
    activations = architecture["activations"]
    if (
        not isinstance(activations, list)
        or len(activations) != len(sizes) - 1
        or not all(type(name) is str and name in ACTIVATIONS for name in activations)
    ):
        raise _bad(
            path, f"activations must be {len(sizes) - 1} known names, got {_shown(activations)}"
        )
    for field, known in (("loss", LOSSES), ("dtype", DTYPES)):
        if type(architecture[field]) is not str or architecture[field] not in known:
            raise _bad(path, f"unknown {field} {_shown(architecture[field])}")
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
        If the file is not a zip archive of plain arrays (e.g. truncated, or a pickle), breaks
        one of the limits above, its architecture is missing or invalid, or an array is
        missing, extra, corrupted, of the wrong shape or dtype, or not finite.

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
    source = _path(path, "path")
    if not source.is_file():
        raise FileNotFoundError(f"no model file at {source}")
    file_size = source.stat().st_size
    # We open the file ourselves so that it is closed even when zipfile gives up on it.
    with source.open("rb") as file:
        if file.read(4) != b"PK\x03\x04":
            # np.load would read a lone .npy array, or refuse a pickle; neither is a model.
            raise _bad(source, "it is not an .npz (zip) archive")
        try:
            _directory(source, file, file_size)
            with zipfile.ZipFile(file) as archive:
                members = _members(source, archive, file_size)
                architecture = _read_architecture(source, archive, members)
                arrays = _read_parameters(source, archive, members, architecture, file_size)
        except ModelFileError:
            raise
        except (ValueError, OSError, EOFError, KeyError, zipfile.BadZipFile) as error:
            raise _bad(source, f"{type(error).__name__}: {error}") from None
    n_layers = len(architecture["layer_sizes"]) - 1
    try:
        return MLP.from_weights(
            [arrays[f"W{k}"] for k in range(1, n_layers + 1)],
            [arrays[f"b{k}"] for k in range(1, n_layers + 1)] if architecture["bias"] else None,
            architecture["activations"],
            architecture["loss"],
            dtype=architecture["dtype"],
        )
    except ValueError as error:  # a loss that needs another output layer, say
        raise _bad(source, f"its architecture makes no network: {error}") from None


def _read_parameters(
    path: Path,
    archive: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    architecture: dict[str, Any],
    file_size: int,
) -> dict[str, np.ndarray]:
    """Every parameter array, each checked against the architecture before it is read."""
    sizes, dtype_name = architecture["layer_sizes"], architecture["dtype"]
    names, shapes = [], []
    for k, (n_in, n_out) in enumerate(pairwise(sizes), start=1):
        names.append(f"W{k}")
        shapes.append((n_in, n_out))
        if architecture["bias"]:
            names.append(f"b{k}")
            shapes.append((n_out,))
    found = set(members) - {"architecture"}
    if found != set(names):
        missing, extra = sorted(set(names) - found), sorted(found - set(names))
        raise _bad(path, f"arrays missing: {missing}, unexpected: {extra}")
    declared = sum(math.prod(shape) for shape in shapes) * np.dtype(dtype_name).itemsize
    if declared > file_size:
        raise _bad(
            path,
            f"its architecture declares {declared} bytes of parameters, more than the file's "
            f"{file_size} bytes",
        )
    arrays = {}
    for name, shape in zip(names, shapes, strict=True):

        def fits(found_shape: tuple[int, ...], dtype: np.dtype, name=name, shape=shape) -> None:
            if found_shape != shape or dtype.name != dtype_name:
                raise _bad(
                    path,
                    f"{name} should be {dtype_name} of shape {shape}, got an array of shape "
                    f"{found_shape} and dtype {dtype}",
                )

        array = _read_array(path, archive, members[name], name, fits)
        if not np.all(np.isfinite(array)):
            raise _bad(path, f"{name} holds NaN or infinite values")
        arrays[name] = array
    return arrays
