"""The articles' networks: one sample at a time in a Python loop, against the vectorised form.

    .venv/bin/python benchmarks/articles.py

For each network, the gradient of the loss over ``n`` samples is computed twice and timed:

* **per-sample loop** — the hand-written code, called once per sample and summed
  (`nnfromscratch.backprop.backprop` for the 2-2-1 network; `TwoLayerNetwork.gradients` on
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

from nnfromscratch.article_networks import (
    article_network,
    train_article_network,
    two_layer_network,
)
from nnfromscratch.backprop import Parameters, backprop
from nnfromscratch.datasets import people, two_layer_data
from nnfromscratch.training import train_sgd
from nnfromscratch.two_layer import TwoLayerNetwork


def best_time(call: Callable[[], object], budget: float = 0.5) -> float:
    """The fastest of repeated calls within about `budget` seconds (at least 3)."""
    times: list[float] = []
    deadline = time.perf_counter() + budget
    while len(times) < 3 or time.perf_counter() < deadline:
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


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
