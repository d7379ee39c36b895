"""The error rule (nnfromscratch._checks, and docs/errors.md), held against every table row.

Every row of the bad-input tables (test_bad_input.py, test_beyond_bad_input.py,
test_edge_cases.py, test_bad_input_round3.py) must raise exactly the class its row names, and
that class must be the rule's: `TypeError` or `ValueError` for a mistake in an argument
(`RuntimeError` only for a method called out of order, `FileNotFoundError` only for a missing
file, `TrainingDivergedError` only for training that stopped being finite). The message must
name the argument as the caller spells it (a parameter of a public function), and say what
came (``got ...``), or for an unknown name, which names there are. And the same mistake
must give the same class everywhere: rows whose messages say the same thing, whatever the
argument and the value, raise the same class.
"""

from __future__ import annotations

import inspect
import re
from collections import defaultdict
from pathlib import Path

import pytest
import test_bad_input
import test_bad_input_round3
import test_beyond_bad_input
import test_edge_cases

from nnfromscratch.course import (
    activations,
    backprop,
    datasets,
    losses,
    network,
    neuron,
    training,
    two_layer,
)
from nnfromscratch.course.training import TrainingDivergedError
from nnfromscratch.general import (
    article_networks,
    digits,
    fit,
    gradient_check,
    layers,
    metrics,
    mlp,
    optimizers,
    persistence,
    tuning,
)

ROWS = [
    (f"{table.__name__}: {case[0]}", *case[1:])
    for table in (test_bad_input, test_beyond_bad_input, test_edge_cases, test_bad_input_round3)
    for case in table.CASES
]
MODULES = [activations, article_networks, backprop, datasets, digits, fit, gradient_check, layers,
           losses, metrics, mlp, network, neuron, optimizers, persistence, training, tuning,
           two_layer]


def public_parameter_names():
    """Every parameter name of every public function, class and method of the package."""
    names = set()
    for module in MODULES:
        for public in getattr(module, "__all__", []):
            thing = getattr(module, public)
            callables = [thing]
            if inspect.isclass(thing):
                callables += [member for name, member in vars(thing).items()
                              if not name.startswith("_") or name in ("__init__", "__new__")]
            for candidate in callables:
                function = getattr(candidate, "__func__", candidate)
                if callable(function):
                    try:
                        names |= set(inspect.signature(function).parameters)
                    except (TypeError, ValueError):
                        pass
    return names - {"self", "cls"}


PARAMETERS = public_parameter_names()


def raised(call):
    try:
        call()
    except Exception as error:
        return error
    pytest.fail("the row's call raised nothing")


def named_argument(message):
    """The argument a message begins with, as spelled, without its subscripts."""
    match = re.match(r"(?:unknown |each row of )?([A-Za-z_]\w*)", message)
    return match.group(1) if match else None


@pytest.mark.parametrize(("call", "error"), [row[1:3] for row in ROWS], ids=[row[0] for row in ROWS])
def test_every_row_follows_the_rule(call, error):
    got = raised(call)
    assert type(got) is error, f"the row names {error.__name__}, the call raised {type(got).__name__}"
    message = str(got)
    if error is RuntimeError:
        assert re.search(r"\w+\.\w+ called before \w+", message), message
        return
    if error is FileNotFoundError:
        assert message.startswith("no model file at "), message
        return
    if error is TrainingDivergedError:  # training itself stopped being finite
        assert message.startswith("training diverged in epoch "), message
        return
    assert error in (TypeError, ValueError), f"{error.__name__} is not the rule's"
    assert named_argument(message) in PARAMETERS, f"the message names no argument: {message}"
    assert "got " in message or "choose one of" in message, f"the message says not what came: {message}"


def mistake(message):
    """What a message says, without which argument or which value: the kind of mistake."""
    message = re.sub(r"^(unknown |each row of )?[A-Za-z_][\w\[\]]*( and [A-Za-z_][\w\[\]]*)?", "", message)
    return re.split(r"[;,(]? ?got ", message)[0].strip(" ,;")


def test_the_same_mistake_raises_the_same_error_everywhere():
    kinds = defaultdict(set)
    for row_id, call, error, _ in ROWS:
        if error in (TypeError, ValueError):
            got = raised(call)
            if "got " in str(got):
                # "got 0" and "got 2.5 (float)" are different mistakes of one argument:
                # a value out of range, and a value of the wrong kind.
                came_as_kind = bool(re.search(r"got .*\(\w+\)$|got dtype|got an? (array|list|tuple)", str(got)))
                kinds[(mistake(str(got)), came_as_kind)].add((type(got), row_id))
    mixed = {kind: rows for kind, rows in kinds.items() if len({cls for cls, _ in rows}) > 1}
    assert not mixed, mixed


def test_the_rule_is_written_once_in_the_package_and_on_its_page():
    from nnfromscratch import _checks

    assert "The error rule" in _checks.__doc__
    page = Path(test_bad_input.__file__).parents[1] / "docs" / "errors.md"
    text = page.read_text(encoding="utf-8")
    for part in ("**`TypeError`: the argument is of the wrong kind.**",
                 "**`ValueError`: the kind is right, the value is not.**",
                 "**The message names the argument as you spelled it**"):
        assert part in text
