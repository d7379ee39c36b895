"""The door under threads and around user code.

"Inside a checked call" (where the package's own calls skip the checks) is per thread and
per context, and holds only for a chain of the package's own code: overlapping calls in
many threads stay independent, and the user's code that runs inside a checked call (a
subclass's documented `_update`, a callback, a ``loss`` function) is checked like any
caller's.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from nnfromscratch.course.activations import sigmoid
from nnfromscratch.general.fit import fit
from nnfromscratch.general.gradient_check import numerical_gradient
from nnfromscratch.general.mlp import MLP
from nnfromscratch.general.optimizers import SGD

X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
Y = np.array([[1.0], [1.0], [0.0], [0.0]])
NAN_X = [[np.nan, 0.0]]
SECONDS = 2.0
THREADS = 6


def good_fit():
    network = MLP([2, 3, 1], "sigmoid", "mse", rng=0)
    history = fit(network, X.tolist(), Y.tolist(), epochs=3, batch_size=2, rng=0, progress=False)
    assert len(history.loss) == 3 and np.isfinite(history.loss).all()


def good_predict(network):
    out = network.predict([[1.0, 2.0]])
    assert out.shape == (1, 1) and np.isfinite(out).all()


def good_sigmoid():
    assert sigmoid(0.0) == 0.5


def bad_predict(network):
    with pytest.raises(ValueError, match=r"x must be finite, got nan"):
        network.predict(NAN_X)


def bad_sigmoid():
    with pytest.raises(TypeError, match=r"z must be numeric, got the string '7'"):
        sigmoid("7")


def bad_fit():
    network = MLP([2, 3, 1], "sigmoid", "mse", rng=0)
    with pytest.raises(ValueError, match=r"x must be finite"):
        fit(network, [[np.nan, 0.0]] * 4, Y, epochs=2, progress=False)


def test_many_threads_mixing_good_and_bad_calls_keep_every_answer_and_every_refusal():
    network = MLP([2, 3, 1], "sigmoid", "mse", rng=1)
    calls = [good_fit, lambda: good_predict(network), good_sigmoid,
             lambda: bad_predict(network), bad_sigmoid, bad_fit]
    counts = [[0] * len(calls) for _ in range(THREADS)]
    failures: list[BaseException] = []
    stop = time.monotonic() + SECONDS

    def work(me):
        turn = me
        while time.monotonic() < stop:
            index = turn % len(calls)
            try:
                calls[index]()
            except BaseException as error:  # every failure is reported, none lost
                failures.append(error)
                return
            counts[me][index] += 1
            turn += 1

    threads = [threading.Thread(target=work, args=(me,)) for me in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:3]
    totals = [sum(row[index] for row in counts) for index in range(len(calls))]
    assert min(totals) >= THREADS, totals  # every kind of call overlapped with the others
    # After the storm, the main thread still checks and still answers.
    bad_predict(network)
    good_predict(network)
    good_fit()


def test_a_subclass_update_is_checked_like_any_caller():
    class Sigmoid7(SGD):
        def _update(self, parameters, gradients):
            sigmoid("7")

    class PredictsNaN(SGD):
        def _update(self, parameters, gradients):
            network.predict(NAN_X)

    network = MLP([2, 1], "sigmoid", "mse", rng=0)
    with pytest.raises(TypeError, match=r"z must be numeric, got the string '7'"):
        fit(network, X, Y, optimizer=Sigmoid7(), progress=False)
    with pytest.raises(ValueError, match=r"x must be finite, got nan"):
        fit(network, X, Y, optimizer=PredictsNaN(), progress=False)


def test_a_subclass_method_that_calls_the_base_is_checked_and_still_works():
    class Logged(MLP):
        seen = 0

        def forward(self, x):
            Logged.seen += 1
            return super().forward(x)

    network = Logged([2, 1], "sigmoid", "mse", rng=0)
    fit(network, X, Y, epochs=2, batch_size=4, progress=False)
    assert Logged.seen == 2
    with pytest.raises(ValueError, match=r"x must be finite"):
        network.forward(NAN_X)


def test_callbacks_and_loss_functions_are_checked():
    network = MLP([2, 1], "sigmoid", "mse", rng=0)
    with pytest.raises(TypeError, match=r"z must be numeric, got the string '7'"):
        fit(network, X, Y, epochs=1, progress=False, on_epoch=lambda *_: sigmoid("7"))
    theta = np.array([1.0])
    with pytest.raises(ValueError, match=r"x must be finite"):
        numerical_gradient(lambda: float(network.predict(NAN_X)[0, 0]), theta)


def test_after_a_refusal_from_user_code_the_package_calls_still_skip_nothing_wrongly():
    network = MLP([2, 1], "sigmoid", "mse", rng=0)
    with pytest.raises(TypeError):
        fit(network, X, Y, epochs=1, progress=False, on_epoch=lambda *_: sigmoid("7"))
    bad_predict(network)
    good_predict(network)


def test_threads_sharing_one_network_each_get_their_own_answer():
    # A network computes in working arrays it keeps; calls on it from several threads take
    # turns, so no thread's answer is made from another's numbers.
    from nnfromscratch.course.two_layer import TwoLayerNetwork

    network = MLP([8, 64, 64, 3], ["relu", "relu", "softmax"], "categorical_cross_entropy",
                  rng=0)
    two_layer = TwoLayerNetwork.initialise(n_inputs=8, n_hidden=16, rng=0)
    rng = np.random.default_rng(0)
    inputs = [rng.standard_normal((50, 8)) for _ in range(THREADS)]
    targets = [rng.random((50, 1)).round() for _ in range(THREADS)]
    expected = [network.predict(x) for x in inputs]
    gradients = [two_layer.gradients(x, y) for x, y in zip(inputs, targets, strict=True)]
    wrong, calls = [], [0] * THREADS
    stop = time.monotonic() + SECONDS / 2

    def work(me):
        while time.monotonic() < stop:
            if not np.array_equal(network.predict(inputs[me]), expected[me]):
                wrong.append(("predict", me))
            got = two_layer.gradients(inputs[me], targets[me])
            if not all(np.array_equal(a, b) for a, b in zip(got, gradients[me], strict=True)):
                wrong.append(("gradients", me))
            calls[me] += 1

    threads = [threading.Thread(target=work, args=(me,)) for me in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not wrong, f"{len(wrong)} wrong answers of {2 * sum(calls)}, e.g. {wrong[:3]}"
    assert min(calls) >= 2, calls


def test_an_unhashable_subclass_still_takes_turns_and_leaves_no_lock_behind():
    import gc

    from nnfromscratch import _door

    class Unhashable(MLP):
        __hash__ = None  # type: ignore[assignment]

        def __eq__(self, other):
            return NotImplemented

    gc.collect()  # the garbage of earlier tests goes first, with its locks
    network = Unhashable([2, 1], "sigmoid", "mse", rng=0)
    good_predict(network)
    key = id(network)
    assert _door._LOCKS[key][0]() is network
    del network
    gc.collect()
    assert key not in _door._LOCKS
