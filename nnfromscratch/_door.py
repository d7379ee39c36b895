"""The door: a public call's arguments are checked once, by rules declared beside it.

A public function is written as the maths and decorated with its argument rules::

    @checked(z=number_or_array)            # one generic rule per argument, or
    @checked(_pair_of_shapes)              # a short check written right above it

A rule ``z=number_or_array`` is a converter ``rule(value, name)`` from
`nnfromscratch._checks` (or beside the function) that returns the checked value or raises
the error rule's exception. A check function takes every argument by name (defaults
filled in, the rules already applied) and returns a dict of the arguments it converted,
for the rules that tie arguments together (a shape that follows another argument's).

Once inside, the package's own code is not checked again: a public function called by
another one (the training loop calling `backprop`, say) receives arguments that were
checked at the door, so the decorator lets the call straight through. That is what keeps
the checks out of the loops. Which calls are "inside" is decided per thread and per
context (`contextvars`), and only for a chain of the package's own code: a call made by
the user's code (a callback such as ``on_report``, a subclass's ``_update``, a ``loss``
function) is checked like any other, at any depth.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import math
import sys
import threading
import weakref
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import numpy as np

__all__ = ["checked"]

F = TypeVar("F", bound=Callable[..., Any])

# The frame of the checked public call this context is inside, if any. A context variable:
# each thread (and each asyncio task) has its own, so overlapping calls never mix.
_inside: ContextVar[Any] = ContextVar("nnfromscratch_inside", default=None)
_PACKAGE = __name__.rpartition(".")[0] + "."


def _ours(frame: Any) -> bool:
    """True if `frame` runs the package's own code (remembered by its code object's id)."""
    if frame.f_globals.get("__name__", "").startswith(_PACKAGE):
        _OURS.add(id(frame.f_code))
        return True
    return False


# The ids of the package's own code objects met so far. They live as long as their modules,
# so an id here never comes to stand for someone else's code.
_OURS: set[int] = set()


# One lock per object that a call changes as it works (a network's working arrays, an
# optimiser's state): calls on it from several threads take turns. Kept beside the objects
# (by id, with a weak reference to drop it when the object goes), not on them, so that
# they still copy and pickle as before, whatever their class defines.
_LOCKS: dict[int, tuple[weakref.ref[Any], threading.RLock]] = {}
_LOCKS_GUARD = threading.Lock()
_SHARED = threading.RLock()  # for an object that takes no weak reference


def _forget(key: int, reference: weakref.ref[Any]) -> None:
    # Only the entry of this reference: a newer object may have the same id by now.
    if _LOCKS.get(key, (None,))[0] is reference:
        _LOCKS.pop(key, None)


def _lock_of(thing: Any) -> threading.RLock:
    key = id(thing)
    with _LOCKS_GUARD:
        entry = _LOCKS.get(key)
        if entry is not None and entry[0]() is thing:
            return entry[1]
        try:
            reference = weakref.ref(thing, functools.partial(_forget, key))
        except TypeError:
            return _SHARED
        lock = threading.RLock()
        _LOCKS[key] = (reference, lock)
        return lock


class _Door:
    """What a door does on the way in (the rules) and on the way out (the overflow watch)."""

    def __init__(self, check: Callable[..., Any] | None, rules: dict[str, Callable[..., Any]],
                 overflow: tuple[str, ...], numpy: bool, public_calls_inside: bool,
                 undo: Callable[..., Callable[[], None]] | None,
                 after: Callable[..., None] | None, locks: tuple[str, ...]) -> None:
        self.check, self.rules, self.overflow = check, rules, overflow
        self.numpy, self.public_calls_inside = numpy, public_calls_inside
        self.undo, self.after, self.locks = undo, after, locks

    def error(self, plain: Callable[..., Any], arguments: dict[str, Any]) -> ValueError:
        names = self.overflow
        sizes = ", ".join(f"|{name}| up to {_largest(arguments[name])}" for name in names)
        *first, last = names
        blamed = f"{', '.join(first)} and {last}" if first else last
        verb, them = ("is", "it") if len(names) == 1 else ("are", "them")
        # The precision it computed in: float32 if a blamed array was (a float32 network's).
        single = any(getattr(arguments[name], "dtype", None) == np.float32 for name in names)
        precision = "float32 (largest number about 3.4e+38)" if single else \
            "float64 (largest number about 1.8e+308)"
        return ValueError(
            f"{blamed} {verb} too large in magnitude for {plain.__qualname__}: it overflowed "
            f"{precision} on the way; got {sizes}; scale {them} down"
        )


def checked(
    check: Callable[..., dict[str, Any] | None] | None = None,
    /,
    *,
    overflow: tuple[str, ...] = (),
    numpy: bool = True,
    public_calls_inside: bool = False,
    undo: Callable[..., Callable[[], None]] | None = None,
    after: Callable[..., None] | None = None,
    locks: tuple[str, ...] = (),
    **rules: Callable[[Any, str], Any],
) -> Callable[[F], F]:
    """Decorate a public function with its argument rules, run once, at the door.

    Parameters
    ----------
    check : callable, optional
        Receives every argument by name after the `rules`; raises on bad input and returns
        a dict of the arguments it converted (or None).
    overflow : tuple of str
        The arguments to blame if the body overflows although they are finite
        (``1e308 + 1e308``). With `numpy`, the body runs with NumPy's floating-point errors
        caught, and any overflow or NaN on the way refuses the call with a `ValueError`,
        even one a later step squashes into a finite number: what a BLAS kernel makes of an
        overflowing matrix product differs between processors. Pure-Python bodies
        (``numpy=False``) add in a fixed order: there the result itself must be finite.
    public_calls_inside : bool
        The body is a few public calls (`nnfromscratch.general.digits.train_digits`): each
        checks and converts its own arguments as it would for the user, once; their own
        loops still skip the checks.
    undo : callable, optional
        ``undo(**arguments)``, called before the body, returns what puts back everything of
        the caller's that the body changes in place; it runs if the call fails (whatever the
        exception, Ctrl-C included), so a failed call leaves nothing half-changed.
    after : callable, optional
        ``after(**arguments)`` judges what the body did (raising fails the call).
    locks : tuple of str
        The arguments (``"self"``, say) that the body changes as it works: a call from
        another thread on the same object waits for this one to finish.
    **rules
        ``name=rule``: ``rule(value, name)`` returns the checked value of argument `name`.
    """
    door = _Door(check, rules, tuple(overflow), numpy, public_calls_inside, undo, after,
                 tuple(locks))

    def decorate(plain: F) -> F:
        return functools.wraps(plain)(_door(plain, door))  # type: ignore[return-value]

    return decorate


def _enter(plain: Callable[..., Any], door: _Door, arguments: dict[str, Any]) -> Any:
    """Check the arguments of an outermost public call, then run it with checks off inside."""
    for name, rule in door.rules.items():
        arguments[name] = rule(arguments[name], name)
    if door.check is not None:
        arguments.update(door.check(**arguments) or {})
    if not door.locks:
        return _run(plain, door, arguments)
    with contextlib.ExitStack() as held:
        # Taken in one order (by id) whatever the call, so two calls never wait on each other.
        things = {id(arguments[name]): arguments[name] for name in door.locks}
        for _, thing in sorted(things.items()):
            held.enter_context(_lock_of(thing))
        return _run(plain, door, arguments)


def _run(plain: Callable[..., Any], door: _Door, arguments: dict[str, Any]) -> Any:
    # A door made of public calls leaves their own doors open: each checks (and converts)
    # its arguments as a call from the user would.
    token = _inside.set(None if door.public_calls_inside else sys._getframe())
    undo = None if door.undo is None else door.undo(**arguments)
    try:
        if door.overflow and door.numpy:
            # NumPy calls back only when an operation overflows: free otherwise.
            overflowed: list[str] = []
            try:
                with np.errstate(over="call", invalid="call", divide="ignore", under="ignore",
                                 call=lambda kind, flag: overflowed.append(kind)):
                    result = plain(**arguments)
            except Exception as error:
                # Whatever failed after an overflow failed because of it: say so.
                if overflowed:
                    raise door.error(plain, arguments) from error
                raise
            if overflowed:
                raise door.error(plain, arguments)
        elif door.after is not None:
            # `after` judges what the body made; its floating-point warnings are no news.
            with np.errstate(over="ignore", invalid="ignore"):
                result = plain(**arguments)
        else:
            result = plain(**arguments)
        if door.overflow and not _all_finite(result):
            raise door.error(plain, arguments)
        if door.after is not None:
            door.after(**arguments)
    except BaseException:
        if undo is not None:
            undo()
        raise
    finally:
        _inside.reset(token)
    return result


def _all_finite(result: Any) -> bool:
    if isinstance(result, (float, np.floating)):
        return math.isfinite(result)
    if isinstance(result, np.ndarray):
        return result.dtype.kind not in "fc" or bool(np.isfinite(result).all())
    if isinstance(result, (tuple, list)):
        return all(_all_finite(item) for item in result)
    if isinstance(result, dict):
        return all(_all_finite(item) for item in result.values())
    return True


def _largest(value: Any) -> str:
    try:
        with np.errstate(all="ignore"):
            return f"{float(np.max(np.abs(np.asarray(value, dtype=np.float64)))):.3g}"
    except (TypeError, ValueError):
        return "not a number"


def _door(plain: Callable[..., Any], door: _Door) -> Callable[..., Any]:
    # The door has exactly the parameters of `plain` (not *args, **kwargs): a call from
    # inside, which only passes through, then costs little more than a call of `plain`.
    parameters = list(inspect.signature(plain).parameters.values())
    unknown = set(door.rules) - {p.name for p in parameters}
    if unknown:
        raise TypeError(f"checked: {plain.__qualname__} has no argument {sorted(unknown)}")
    written, passed, named, defaults = [], [], [], {}
    for parameter in parameters:
        if parameter.kind not in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
            raise TypeError(f"checked cannot wrap {plain.__qualname__}: *args or **kwargs")
        if parameter.kind is parameter.KEYWORD_ONLY and "*" not in written:
            written.append("*")
        text = parameter.name
        if parameter.default is not parameter.empty:
            defaults[f"_default_{parameter.name}"] = parameter.default
            text += f"=_default_{parameter.name}"
        written.append(text)
        keyword = parameter.kind is parameter.KEYWORD_ONLY
        passed.append(f"{parameter.name}={parameter.name}" if keyword else parameter.name)
        named.append(f"{parameter.name}={parameter.name}")
    # From inside a checked call the door only passes through, unless the body is made
    # of public calls (`public_calls_inside`): those need their own checks at any depth.
    # It passes through only if every frame from its caller up to the checked call's is the
    # package's own: a frame of the user's code on the way (a callback, a subclass's method,
    # a ``loss`` function) means the arguments may not be the checked ones.
    shortcut = "" if door.public_calls_inside else (
        f"        top = inside()\n"
        f"        if top is not None:\n"
        f"            caller = frame(1)\n"
        f"            while caller is not top:\n"
        f"                if caller is None or (id(caller.f_code) not in known\n"
        f"                                      and not ours(caller)):\n"
        f"                    break\n"
        f"                caller = caller.f_back\n"
        f"            else:\n"
        f"                return plain({', '.join(passed)})\n"
    )
    source = (
        f"def factory(plain, door, inside, frame, known, ours, enter, "
        f"{', '.join(['_', *defaults])}):\n"
        f"    def door_({', '.join(written)}):\n"
        f"{shortcut}"
        f"        return enter(plain, door, dict({', '.join(named)}))\n"
        f"    return door_\n"
    )
    namespace: dict[str, Any] = {}
    # Generated from a signature, never from input; run among the package's names, so that
    # a door passed through from inside counts as the package's own frame.
    exec(source, {"__name__": __name__}, namespace)
    return namespace["factory"](
        plain, door, _inside.get, sys._getframe, _OURS, _ours, _enter, None, **defaults
    )
