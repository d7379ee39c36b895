"""The articles' networks: against the articles' own code, and loops against vectorised forms.

    .venv/bin/python benchmarks/articles.py      (or: python3 dev.py bench articles)

First, each article's own job, run side by side in this one process: the package's plain
code against a literal copy of the article's loop (tests/article_code.py, the same copies
the tests hold the numbers against): the main article's 1000 epochs of SGD on its four
people (`train_sgd`), and the two-layer article's 1500 iterations (`TwoLayerNetwork.train`).
Both start from the same seeded weights; the largest difference of the results is printed
beside the ratio of the times (target: at most 0.5, the package twice as fast).

For each network, the gradient of the loss over ``n`` samples is computed twice and timed:

* **per-sample loop** — the hand-written code, called once per sample and summed
  (`nnfromscratch.course.backprop.backprop` for the 2-2-1 network; `TwoLayerNetwork.gradients` on
  one row at a time for the two-layer network);
* **vectorised** — every sample at once, as matrix products (`MLP.loss_and_gradients` for
  the 2-2-1 network; `TwoLayerNetwork.gradients` on all rows, and the same network as an
  `MLP`).

The two must agree (the largest difference is printed beside the times). Then the main
article's training run, 1000 epochs of one-sample SGD on its four people, is timed with the
hand-written scalar code and with `fit(batch_size=1)`: the same algorithm, where arrays
only add overhead, since there is nothing to vectorise over.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The literal copies of the articles' code live with the tests, which hold the numbers.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from article_code import ArticleNeuralNetwork, article_training_loop

from nnfromscratch.course.backprop import Parameters, backprop
from nnfromscratch.course.datasets import people, two_layer_data
from nnfromscratch.course.training import train_sgd
from nnfromscratch.course.two_layer import TwoLayerNetwork
from nnfromscratch.general.article_networks import (
    article_network,
    train_article_network,
    two_layer_network,
)


def best_time(call: Callable[[], object], budget: float = 0.5) -> float:
    """The fastest of repeated calls within about `budget` seconds (at least 3)."""
    times: list[float] = []
    deadline = time.perf_counter() + budget
    while len(times) < 3 or time.perf_counter() < deadline:
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def alternating_best(first: Callable[[], object], second: Callable[[], object],
                     rounds: int = 7) -> tuple[float, float]:
    """The best time of each, measured in alternation (a busy machine slows both alike)."""
    times_first, times_second = [], []
    for _ in range(rounds):
        times_first.append(best_time(first, budget=0.2))
        times_second.append(best_time(second, budget=0.2))
    return min(times_first), min(times_second)


def the_articles_jobs() -> list[tuple[str, float, float, float]]:
    """(job, article's time, package's time, largest difference) for each article."""
    x, y = people()
    start = Parameters.random(rng=0)
    rows, labels = x.tolist(), y.tolist()

    def article_sgd() -> tuple[list[float], list[float]]:
        return article_training_loop(start, rows, labels, learn_rate=0.1, epochs=1000)

    def package_sgd() -> object:
        return train_sgd(start, x, y, learning_rate=0.1, epochs=1000)

    theirs, their_losses = article_sgd()
    ours = package_sgd()
    sgd_difference = max(
        float(np.abs(np.array(theirs) - ours.params.as_array()).max()),
        float(np.abs(np.array(their_losses) - [loss for _, loss in ours.history]).max()),
    )
    sgd_article, sgd_package = alternating_best(article_sgd, package_sgd)

    bits, targets = two_layer_data()
    first = TwoLayerNetwork.initialise(n_inputs=3, n_hidden=4, rng=1)

    def article_two_layer() -> ArticleNeuralNetwork:
        network = ArticleNeuralNetwork(bits, targets, first.weights1, first.weights2)
        for _ in range(1500):
            network.feedforward()
            network.backprop()
        return network

    def package_two_layer() -> TwoLayerNetwork:
        network = TwoLayerNetwork(first.weights1, first.weights2)
        network.train(bits, targets, iterations=1500, learning_rate=1.0)
        return network

    a, b = article_two_layer(), package_two_layer()
    two_layer_difference = max(float(np.abs(a.weights1 - b.weights1).max()),
                               float(np.abs(a.weights2 - b.weights2).max()))
    two_article, two_package = alternating_best(article_two_layer, package_two_layer)

    def floor_two_layer() -> tuple[np.ndarray, np.ndarray]:
        return fewest_numpy_calls(bits, targets, first.weights1, first.weights2, 1500)

    f1, f2 = floor_two_layer()
    floor_difference = max(float(np.abs(a.weights1 - f1).max()),
                           float(np.abs(a.weights2 - f2).max()))
    floor_article, floor = alternating_best(article_two_layer, floor_two_layer)
    return [
        ("main article: 1000 epochs of SGD, 4 people (train_sgd)", sgd_article, sgd_package,
         sgd_difference),
        ("two-layer article: 1500 iterations (TwoLayerNetwork.train)", two_article, two_package,
         two_layer_difference),
        ("  the same job in the fewest NumPy calls (no loss, no checks)", floor_article, floor,
         floor_difference),
    ]


def fewest_numpy_calls(x: np.ndarray, y: np.ndarray, weights1: np.ndarray,
                       weights2: np.ndarray, iterations: int) -> tuple[np.ndarray, np.ndarray]:
    """The two-layer article's job in as few NumPy calls as we could write it: the floor.

    No loss is recorded, nothing is checked, every intermediate is written into a buffer
    made once (``out=``), and the sign is folded as the article folds it (``+=`` of the
    negative gradient). 23 NumPy calls per iteration against the article's 28; on a 4×3
    data set each call costs about the same microsecond whatever its size, so this is
    about as fast as vectorised NumPy can do this job. If even this cannot halve the
    article's time, no vectorised formulation can.
    """
    w1, w2 = weights1.copy(), weights2.copy()
    hidden = np.empty((len(x), w1.shape[1]))
    output = np.empty((len(x), 1))
    for _ in range(iterations):
        for total, weights, layer in ((hidden, w1, x), (output, w2, hidden)):
            np.dot(layer, weights, out=total)  # sigmoid(layer @ weights), in place
            np.negative(total, out=total)
            np.exp(total, out=total)
            total += 1
            np.reciprocal(total, out=total)
        delta2 = y - output                     # 2 (y − ŷ) ŷ (1 − ŷ): minus the gradient
        delta2 *= output
        delta2 *= 1 - output
        delta2 *= 2
        d_weights2 = hidden.T @ delta2
        delta1 = delta2 @ w2.T
        delta1 *= hidden
        delta1 *= 1 - hidden
        w1 += x.T @ delta1
        w2 += d_weights2
    return w1, w2


def many_people(n: int) -> tuple[np.ndarray, np.ndarray]:
    x, y = people()
    rng = np.random.default_rng(0)
    rows = rng.integers(0, len(x), n)
    return x[rows] + rng.normal(0, 2, (n, 2)), y[rows]


def many_bits(n: int) -> tuple[np.ndarray, np.ndarray]:
    x, y = two_layer_data()
    rows = np.random.default_rng(0).integers(0, len(x), n)
    return x[rows], y[rows]


def network_221(n: int) -> tuple[float, float, float]:
    params = Parameters.random(rng=0)
    x, y = people() if n == 4 else many_people(n)
    network = article_network(params)

    def loop() -> np.ndarray:
        total = np.zeros(9)
        for sample, label in zip(x, y, strict=True):
            total += backprop(params, sample, label).gradient.as_array()
        return total / n  # the gradient of the mean squared error

    def vectorised() -> np.ndarray:
        _, g = network.loss_and_gradients(x, y)
        return np.array([g["W1"][0, 0], g["W1"][1, 0], g["W1"][0, 1], g["W1"][1, 1],
                         g["W2"][0, 0], g["W2"][1, 0], g["b1"][0], g["b1"][1], g["b2"][0]])

    difference = float(np.abs(loop() - vectorised()).max())
    return best_time(loop), best_time(vectorised), difference


def network_two_layer(n: int) -> tuple[float, float, float, float]:
    x, y = two_layer_data() if n == 4 else many_bits(n)
    hand = TwoLayerNetwork.initialise(rng=1)
    general = two_layer_network(hand.weights1, hand.weights2)

    def loop() -> tuple[np.ndarray, np.ndarray]:
        d1, d2 = np.zeros_like(hand.weights1), np.zeros_like(hand.weights2)
        for i in range(n):
            g1, g2 = hand.gradients(x[i : i + 1], y[i : i + 1])
            d1 += g1
            d2 += g2
        return d1, d2

    def vectorised() -> tuple[np.ndarray, np.ndarray]:
        return hand.gradients(x, y)

    def as_mlp() -> tuple[np.ndarray, np.ndarray]:
        _, g = general.loss_and_gradients(x, y)
        return g["W1"], g["W2"]

    (a1, a2), (b1, b2), (c1, c2) = loop(), vectorised(), as_mlp()
    difference = max(float(np.abs(a1 - b1).max()), float(np.abs(a2 - b2).max()),
                     float(np.abs(b1 - c1).max()), float(np.abs(b2 - c2).max()))
    return best_time(loop), best_time(vectorised), best_time(as_mlp), difference


def main() -> int:
    print("Each article's own job: a literal copy of its loop against the package (best of")
    print("alternating repeats, in one process; ratio = package / article, target <= 0.5)")
    print()
    print(f"{'job':<62}{'article':>10}{'package':>10}{'ratio':>8}{'max |difference|':>18}")
    for job, article, package, difference in the_articles_jobs():
        ratio = package / article
        met = "met" if ratio <= 0.5 and difference <= 1e-12 else "MISSED"
        print(f"{job:<62}{article * 1e3:>7.1f} ms{package * 1e3:>7.1f} ms{ratio:>8.2f}"
              f"{difference:>18.1e}   {met}")
    print()
    print("Gradient of the loss over n samples: per-sample loop vs vectorised (best of repeats)")
    print()
    print(f"{'network':<12}{'n':>8}{'per-sample loop':>18}{'vectorised':>14}{'speed-up':>10}"
          f"{'max |difference|':>18}")
    for n in (4, 1_000, 10_000):
        loop, vectorised, difference = network_221(n)
        print(f"{'2-2-1':<12}{n:>8,}{loop * 1e3:>15.3f} ms{vectorised * 1e3:>11.3f} ms"
              f"{loop / vectorised:>9.0f}x{difference:>18.1e}")
    for n in (4, 1_000, 10_000):
        loop, vectorised, as_mlp, difference = network_two_layer(n)
        print(f"{'3-4-1':<12}{n:>8,}{loop * 1e3:>15.3f} ms{vectorised * 1e3:>11.3f} ms"
              f"{loop / vectorised:>9.0f}x{difference:>18.1e}   (as an MLP: {as_mlp * 1e3:.3f} ms)")
    print()
    x, y = people()
    start = Parameters.random(rng=0)
    scalar = best_time(lambda: train_sgd(start, x, y, epochs=1000), budget=1.0)
    arrays = best_time(lambda: train_article_network(start, x, y, epochs=1000), budget=1.0)
    print("The main article's training run (1000 epochs, one sample at a time, 4 people):")
    print(f"  hand-written scalar code (training.train_sgd):  {scalar * 1e3:8.1f} ms")
    print(f"  general MLP, fit(batch_size=1):                 {arrays * 1e3:8.1f} ms")
    print("  (one sample per step leaves nothing to vectorise: arrays only add overhead)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
