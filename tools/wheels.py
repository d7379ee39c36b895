"""Check that every pinned dependency installs from a wheel on every machine a reader has.

    python3 dev.py wheels              # every target below; prints a Markdown table
    python3 dev.py wheels --json out.json

A portability check, not a test: it asks the package index (so it is never part of
``python3 dev.py test``, which must run offline). Targets: CPython 3.11, 3.12, 3.13 and
3.14 on Linux x86_64, Linux aarch64, macOS arm64 and Windows x86_64. For every pin in
constraints.txt, pip is asked once for the files the index holds for that exact version
(``pip download -vvv --only-binary=:all:`` with a platform nothing matches, so it lists
every file and downloads none: where an index serves no separate metadata files, as the
one this was written on, a dry-run resolution downloads every wheel for every target,
gigabytes with PyTorch).
Then each target's wheel is chosen here with the tag rules pip itself uses
(``packaging.tags``), honouring each file's Requires-Python for the first release of each
Python version (3.11.0, ...: the README promises any 3.11). A cell is the kind of wheel
that target gets:

    any     pure Python (``py3-none-any``)
    py3     one wheel for every CPython 3 on that platform (``py3-none-<platform>``: a
            bundled program or a library loaded with ctypes)
    abi3    CPython's stable ABI (one wheel for that CPython and later)
    cp      a wheel built for that exact CPython version
    NONE    no wheel for that target: pip would build the source, which needs a compiler

Every pin is checked on every target, even one a platform marker leaves out there (say
colorama off Windows): stricter than an install, never looser. Dependencies pip would add
on some target without a pin (PyPI's PyTorch for Linux x86_64 pulls its CUDA libraries)
are outside this table.

Only the package index is asked: this machine's own wheel folders and indexes (pip's
configuration files, ``PIP_FIND_LINKS``, ``PIP_EXTRA_INDEX_URL``, ``PIP_CONSTRAINT``) are
left out, so a wheel that exists only here does not count. The Linux targets accept
manylinux wheels up to glibc 2.35 (Ubuntu 22.04; Debian 12 and Raspberry Pi OS have 2.36),
macOS accepts wheels for macOS 14 (Sonoma) and older. The last row says which glibc and
macOS each column's wheels actually need. Exit status 1 when any cell is NONE.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, compatible_tags, cpython_tags, mac_platforms
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
GLIBC_MINORS = range(17, 36)  # manylinux_2_17 ... manylinux_2_35


@dataclass(frozen=True)
class Platform:
    """One operating system and processor, as pip's ``--platform`` tags."""

    label: str
    tags: tuple[str, ...]


PLATFORMS = (
    Platform(
        "Linux x86_64",
        (*(f"manylinux_2_{m}_x86_64" for m in GLIBC_MINORS), "manylinux2014_x86_64",
         "manylinux2010_x86_64", "manylinux1_x86_64"),
    ),
    Platform(
        "Linux aarch64",
        (*(f"manylinux_2_{m}_aarch64" for m in GLIBC_MINORS), "manylinux2014_aarch64"),
    ),
    # pip widens a macOS tag to every older macOS release and to universal2 wheels.
    Platform("macOS arm64", ("macosx_14_0_arm64",)),
    Platform("Windows x86_64", ("win_amd64",)),
)


def pins() -> dict[str, str]:
    """Canonical name -> pinned version, from constraints.txt.

    >>> pins()["numpy"].count(".")
    2
    """
    found = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            found[canonical(name)] = version.strip()
    return found


def canonical(name: str) -> str:
    """A project name as the package index compares them (PEP 503).

    >>> canonical("PyYAML"), canonical("pyyaml_env_tag")
    ('pyyaml', 'pyyaml-env-tag')
    """
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_kind(filename: str) -> str:
    """The column's word for one wheel file (see the module's docstring).

    >>> wheel_kind("tqdm-4.70.1-py3-none-any.whl")
    'any'
    >>> wheel_kind("ruff-0.17.6-py3-none-win_amd64.whl")
    'py3'
    >>> wheel_kind("cryptography-46.0.0-cp311-abi3-macosx_10_9_universal2.whl")
    'abi3'
    >>> wheel_kind("numpy-2.4.6-cp314-cp314-win_amd64.whl")
    'cp'
    >>> wheel_kind("thing-1.0.tar.gz")
    'NONE'
    """
    if not filename.endswith(".whl"):
        return "NONE"
    _python, abi, platform = filename[: -len(".whl")].split("-")[-3:]
    if platform == "any":
        return "any"
    if abi == "abi3":
        return "abi3"
    return "py3" if abi == "none" else "cp"


def platform_floor(filenames: list[str]) -> str:
    """The newest glibc or macOS that a set of wheels asks for, e.g. ``glibc 2.28``.

    A wheel names every tag it satisfies; the oldest of them is what it needs.

    >>> platform_floor(["a-1-cp314-cp314-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl",
    ...                 "b-1-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl"])
    'glibc 2.26'
    >>> platform_floor(["a-1-cp313-cp313-macosx_11_0_arm64.whl", "b-1-py3-none-any.whl"])
    'macOS 11.0'
    """
    glibc, macos = [], []
    for filename in filenames:
        tags = filename[: -len(".whl")].split("-")[-1].split(".")
        glibc_tags = [re.match(r"manylinux_(\d+)_(\d+)_", t) for t in tags]
        versions = [(int(m[1]), int(m[2])) for m in glibc_tags if m]
        versions += [(2, 17) for t in tags if t.startswith("manylinux2014")]
        versions += [(2, 12) for t in tags if t.startswith("manylinux2010")]
        versions += [(2, 5) for t in tags if t.startswith("manylinux1")]
        if versions:
            glibc.append(min(versions))
        mac = [(int(m[1]), int(m[2])) for t in tags if (m := re.match(r"macosx_(\d+)_(\d+)_", t))]
        if mac:
            macos.append(min(mac))
    if glibc:
        return "glibc {}.{}".format(*max(glibc))
    if macos:
        return "macOS {}.{}".format(*max(macos))
    return ""


def index_only_environment() -> dict[str, str]:
    """The environment of this process, without anything that points pip at local wheels."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_CONSTRAINT",
                        "PIP_INDEX_URL", "PIP_NO_INDEX")}
    env["PIP_CONFIG_FILE"] = os.devnull  # no pip.conf: pip asks its default index only
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


_LINK = re.compile(r"(?P<url>https?://\S+?/(?P<file>[^/\s#]+\.whl))\S* \(from [^)]*\)"
                   r"(?: \(requires-python:(?P<requires>[^)]*)\))?")


def index_files(name: str, version: str, scratch: Path) -> dict[str, str]:
    """Every wheel the index holds for ``name==version``: file name -> Requires-Python.

    >>> line = ("Skipping link: none ...: https://h/p/a_b-1.0-py3-none-any.whl#sha256=0 "
    ...         "(from https://h/simple/a-b/) (requires-python:>=3.10)")
    >>> _LINK.search(line).group("file", "requires")
    ('a_b-1.0-py3-none-any.whl', '>=3.10')
    """
    command = [
        sys.executable, "-m", "pip", "download", "-vvv", "--no-deps", "--only-binary=:all:",
        "--platform", "no_such_platform", "--python-version", PYTHONS[-1],
        "--dest", str(scratch), f"{name}=={version}",
    ]
    result = subprocess.run(command, capture_output=True, text=True,
                            env=index_only_environment(), check=False)
    found = {}
    for match in _LINK.finditer(result.stdout + result.stderr):
        try:
            wheel_name, wheel_version, _, _ = parse_wheel_filename(match["file"])
        except InvalidWheelFilename:
            continue
        same_project = canonicalize_name(wheel_name) == canonicalize_name(name)
        if same_project and wheel_version == Version(version):
            found[match["file"]] = match["requires"] or ""
    if not found and "No matching distribution" not in result.stderr:
        sys.exit(f"pip could not list the files of {name}=={version}:\n{result.stderr}")
    return found


def supported_tags(platform: Platform, python: str) -> list[Tag]:
    """The wheel tags a CPython ``python`` on ``platform`` accepts, most preferred first."""
    version = tuple(int(part) for part in python.split("."))
    if platform.label.startswith("macOS"):
        platforms = list(mac_platforms((14, 0), "arm64"))
    else:
        platforms = list(platform.tags)
    return [*cpython_tags(version, platforms=platforms),
            *compatible_tags(version, f"cp{version[0]}{version[1]}", platforms)]


def choose(files: dict[str, str], platform: Platform, python: str) -> str:
    """The wheel pip would pick for this target (its most preferred tag), or "NONE"."""
    ranking = {tag: rank for rank, tag in enumerate(supported_tags(platform, python))}
    best, best_rank = "NONE", len(ranking)
    for filename, requires in files.items():
        if requires and not SpecifierSet(requires).contains(f"{python}.0"):
            continue
        rank = min((ranking[tag] for tag in parse_wheel_filename(filename)[3] if tag in ranking),
                   default=len(ranking))
        if rank < best_rank:
            best, best_rank = filename, rank
    return best


def table(results: dict[tuple[str, str], dict[str, str]]) -> tuple[str, int]:
    """The Markdown table of every pin by target, and how many cells say NONE."""
    targets = [(p.label, v) for p in PLATFORMS for v in PYTHONS]
    pinned = pins()
    names = sorted(set(pinned) | {n for chosen in results.values() for n in chosen})
    short = {"Linux x86_64": "Linux x64", "Linux aarch64": "Linux arm64",
             "macOS arm64": "macOS arm64", "Windows x86_64": "Windows x64"}
    header = ["package", "pin"] + [f"{short[p]} {v}" for p, v in targets]
    rows = [header, ["---"] * len(header)]
    nones = 0
    for name in names:
        row = [name, pinned.get(name, "NOT PINNED")]
        for target in targets:
            filename = results[target].get(name)
            kind = "-" if filename is None else wheel_kind(filename)
            nones += kind == "NONE"
            row.append(kind)
        rows.append(row)
    floors = ["needs", ""] + [platform_floor(list(results[t].values())) or "-" for t in targets]
    rows.append(floors)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
             for row in rows]
    return "\n".join(lines), nones


def main() -> int:
    """List every pin's wheels, choose each target's, print the table; 1 if any is NONE."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="also write each target's chosen files here")
    args = parser.parse_args()
    results: dict[tuple[str, str], dict[str, str]] = {
        (p.label, v): {} for p in PLATFORMS for v in PYTHONS
    }
    with tempfile.TemporaryDirectory() as scratch:
        for name, version in pins().items():
            print(f"asking the index for the files of {name}=={version}", file=sys.stderr,
                  flush=True)
            files = index_files(name, version, Path(scratch))
            for platform in PLATFORMS:
                for python in PYTHONS:
                    results[(platform.label, python)][name] = choose(files, platform, python)
    text, nones = table(results)
    print(text)
    print()
    print("any = pure Python; py3 = one wheel for every CPython 3 on that platform; "
          "abi3 = stable ABI; cp = built for that CPython; NONE = no wheel (pip would need "
          "a compiler). 'needs' = the newest glibc or macOS that column's wheels ask for.")
    verdict = "every cell installs from a wheel" if nones == 0 else f"{nones} cells have NO wheel"
    print(f"\n{verdict}.")
    if args.json:
        args.json.write_text(json.dumps({f"{p} / {v}": c for (p, v), c in results.items()},
                                        indent=2) + "\n")
    return 0 if nones == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
