"""Live widgets: a line ``[[widget:NAME]]`` in a page becomes a small interactive figure.

The widgets' behaviour is plain JavaScript, self-hosted in ``docs/assets/widgets/``
(``widgets.js`` and ``widgets.css``); no library, no CDN. Only the pages that hold a widget
load them (`widget_assets`): every page's weight counts (tests/test_page_budget.py). This
hook writes their markup (labelled controls, live outputs) and, for the training widgets,
the numbers they start from: the data and the seeded initial weights, computed here by the
package itself, since NumPy's generator cannot be reproduced in the browser. Each training
widget starts from the seed its chapter uses (`PEOPLE_SEED`, `XOR_SEED`) and numbers its
epochs or iterations as the chapter's code prints them. ``tests/test_widgets_browser.py``
moves the controls and holds every number the widgets display to what `nnfromscratch`
computes, to the digits shown, and their first and last numbers to the chapters' printouts.

Widgets:

* ``[[widget:neuron]]``: sliders for w1, w2, b, x1, x2; the sum z, the output σ(z), its
  slope, and the point on the sigmoid curve.
* ``[[widget:people-sgd]]``: the 2-2-1 network learning the four people, one SGD step at a
  time (or running); the nine partial derivatives of the last step, the nine parameters,
  the line chapter 5's ``train`` last printed (``Epoch 0 loss: 0.292`` after the first
  epoch, as there), the loss curve and the decision map. Reset to any of `SEEDS`.
* ``[[widget:xor]]``: the two-layer network of chapter 6 learning XOR, one full-batch
  iteration at a time; the four outputs, the loss after each iteration and its curve.
"""

from __future__ import annotations

import html
import json
import re

from mkdocs.utils import get_relative_url

SEEDS = range(10)
# The seeds the chapters' code uses: np.random.default_rng(0) in chapter 5 (training.md)
# and np.random.default_rng(1) in chapter 6 (two-layer.md); the widgets start there.
PEOPLE_SEED = 0
XOR_SEED = 1
LEARNING_RATES = (0.01, 0.1, 0.5, 1.0)
MARKER = re.compile(r"<p>\[\[widget:(?P<name>[a-z-]+)\]\]</p>")

# Neuron widget: (name, label, min, max, start): the worked example of chapter 1 to start.
NEURON_SLIDERS = (
    ("w1", "w₁", -3, 3, 0),
    ("w2", "w₂", -3, 3, 1),
    ("b", "b", -6, 6, 4),
    ("x1", "x₁", -5, 5, 2),
    ("x2", "x₂", -5, 5, 3),
)


def neuron_html() -> str:
    """The neuron widget's markup.

    >>> 'id="nnfs-neuron-w1"' in neuron_html(), 'aria-live="polite"' in neuron_html()
    (True, True)
    """
    rows = "".join(
        f'<label for="nnfs-neuron-{name}">{label}</label>'
        f'<input type="range" id="nnfs-neuron-{name}" data-input="{name}" min="{low}" '
        f'max="{high}" step="0.1" value="{start}">'
        f'<output for="nnfs-neuron-{name}" data-show="{name}"></output>'
        for name, label, low, high, start in NEURON_SLIDERS
    )
    return (
        '<figure class="nnfs-widget" data-widget="neuron">'
        f'<div class="nnfs-sliders">{rows}</div>'
        '<p class="nnfs-readout" aria-live="polite">'
        'z = w₁x₁ + w₂x₂ + b = <output data-show="z"></output>, '
        'y = σ(z) = <output data-show="y"></output>, '
        'slope σ′(z) = <output data-show="slope"></output></p>'
        '<svg class="nnfs-plot" viewBox="0 0 320 190" role="img" '
        'aria-label="The sigmoid curve from z = −8 to 8, with a dot at the neuron\'s (z, y)">'
        "</svg>"
        "<figcaption>Move a slider (or focus it and use the arrow keys): the sum, the output "
        "and the dot on the sigmoid follow. Sums beyond ±8 are drawn at the edge.</figcaption>"
        "</figure>"
    )


def people_sgd_data() -> dict[str, object]:
    """What the training widget starts from, computed by the package.

    >>> data = people_sgd_data()
    >>> data["names"], data["x"][0], data["y"]
    (['Alice', 'Bob', 'Charlie', 'Diana'], [-2.0, -1.0], [1.0, 0.0, 0.0, 1.0])
    >>> len(data["start"]), len(data["start"]["0"])
    (10, 9)
    """
    from nnfromscratch.course.backprop import Parameters
    from nnfromscratch.course.datasets import HEIGHT_SHIFT, WEIGHT_SHIFT, people, people_table

    x, y = people()
    return {
        "names": [row[0] for row in people_table()],
        "x": x.tolist(),
        "y": y.tolist(),
        "shift": [WEIGHT_SHIFT, HEIGHT_SHIFT],
        # JSON writes each float's shortest repr, which reads back to the same double.
        "start": {str(seed): Parameters.random(rng=seed).as_array().tolist() for seed in SEEDS},
        "order": list(Parameters.NAMES),
    }


def people_sgd_html() -> str:
    """The training widget's markup, with its starting numbers in ``data-start``.

    >>> 'data-start="{&quot;names&quot;' in people_sgd_html()
    True
    """
    data = html.escape(json.dumps(people_sgd_data(), separators=(",", ":")), quote=True)
    seeds = seed_options(PEOPLE_SEED)
    rates = "".join(
        f'<option value="{r}"{" selected" if r == 0.1 else ""}>{r}</option>'
        for r in LEARNING_RATES
    )
    names = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")
    table = "".join(
        f'<tr><th scope="row">{n}</th><td data-show="p-{n}"></td><td data-show="g-{n}"></td></tr>'
        for n in names
    )
    return (
        f'<figure class="nnfs-widget" data-widget="people-sgd" data-start="{data}">'
        '<div class="nnfs-buttons">'
        f'<label>Seed <select data-input="seed">{seeds}</select></label>'
        f'<label>Learning rate η <select data-input="rate">{rates}</select></label>'
        '<button type="button" data-action="step">Step</button>'
        '<button type="button" data-action="epoch">Epoch</button>'
        '<button type="button" data-action="run" aria-pressed="false">Run</button>'
        '<button type="button" data-action="reset">Reset</button>'
        "</div>"
        '<p class="nnfs-readout" aria-live="polite">Step <output data-show="step"></output> '
        '(epoch <output data-show="epoch"></output>); last person: '
        '<output data-show="sample"></output>; loss (MSE over the four): '
        '<output data-show="loss"></output><br>'
        'Last line <code>train</code> printed: <output data-show="report"></output></p>'
        '<div class="nnfs-panels">'
        '<table class="nnfs-table"><caption>Weights and biases, and ∂L/∂· at the last '
        'step</caption><thead><tr><th scope="col">name</th><th scope="col">value</th>'
        f'<th scope="col">∂L/∂·</th></tr></thead><tbody>{table}</tbody></table>'
        '<svg class="nnfs-plot" data-plot="loss" viewBox="0 0 320 190" role="img" '
        'aria-label="Loss curve: the mean squared error after each epoch, from epoch 0"></svg>'
        '<div class="nnfs-map"><svg class="nnfs-plot" data-plot="map" viewBox="0 0 320 190" '
        'role="img" aria-label="Decision map: the network\'s answer for each weight (across) '
        'and height (up); the four people are the dots"></svg>'
        '<ul class="nnfs-legend">'
        '<li><span class="nnfs-swatch nnfs-female"></span>output above 0.5: female (1)</li>'
        '<li><span class="nnfs-swatch nnfs-male"></span>output below 0.5: male (0)</li>'
        '<li>paler: output nearer 0.5, less sure</li>'
        '<li><span class="nnfs-swatch nnfs-dot-key"></span>a dot: one of the four people, '
        "in the colour of their true answer</li></ul></div>"
        "</div>"
        "<figcaption>One step trains on one person, in the order Alice, Bob, Charlie, Diana; "
        "an epoch is four steps, numbered from 0 as chapter 5's <code>train</code> numbers "
        "them. The start is <code>NeuralNetwork(np.random.default_rng(seed))</code>, as in "
        "chapter 5.</figcaption>"
        "</figure>"
    )


XOR_RATES = (0.5, 1.0, 2.0)


def seed_options(selected: int) -> str:
    """The seed menu's options, `selected` chosen.

    >>> seed_options(1)[:65]
    '<option value="0">0</option><option value="1" selected>1</option>'
    """
    return "".join(
        f'<option value="{s}"{" selected" if s == selected else ""}>{s}</option>' for s in SEEDS
    )


def xor_data() -> dict[str, object]:
    """What the XOR widget starts from: the article's rows and the package's seeded weights.

    >>> data = xor_data()
    >>> data["x"][1], data["y"], len(data["start"]["0"]["weights1"])
    ([0.0, 1.0, 1.0], [[0.0], [1.0], [1.0], [0.0]], 3)
    """
    from nnfromscratch.course.datasets import two_layer_data
    from nnfromscratch.course.two_layer import TwoLayerNetwork

    x, y = two_layer_data()
    start = {}
    for seed in SEEDS:
        network = TwoLayerNetwork.initialise(n_inputs=3, n_hidden=4, rng=seed)
        start[str(seed)] = {
            "weights1": network.weights1.tolist(), "weights2": network.weights2.tolist()
        }
    return {"x": x.tolist(), "y": y.tolist(), "start": start}


def xor_html() -> str:
    """The XOR widget's markup, with its starting numbers in ``data-start``.

    >>> 'data-widget="xor"' in xor_html()
    True
    """
    data = html.escape(json.dumps(xor_data(), separators=(",", ":")), quote=True)
    seeds = seed_options(XOR_SEED)
    rates = "".join(
        f'<option value="{r}"{" selected" if r == 1.0 else ""}>{r}</option>' for r in XOR_RATES
    )
    rows = "".join(
        f'<tr><th scope="row">{a} {b} 1</th><td>{t}</td><td data-show="out-{i}"></td></tr>'
        for i, (a, b, t) in enumerate(((0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)))
    )
    return (
        f'<figure class="nnfs-widget" data-widget="xor" data-start="{data}">'
        '<div class="nnfs-buttons">'
        f'<label>Seed <select data-input="seed">{seeds}</select></label>'
        f'<label>Learning rate <select data-input="rate">{rates}</select></label>'
        '<button type="button" data-action="step">1 iteration</button>'
        '<button type="button" data-action="hundred">100 iterations</button>'
        '<button type="button" data-action="run" aria-pressed="false">Run</button>'
        '<button type="button" data-action="reset">Reset</button>'
        "</div>"
        '<p class="nnfs-readout" aria-live="polite">After <output data-show="step"></output> '
        'iterations, loss (sum of squares): <output data-show="loss"></output></p>'
        '<div class="nnfs-panels">'
        '<table class="nnfs-table"><caption>The four rows and the network\'s answers</caption>'
        '<thead><tr><th scope="col">input</th><th scope="col">target</th>'
        f'<th scope="col">output</th></tr></thead><tbody>{rows}</tbody></table>'
        '<svg class="nnfs-plot" data-plot="loss" viewBox="0 0 320 190" role="img" '
        'aria-label="Loss curve: the sum of squares after each iteration"></svg>'
        "</div>"
        "<figcaption>Each iteration is a <code>feedforward</code> and a <code>backprop</code> "
        "on all four rows at once, its step times the learning rate (chapter 6's code has "
        "none: it is 1). The start is <code>TwoLayerNetwork(x, y, "
        "np.random.default_rng(seed))</code>, as in chapter 6.</figcaption>"
        "</figure>"
    )


WIDGETS = {"neuron": neuron_html, "people-sgd": people_sgd_html, "xor": xor_html}


def place_widgets(content: str) -> str:
    """Replace each ``[[widget:NAME]]`` paragraph with the widget's markup.

    >>> place_widgets("<p>[[widget:neuron]]</p>").startswith('<figure class="nnfs-widget"')
    True
    >>> place_widgets("<p>[[widget:nope]]</p>")
    Traceback (most recent call last):
        ...
    ValueError: unknown widget 'nope' in [[widget:nope]]; the widgets are neuron, people-sgd, xor
    """

    def widget(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in WIDGETS:
            raise ValueError(
                f"unknown widget {name!r} in [[widget:{name}]]; the widgets are "
                + ", ".join(WIDGETS)
            )
        return WIDGETS[name]()

    return MARKER.sub(widget, content)


def on_page_content(content: str, page, config, files) -> str:
    """MkDocs hook: each page's HTML, with its widgets placed."""
    return place_widgets(content)


STYLESHEET = "assets/widgets/widgets.css"
SCRIPT = "assets/widgets/widgets.js"


def widget_assets(output: str, page_url: str) -> str:
    """A finished page, with the widgets' stylesheet and script if it holds a widget.

    The stylesheet goes last in the head (after the theme's and extra.css, as before) and
    the script at the end of the body, where the theme puts its own.

    >>> page = "<head></head><body>{}</body>"
    >>> finished = widget_assets(page.format(neuron_html()), "neuron/")
    >>> print(finished[:73])
    <head><link rel="stylesheet" href="../assets/widgets/widgets.css"></head>
    >>> print(finished[-68:])
    </figure><script src="../assets/widgets/widgets.js"></script></body>
    >>> widget_assets(page.format("<p>no widget</p>"), "neuron/")
    '<head></head><body><p>no widget</p></body>'
    """
    if 'class="nnfs-widget" data-widget="' not in output:
        return output
    css = get_relative_url(STYLESHEET, page_url)
    js = get_relative_url(SCRIPT, page_url)
    head, _, rest = output.partition("</head>")
    body, _, end = rest.rpartition("</body>")
    return (
        f'{head}<link rel="stylesheet" href="{css}"></head>'
        f'{body}<script src="{js}"></script></body>{end}'
    )


def on_post_page(output: str, page, config) -> str:
    """MkDocs hook: the widgets' stylesheet and script, on the pages that need them."""
    return widget_assets(output, page.url)
