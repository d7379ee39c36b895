"""The live widgets, driven in headless Chromium: their numbers are the package's numbers.

The built site (the shared `built_site` fixture) is served on 127.0.0.1 and the widget
pages are opened twice: at desktop width in the light scheme, and at 390 px (a phone) in
the dark scheme. In each, the test moves the controls to many settings (every slider of the
neuron, the seed, learning rate and number of steps of the training and XOR widgets), reads every
number the widget displays, and compares it with what `nnfromscratch` computes for the same
inputs, formatted to the digits shown.

Why that comparison is exact and not flaky: the widgets use the package's formulas in the
package's order of operations, so the two sides can differ only where the browser's
``Math.exp`` and the C library's ``exp`` differ, by an ulp or so (about 1e-16 relative).
Each compared value is also asserted to lie at least 1e-7 (relative to a unit of the last
digit shown) from a rounding boundary, so such a difference cannot change a digit shown,
under any BLAS kernel, thread count or processor.

The training widgets start where their chapters start: as the page loads, and after the
chapter's number of epochs or iterations, they show the first and last numbers the
chapter's code prints (read from the chapter's page, whose printouts the page tests hold to
what its code prints).

It also checks the keyboard (sliders with arrow keys, buttons with Enter and Space), the
run/pause button, reset to a seed, labelled axes with ticks on every plot and a legend for
the decision map, no negative zero ("-0.0000") anywhere, no horizontal overflow at 390 px,
text contrast of at least 4.5:1 in both schemes, and that no page logs an error or
requests anything from another host. Without a browser this test FAILS (as
test_site_browser.py does).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, sync_playwright
from site_html import LAUNCH_ARGS, find_chromium, leaves_the_machine, serve, site_prefix

from nnfromscratch.course.activations import sigmoid_derivative_from_sum
from nnfromscratch.course.backprop import Parameters, backprop
from nnfromscratch.course.datasets import people, people_table, two_layer_data
from nnfromscratch.course.losses import mse_loss
from nnfromscratch.course.neuron import Neuron
from nnfromscratch.course.training import format_report, predict, train_sgd
from nnfromscratch.course.two_layer import TwoLayerNetwork
from nnfromscratch.exercises import sgd_step

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DOCS = Path(__file__).resolve().parents[1] / "docs"

NAMES = Parameters.NAMES
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NEURON_SETTINGS = 24  # per viewport, plus the keyboard's
# (seed, learning rate, steps): whole epochs, part epochs, the first steps, long runs.
SGD_SETTINGS = [
    (0, 0.1, 0), (0, 0.1, 1), (0, 0.1, 2), (0, 0.1, 3), (0, 0.1, 4), (0, 0.1, 7),
    (0, 0.1, 40), (0, 0.1, 401), (1, 0.1, 5), (1, 0.5, 12), (2, 1.0, 9), (3, 0.01, 20),
    (4, 0.1, 123), (5, 0.5, 64), (6, 0.1, 1), (7, 1.0, 100), (8, 0.01, 3), (9, 0.1, 36),
    (9, 0.5, 2), (3, 1.0, 400), (2, 0.1, 1000), (5, 0.01, 11),
]

# (seed, learning rate, full-batch updates) for the XOR network of chapter 6.
XOR_SETTINGS = [
    (0, 1.0, 0), (0, 1.0, 1), (0, 1.0, 2), (0, 1.0, 100), (0, 1.0, 1500), (1, 1.0, 1500),
    (1, 0.5, 7), (1, 2.0, 250), (2, 1.0, 33), (2, 0.5, 600), (3, 2.0, 1), (3, 1.0, 999),
    (4, 1.0, 10), (5, 0.5, 1500), (6, 2.0, 400), (7, 1.0, 3), (8, 1.0, 1200), (9, 0.5, 50),
    (9, 2.0, 2000), (4, 0.5, 101), (6, 1.0, 77), (8, 2.0, 5),
]

READ_OUTPUTS = """
root => Object.fromEntries([...root.querySelectorAll('[data-show]')]
  .map(el => [el.dataset.show, el.textContent]))
"""

# Every text a widget shows: its outputs, table cells and the plots' tick labels.
ALL_TEXT = """
() => [...document.querySelectorAll('.nnfs-widget output, .nnfs-widget td, .nnfs-widget svg text')]
  .map(el => el.textContent)
"""

# What each plot shows around its data: axis labels, tick labels, and the legend.
PLOT_PARTS = """
() => [...document.querySelectorAll('.nnfs-widget svg.nnfs-plot')].map(plot => {
  const texts = [...plot.querySelectorAll('text')];
  const legend = plot.parentElement.querySelector('.nnfs-legend');
  return {
    plot: plot.dataset.plot || plot.closest('.nnfs-widget').dataset.widget,
    labels: texts.filter(t => t.classList.contains('nnfs-label')).map(t => t.textContent),
    ticks: texts.filter(t => t.classList.contains('nnfs-tick')).map(t => t.textContent),
    tickMarks: plot.querySelectorAll('line').length - 2,
    legend: legend ? [...legend.querySelectorAll('li')].map(li => li.textContent) : [],
  };
})
"""

CLICK = "([button, times]) => { for (let i = 0; i < times; i += 1) button.click(); }"

SET_SLIDERS = """
([root, values]) => {
  for (const [name, value] of Object.entries(values)) {
    const el = root.querySelector(`[data-input="${name}"]`);
    el.value = value;
    el.dispatchEvent(new Event('input', {bubbles: true}));
  }
  return Object.fromEntries([...root.querySelectorAll('input[data-input]')]
    .map(el => [el.dataset.input, el.value]));
}
"""

SGD_SETTING = """
([root, seed, rate, steps]) => {
  const select = (name, value) => {
    const el = root.querySelector(`[data-input="${name}"]`);
    el.value = value;
    el.dispatchEvent(new Event('change', {bubbles: true}));
  };
  select('seed', seed);
  select('rate', rate);
  const epoch = root.querySelector('[data-action="epoch"]');
  const step = root.querySelector('[data-action="step"]');
  for (let i = 0; i < Math.floor(steps / 4); i += 1) epoch.click();
  for (let i = 0; i < steps % 4; i += 1) step.click();
}
"""

XOR_SETTING = """
([root, seed, rate, updates]) => {
  const select = (name, value) => {
    const el = root.querySelector(`[data-input="${name}"]`);
    el.value = value;
    el.dispatchEvent(new Event('change', {bubbles: true}));
  };
  select('seed', seed);
  select('rate', rate);
  const hundred = root.querySelector('[data-action="hundred"]');
  const one = root.querySelector('[data-action="step"]');
  for (let i = 0; i < Math.floor(updates / 100); i += 1) hundred.click();
  for (let i = 0; i < updates % 100; i += 1) one.click();
}
"""

# WCAG contrast of every text element of the widgets against the background behind it.
CONTRAST = """
() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.99)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  const texts = document.querySelectorAll(
    '.nnfs-widget label, .nnfs-widget output, .nnfs-widget button, .nnfs-widget select, ' +
    '.nnfs-widget figcaption, .nnfs-widget td, .nnfs-widget th, .nnfs-widget caption, .nnfs-readout, ' +
    '.nnfs-widget svg text, .nnfs-legend li');
  for (const el of texts) {
    // A translucent colour (the theme's lighter greys) is seen blended with what is behind it.
    const color = rgb(getComputedStyle(el).color), bg = background(el);
    const alpha = color.length === 4 ? color[3] : 1;
    const fg = color.slice(0, 3).map((c, i) => alpha * c + (1 - alpha) * bg[i]);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) low.push(`${el.tagName} "${el.textContent.slice(0, 20)}": ${ratio.toFixed(2)}`);
  }
  return {low, checked: texts.length};
}
"""

OVERFLOW = """
() => ({
  page: document.documentElement.scrollWidth,
  widgets: [...document.querySelectorAll('.nnfs-widget')].map(w => {
    const r = w.getBoundingClientRect();
    return {right: r.right, scroll: w.scrollWidth, client: w.clientWidth};
  }),
})
"""


def clear_of_rounding(value: float, digits: int) -> bool:
    """True when `value` is far from a boundary where its last shown digit would change."""
    scaled = abs(value) * 10**digits
    return abs(scaled - math.floor(scaled) - 0.5) > 1e-7


def shown(value: float, digits: int) -> str:
    """`value` as f"{value:.{digits}f}" prints it, but a zero without a sign, as the widgets do."""
    assert clear_of_rounding(value, digits), f"{value!r} is too close to a rounding boundary"
    text = f"{value:.{digits}f}"
    return text.removeprefix("-") if set(text) <= set("-0.") else text


NEGATIVE_ZERO = re.compile(r"-0(\.0*)?(?![.0-9])")


def printed_lines(page: str, pattern: str) -> list[tuple[int, str]]:
    """The lines of a chapter's shown output that match `pattern`: (its number, the line)."""
    text = (DOCS / page).read_text(encoding="utf-8")
    lines = [(int(m[1]), m[0]) for m in re.finditer(pattern, text, re.M)]
    assert lines, f"{page} prints no line like {pattern!r}"
    return sorted(lines)


@dataclass
class Comparison:
    """Displayed values against the package's, one entry per setting."""

    settings: int = 0
    mismatches: list[str] = field(default_factory=list)

    def compare(self, setting: object, displayed: dict[str, str], expected: dict[str, str]) -> None:
        self.settings += 1
        for name, value in expected.items():
            if displayed.get(name) != value:
                self.mismatches.append(f"{setting}: {name} shows {displayed.get(name)!r}, "
                                       f"the package gives {value!r}")


def neuron_expected(values: dict[str, str]) -> dict[str, str]:
    v = {name: float(text) for name, text in values.items()}
    neuron = Neuron(weights=[v["w1"], v["w2"]], bias=v["b"])
    z = neuron.weighted_sum([v["x1"], v["x2"]])
    expected = {name: shown(value, 1) for name, value in v.items()}
    expected["z"] = shown(z, 2)
    expected["y"] = shown(neuron.feedforward([v["x1"], v["x2"]]), 4)
    expected["slope"] = shown(sigmoid_derivative_from_sum(z), 4)
    return expected


# Both viewports show the same settings: compute the package's answers once.
@functools.cache
def sgd_expected(seed: int, rate: float, steps: int) -> dict[str, str]:
    """What the training widget must show after `steps` steps, from the package."""
    x, y = people()
    names = [row[0] for row in people_table()]
    params, gradient = Parameters.random(rng=seed), None
    for step in range(steps):
        i = step % len(x)
        gradient = backprop(params, x[i], y[i]).gradient
        params = sgd_step(params, x[i], y[i], rate)
    expected = {
        "step": str(steps),
        # The epoch of the last step, numbered from 0 as the chapter's train prints it.
        "epoch": str((steps - 1) // len(x)) if steps else "none yet",
        "sample": names[(steps - 1) % len(x)] if steps else "none yet",
        "loss": shown(mse_loss(y, predict(params, x)), 4),
        "report": "nothing yet",
    }
    for name in NAMES:
        expected[f"p-{name}"] = shown(getattr(params, name), 4)
        expected[f"g-{name}"] = shown(getattr(gradient, name), 4) if gradient else "–"
    if steps >= len(x):
        # The line train last printed (every 10th epoch), from the package's train_sgd.
        history = train_sgd(Parameters.random(rng=seed), x, y, learning_rate=rate,
                            epochs=steps // len(x)).history
        epoch, loss = history[-1]
        assert clear_of_rounding(loss, 3), (seed, rate, steps)
        expected["report"] = format_report(epoch, loss)
    if steps and steps % len(x) == 0:
        # Whole epochs: the chapter's own training loop gives the same weights.
        trained = train_sgd(Parameters.random(rng=seed), x, y, learning_rate=rate,
                            epochs=steps // len(x)).params
        for name in NAMES:
            assert shown(getattr(trained, name), 4) == expected[f"p-{name}"], (seed, rate, steps)
    return expected


@functools.cache
def xor_expected(seed: int, rate: float, updates: int) -> dict[str, str]:
    """What the XOR widget must show after `updates` updates, from the package."""
    x, y = two_layer_data()
    network = TwoLayerNetwork.initialise(n_inputs=3, n_hidden=4, rng=seed)
    if updates:
        network.train(x, y, iterations=updates, learning_rate=rate)
    expected = {"step": str(updates), "loss": shown(network.loss(x, y), 4)}
    for i, output in enumerate(network.feedforward(x).ravel()):
        expected[f"out-{i}"] = shown(output, 4)
    return expected


@dataclass
class ViewRun:
    """What one viewport and scheme saw."""

    neuron: Comparison = field(default_factory=Comparison)
    sgd: Comparison = field(default_factory=Comparison)
    xor: Comparison = field(default_factory=Comparison)
    keyboard: dict[str, object] = field(default_factory=dict)
    # The first and last numbers each training widget shows, beside the chapter's.
    chapters: list[tuple[str, str, str]] = field(default_factory=list)
    plots: dict[str, list] = field(default_factory=dict)
    negative_zeros: list[str] = field(default_factory=list)
    contrast: dict[str, object] = field(default_factory=dict)
    overflow: dict[str, dict] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    scheme: str = ""


def open_page(page: Page, url: str, run: ViewRun) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_selector('.nnfs-widget[data-ready="true"]')


def drive_neuron(page: Page, run: ViewRun, rng: np.random.Generator) -> None:
    root = page.locator('.nnfs-widget[data-widget="neuron"]').element_handle()
    ranges = {"w1": (-3, 3), "w2": (-3, 3), "b": (-6, 6), "x1": (-5, 5), "x2": (-5, 5)}
    settings = [{n: f"{rng.integers(lo * 10, hi * 10 + 1) / 10:.1f}" for n, (lo, hi) in ranges.items()}
                for _ in range(NEURON_SETTINGS - 2)]
    settings += [{n: str(lo) for n, (lo, hi) in ranges.items()},  # the extremes
                 {n: str(hi) for n, (lo, hi) in ranges.items()}]
    for setting in settings:
        values = page.evaluate(SET_SLIDERS, [root, setting])
        run.neuron.compare(values, page.evaluate(READ_OUTPUTS, root), neuron_expected(values))
    # The keyboard: focus a slider and press the arrow keys.
    slider = page.locator("#nnfs-neuron-w1")
    page.evaluate(SET_SLIDERS, [root, {"w1": "0", "w2": "1", "b": "4", "x1": "2", "x2": "3"}])
    slider.focus()
    for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft"):
        page.keyboard.press(key)
        values = page.evaluate(SET_SLIDERS, [root, {}])
        run.neuron.compare(("keyboard", values), page.evaluate(READ_OUTPUTS, root),
                           neuron_expected(values))
    run.keyboard["slider"] = slider.input_value()


def drive_sgd(page: Page, run: ViewRun) -> None:
    root = page.locator('.nnfs-widget[data-widget="people-sgd"]').element_handle()
    # As loaded: chapter 5's seed and learning rate. One epoch, then the chapter's 1000.
    epoch = page.locator('[data-widget="people-sgd"] [data-action="epoch"]').element_handle()
    page.evaluate(CLICK, [epoch, 1])
    first = page.evaluate(READ_OUTPUTS, root)["report"]
    page.evaluate(CLICK, [epoch, 999])
    last = page.evaluate(READ_OUTPUTS, root)["report"]
    lines = printed_lines("training.md", r"^Epoch (\d+) loss: \d\.\d+$")
    run.chapters += [("training.md first", first, lines[0][1]),
                     ("training.md last", last, lines[-1][1])]
    for seed, rate, steps in SGD_SETTINGS:
        page.evaluate(SGD_SETTING, [root, str(seed), str(rate), steps])
        run.sgd.compare((seed, rate, steps), page.evaluate(READ_OUTPUTS, root),
                        sgd_expected(seed, rate, steps))
    # Keyboard: Enter and Space press a focused button.
    page.evaluate(SGD_SETTING, [root, "4", "0.1", 0])
    step = page.locator('[data-action="step"]')
    step.focus()
    page.keyboard.press("Enter")
    page.keyboard.press(" ")
    run.sgd.compare("keyboard", page.evaluate(READ_OUTPUTS, root), sgd_expected(4, 0.1, 2))
    # Reset goes back to the seed's start.
    page.locator('[data-action="reset"]').click()
    run.sgd.compare("reset", page.evaluate(READ_OUTPUTS, root), sgd_expected(4, 0.1, 0))
    # Run, then pause: it moves while running and stands still once paused.
    button = page.locator('[data-action="run"]')
    button.click()
    page.wait_for_function("r => Number(r.querySelector('[data-show=\"step\"]').textContent) >= 40", arg=root)
    pressed = button.get_attribute("aria-pressed")
    button.click()
    paused_at = page.evaluate(READ_OUTPUTS, root)
    page.wait_for_timeout(200)
    still = page.evaluate(READ_OUTPUTS, root)
    run.keyboard["run"] = (pressed, button.get_attribute("aria-pressed"), paused_at == still)
    steps = int(still["step"])
    run.sgd.compare(("after run", steps), still, sgd_expected(4, 0.1, steps))


def drive_xor(page: Page, run: ViewRun) -> None:
    root = page.locator('.nnfs-widget[data-widget="xor"]').element_handle()
    # As loaded: chapter 6's seed and step. Its printout's first and last losses.
    first = page.evaluate(READ_OUTPUTS, root)
    one = page.locator('[data-widget="xor"] [data-action="step"]').element_handle()
    page.evaluate(CLICK, [one, 1499])
    before_last = page.evaluate(READ_OUTPUTS, root)
    page.evaluate(CLICK, [one, 1])
    last = page.evaluate(READ_OUTPUTS, root)
    iterations = printed_lines("two-layer.md", r"^Iteration (\d+) loss: (\d\.\d+)$")
    (after,) = printed_lines("two-layer.md", r"^After (\d+) iterations, loss: (\d\.\d+)$")
    for widget, (number, line) in ((first, iterations[0]), (before_last, iterations[-1]),
                                   (last, after)):
        assert number == int(widget["step"]), (number, widget["step"])
        run.chapters.append((f"two-layer.md {line}", widget["loss"], line.rpartition(" ")[2]))
    for seed, rate, updates in XOR_SETTINGS:
        page.evaluate(XOR_SETTING, [root, str(seed), str(rate), updates])
        run.xor.compare((seed, rate, updates), page.evaluate(READ_OUTPUTS, root),
                        xor_expected(seed, rate, updates))
    page.locator('[data-widget="xor"] [data-action="reset"]').click()
    run.xor.compare("reset", page.evaluate(READ_OUTPUTS, root), xor_expected(8, 2.0, 0))


@pytest.fixture(scope="session")
def widget_runs(built_site: Path) -> dict[str, ViewRun]:
    chromium = find_chromium()
    runs: dict[str, ViewRun] = {}
    with serve(built_site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        try:
            for label, viewport, scheme in (("desktop", DESKTOP, "light"), ("phone", PHONE, "dark")):
                run = runs[label] = ViewRun()
                context = browser.new_context(viewport=viewport, color_scheme=scheme)

                # Watched, not intercepted (an interception is a round trip to Python for
                # every file): LAUNCH_ARGS keep any other host from resolving.
                def outside(request, run=run) -> None:
                    if leaves_the_machine(request.url):
                        run.external.append(request.url)

                context.on("request", outside)
                page = context.new_page()
                page.on("console", lambda m, run=run: run.errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e, run=run: run.errors.append(str(e)))
                rng = np.random.default_rng(11 if label == "desktop" else 12)
                for path, drive in (("neuron/", lambda p, r, g=rng: drive_neuron(p, r, g)),
                                    ("training/", drive_sgd), ("two-layer/", drive_xor)):
                    open_page(page, base + site_prefix() + path, run)
                    run.scheme = page.evaluate("document.body.dataset.mdColorScheme")
                    drive(page, run)
                    run.plots[path] = page.evaluate(PLOT_PARTS)
                    run.negative_zeros += [t for t in page.evaluate(ALL_TEXT)
                                           if NEGATIVE_ZERO.search(t)]
                    run.contrast[path] = page.evaluate(CONTRAST)
                    run.overflow[path] = page.evaluate(OVERFLOW)
                context.close()
        finally:
            browser.close()
    return runs


VIEWS = ["desktop", "phone"]


@pytest.mark.parametrize("view", VIEWS)
def test_the_neuron_widget_shows_the_package_numbers(widget_runs, view):
    comparison = widget_runs[view].neuron
    assert comparison.settings >= 20
    assert not comparison.mismatches, "\n".join(comparison.mismatches)


@pytest.mark.parametrize("view", VIEWS)
def test_the_training_widget_shows_the_package_numbers(widget_runs, view):
    comparison = widget_runs[view].sgd
    assert comparison.settings >= 20
    assert not comparison.mismatches, "\n".join(comparison.mismatches)


@pytest.mark.parametrize("view", VIEWS)
def test_the_xor_widget_shows_the_package_numbers(widget_runs, view):
    comparison = widget_runs[view].xor
    assert comparison.settings >= 20
    assert not comparison.mismatches, "\n".join(comparison.mismatches)


@pytest.mark.parametrize("view", VIEWS)
def test_the_training_widgets_start_and_end_where_their_chapters_do(widget_runs, view):
    chapters = widget_runs[view].chapters
    assert len(chapters) == 5
    for what, widget, chapter in chapters:
        assert widget == chapter, f"{what}: the widget shows {widget!r}, the chapter {chapter!r}"


@pytest.mark.parametrize("view", VIEWS)
def test_every_plot_has_labelled_axes_with_ticks(widget_runs, view):
    plots = [plot for parts in widget_runs[view].plots.values() for plot in parts]
    assert {plot["plot"] for plot in plots} == {"neuron", "loss", "map"}
    for plot in plots:
        assert len(plot["labels"]) == 2 and all(plot["labels"]), plot
        assert len(plot["ticks"]) >= 5 and plot["tickMarks"] == len(plot["ticks"]), plot
    (legend,) = [plot["legend"] for plot in plots if plot["plot"] == "map"]
    assert any("female" in item for item in legend) and any("male (0)" in item for item in legend)


@pytest.mark.parametrize("view", VIEWS)
def test_no_negative_zero(widget_runs, view):
    assert not widget_runs[view].negative_zeros


def test_the_negative_zero_pattern_can_fail():
    assert [t for t in ("-0.0000", "-0", "x = -0.00,", "-0.0012", "-10.000", "0.0000", "-0.5")
            if NEGATIVE_ZERO.search(t)] == ["-0.0000", "-0", "x = -0.00,"]
    assert shown(-0.00001, 4) == "0.0000" and shown(-0.00012, 4) == "-0.0001"


@pytest.mark.parametrize("view", VIEWS)
def test_the_widgets_work_with_the_keyboard(widget_runs, view):
    keyboard = widget_runs[view].keyboard
    assert keyboard["slider"] == "0.2"  # three steps right and one left from 0
    assert keyboard["run"] == ("true", "false", True)


@pytest.mark.parametrize("view", VIEWS)
def test_the_widgets_text_has_contrast(widget_runs, view):
    for path, contrast in widget_runs[view].contrast.items():
        assert contrast["checked"] > 10, path
        assert not contrast["low"], (path, contrast["low"])


def test_the_phone_is_dark_and_the_desktop_light(widget_runs):
    assert (widget_runs["phone"].scheme, widget_runs["desktop"].scheme) == ("slate", "default")


@pytest.mark.parametrize("view", VIEWS)
def test_no_widget_overflows(widget_runs, view):
    width = (PHONE if view == "phone" else DESKTOP)["width"]
    for path, overflow in widget_runs[view].overflow.items():
        assert overflow["page"] <= width, (path, overflow)
        assert overflow["widgets"], path
        for widget in overflow["widgets"]:
            assert widget["right"] <= width and widget["scroll"] <= widget["client"], (path, widget)


@pytest.mark.parametrize("view", VIEWS)
def test_no_errors_and_nothing_from_elsewhere(widget_runs, view):
    assert not widget_runs[view].errors
    assert not widget_runs[view].external


def test_the_rounding_margin_check_can_fail():
    assert not clear_of_rounding(0.125, 2)  # exactly halfway: a digit could go either way
    assert not clear_of_rounding(-2.5, 0)
    assert clear_of_rounding(0.1192, 4)
