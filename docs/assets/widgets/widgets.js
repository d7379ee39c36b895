// The course's live widgets (markup from docs/hooks/widgets.py). Plain JavaScript, no
// library. Every number shown is computed with the course's formulas, in the package's
// order of operations, and printed the way Python's f"{x:.Nf}" prints it (without the
// sign of a negative zero); tests/test_widgets_browser.py holds each displayed value to
// nnfromscratch's, and the first and last to what the chapters' code prints.
(() => {
  "use strict";

  // Python's f"{x:.Nf}": the exact binary value rounded half to even (JavaScript's
  // toFixed rounds exact ties away from zero). One difference, on purpose: a value that
  // rounds to zero is shown without a sign ("0.0000", never Python's "-0.0000").
  function fixed(x, digits) {
    const negative = x < 0;
    // toFixed(100) is exact for every double this course shows (|x| > 1e-30): a double
    // has a finite decimal expansion, and its digits past 100 places are all zero here.
    const exact = Math.abs(x).toFixed(100);
    const point = exact.indexOf(".");
    let kept = exact.slice(0, point) + exact.slice(point + 1, point + 1 + digits);
    const rest = exact.slice(point + 1 + digits);
    const half = "5".padEnd(rest.length, "0");
    const last = Number(kept[kept.length - 1]);
    if (rest > half || (rest === half && last % 2 === 1)) {
      const chars = kept.split("");
      let i = chars.length - 1;
      while (i >= 0 && chars[i] === "9") { chars[i] = "0"; i -= 1; }
      if (i < 0) chars.unshift("1"); else chars[i] = String(Number(chars[i]) + 1);
      kept = chars.join("");
    }
    const whole = kept.slice(0, kept.length - digits).replace(/^0+(?=\d)/, "") || "0";
    const text = digits ? `${whole}.${kept.slice(kept.length - digits)}` : whole;
    return (negative && /[1-9]/.test(text) ? "-" : "") + text;
  }

  // The sigmoid 1 / (1 + e^(-z)), in the package's form, whose e^(...) never overflows.
  function sigmoid(z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attributes, text) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    if (text !== undefined) element.textContent = text;
    return element;
  }

  // Tick marks at round numbers (1, 2 or 5 times a power of ten) from lo to hi; with
  // `cover`, up to the first tick at or above hi; with `whole`, whole numbers only.
  function ticks(lo, hi, count, { cover = false, whole = false } = {}) {
    const raw = (hi - lo) / count;
    const power = 10 ** Math.floor(Math.log10(raw));
    // The round step nearest the raw one: between about count / 2 and 2 count ticks.
    const step = [1, 2, 5, 10].map((m) => m * power)
      .reduce((a, b) => (Math.abs(Math.log(b / raw)) < Math.abs(Math.log(a / raw)) ? b : a));
    if (whole && step < 1) return ticks(lo, Math.max(hi, lo + 1), 1, { cover, whole: false });
    const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    const values = [];
    const last = cover ? Math.ceil(hi / step - 1e-9) : Math.floor(hi / step + 1e-9);
    for (let k = Math.ceil(lo / step - 1e-9); k <= last; k += 1) {
      values.push({ value: k * step, text: fixed(k * step, digits) });
    }
    return values;
  }

  // The plot area of every chart: a 320 x 190 view with room for the labels.
  const BOX = { left: 46, right: 300, top: 8, bottom: 146 };
  // Axes with ticks and labels; returns the scales from data to the view.
  function axes(plot, x, y) {
    const px = (v) => BOX.left + ((v - x.lo) / (x.hi - x.lo)) * (BOX.right - BOX.left);
    const py = (v) => BOX.bottom - ((v - y.lo) / (y.hi - y.lo)) * (BOX.bottom - BOX.top);
    plot.append(
      svg("line", { x1: BOX.left, x2: BOX.right, y1: BOX.bottom, y2: BOX.bottom, class: "nnfs-axis" }),
      svg("line", { x1: BOX.left, x2: BOX.left, y1: BOX.top, y2: BOX.bottom, class: "nnfs-axis" }),
    );
    for (const t of x.ticks) {
      const at = px(t.value).toFixed(1);
      plot.append(
        svg("line", { x1: at, x2: at, y1: BOX.bottom, y2: BOX.bottom + 4, class: "nnfs-axis" }),
        svg("text", { x: at, y: BOX.bottom + 16, "text-anchor": "middle", class: "nnfs-tick" }, t.text),
      );
    }
    for (const t of y.ticks) {
      const at = py(t.value).toFixed(1);
      plot.append(
        svg("line", { x1: BOX.left - 4, x2: BOX.left, y1: at, y2: at, class: "nnfs-axis" }),
        svg("text", { x: BOX.left - 6, y: at, "text-anchor": "end", "dominant-baseline": "middle",
                      class: "nnfs-tick" }, t.text),
      );
    }
    plot.append(
      svg("text", { x: (BOX.left + BOX.right) / 2, y: 184, "text-anchor": "middle",
                    class: "nnfs-label" }, x.label),
      svg("text", { x: 0, y: 0, "text-anchor": "middle", class: "nnfs-label",
                    transform: `translate(12 ${(BOX.top + BOX.bottom) / 2}) rotate(-90)` }, y.label),
    );
    return { px, py };
  }

  // A loss curve: the loss (up, from 0) against the epoch or iteration it belongs to.
  function drawCurve(plot, points, xLabel, yLabel) {
    plot.replaceChildren();
    const last = points.length ? points[points.length - 1][0] : 0;
    const xHi = Math.max(last, 1);
    const top = points.length ? Math.max(...points.map((p) => p[1]), 1e-6) : 1;
    const yTicks = ticks(0, top, 4, { cover: true });
    const yHi = yTicks[yTicks.length - 1].value;
    const { px, py } = axes(
      plot,
      { lo: 0, hi: xHi, ticks: ticks(0, xHi, 4, { whole: true }), label: xLabel },
      { lo: 0, hi: yHi, ticks: yTicks, label: yLabel },
    );
    const pts = points.map(([e, l]) => `${px(e).toFixed(1)},${py(l).toFixed(1)}`);
    if (points.length === 1) {
      const [cx, cy] = pts[0].split(",");
      plot.append(svg("circle", { cx, cy, r: 2.5, class: "nnfs-point" }));
    } else if (points.length > 1) {
      plot.append(svg("polyline", { points: pts.join(" "), class: "nnfs-curve" }));
    }
  }

  // Run and pause: `tick` is called every 50 ms while the button is pressed.
  function runner(button, tick) {
    let timer = null;
    const stop = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
      button.setAttribute("aria-pressed", "false");
      button.textContent = "Run";
    };
    button.addEventListener("click", () => {
      if (timer !== null) { stop(); return; }
      button.setAttribute("aria-pressed", "true");
      button.textContent = "Pause";
      timer = setInterval(tick, 50);
    });
    return stop;
  }

  // ---- the neuron --------------------------------------------------------------------
  function neuron(root) {
    const inputs = {};
    root.querySelectorAll("[data-input]").forEach((el) => { inputs[el.dataset.input] = el; });
    const show = (name, text) => { root.querySelector(`[data-show="${name}"]`).textContent = text; };
    const plot = root.querySelector(".nnfs-plot");
    const ZMAX = 8;
    const { px, py } = axes(
      plot,
      { lo: -ZMAX, hi: ZMAX, ticks: ticks(-ZMAX, ZMAX, 4), label: "z (the weighted sum)" },
      { lo: 0, hi: 1, ticks: ticks(0, 1, 2), label: "σ(z)" },
    );
    let d = "";
    for (let i = 0; i <= 160; i += 1) {
      const z = -ZMAX + (i / 160) * 2 * ZMAX;
      d += `${i ? "L" : "M"}${px(z).toFixed(1)},${py(sigmoid(z)).toFixed(1)}`;
    }
    plot.append(svg("path", { d, class: "nnfs-curve" }));
    const dot = svg("circle", { r: 5, class: "nnfs-dot" });
    plot.append(dot);

    function update() {
      const v = {};
      for (const [name, el] of Object.entries(inputs)) {
        v[name] = Number(el.value);
        show(name, fixed(v[name], 1));
      }
      // The neuron of chapter 1: the sum w · x + b, then the sigmoid.
      const z = v.w1 * v.x1 + v.w2 * v.x2 + v.b;
      const y = sigmoid(z);
      show("z", fixed(z, 2));
      show("y", fixed(y, 4));
      // deriv_sigmoid of chapter 4: σ(z) (1 - σ(z)).
      show("slope", fixed(y * (1 - y), 4));
      const shown = Math.max(-ZMAX, Math.min(ZMAX, z));
      dot.setAttribute("cx", px(shown).toFixed(1));
      dot.setAttribute("cy", py(sigmoid(shown)).toFixed(1));
    }
    Object.values(inputs).forEach((el) => el.addEventListener("input", update));
    update();
  }

  // ---- the 2-2-1 network learning the four people --------------------------------------
  function peopleSgd(root) {
    const data = JSON.parse(root.dataset.start);
    const seedInput = root.querySelector('[data-input="seed"]');
    const rateInput = root.querySelector('[data-input="rate"]');
    const runButton = root.querySelector('[data-action="run"]');
    const show = (name, text) => { root.querySelector(`[data-show="${name}"]`).textContent = text; };
    const lossPlot = root.querySelector('[data-plot="loss"]');
    const map = root.querySelector('[data-plot="map"]');
    const people = data.x.length;
    // losses: [epoch, loss after it], numbered from 0 as the chapter's train prints them.
    let p, step, grad, sample, losses, report;

    function forward(q, x1, x2) {
      // The network's feedforward, term by term.
      const h1 = sigmoid(q.w1 * x1 + q.w2 * x2 + q.b1);
      const h2 = sigmoid(q.w3 * x1 + q.w4 * x2 + q.b2);
      return { h1, h2, o1: sigmoid(q.w5 * h1 + q.w6 * h2 + q.b3) };
    }

    function loss() {
      // mse_loss over the four: NumPy's mean of four squares is their sum / 4.
      let total = 0;
      data.x.forEach(([x1, x2], i) => {
        const e = data.y[i] - forward(p, x1, x2).o1;
        total += e * e;
      });
      return total / people;
    }

    function takeStep() {
      // The nine partial derivatives for one person, then w ← w − η ∂L/∂w.
      const i = step % people;
      const [x1, x2] = data.x[i];
      const yTrue = data.y[i];
      const f = forward(p, x1, x2);
      const dLdy = -2 * (yTrue - f.o1);
      const slopeO = f.o1 * (1 - f.o1);
      const dyW5 = f.h1 * slopeO, dyW6 = f.h2 * slopeO, dyB3 = slopeO;
      const dyH1 = p.w5 * slopeO, dyH2 = p.w6 * slopeO;
      const slopeH1 = f.h1 * (1 - f.h1), slopeH2 = f.h2 * (1 - f.h2);
      grad = {
        w1: dLdy * dyH1 * (x1 * slopeH1),
        w2: dLdy * dyH1 * (x2 * slopeH1),
        w3: dLdy * dyH2 * (x1 * slopeH2),
        w4: dLdy * dyH2 * (x2 * slopeH2),
        w5: dLdy * dyW5,
        w6: dLdy * dyW6,
        b1: dLdy * dyH1 * slopeH1,
        b2: dLdy * dyH2 * slopeH2,
        b3: dLdy * dyB3,
      };
      const rate = Number(rateInput.value);
      const next = {};
      for (const name of data.order) next[name] = p[name] - rate * grad[name];
      p = next;
      sample = data.names[i];
      step += 1;
      if (step % people === 0) {
        // An epoch ends: the loss train records; it prints every 10th.
        const epoch = step / people - 1;
        const l = loss();
        losses.push([epoch, l]);
        if (epoch % 10 === 0) report = `Epoch ${epoch} loss: ${fixed(l, 3)}`;
      }
    }

    function reset() {
      stop();
      const start = data.start[seedInput.value];
      p = {};
      data.order.forEach((name, k) => { p[name] = start[k]; });
      step = 0;
      grad = null;
      sample = "none yet";
      losses = [];
      report = "nothing yet";
      draw();
    }

    // The map: weight 100 to 180 lb across, height 55 to 77 in up, as measured (the
    // network gets them shifted, as the data are).
    const COLUMNS = 40, ROWS = 22;
    const WEIGHT = { lo: 100, hi: 180 }, HEIGHT = { lo: 55, hi: 77 };
    const scales = axes(
      map,
      { ...WEIGHT, ticks: ticks(WEIGHT.lo, WEIGHT.hi, 4), label: "weight (lb)" },
      { ...HEIGHT, ticks: ticks(HEIGHT.lo, HEIGHT.hi, 4), label: "height (in)" },
    );
    // The cells are the pixels of a small image, stretched over the plot area: no seams.
    const canvas = document.createElement("canvas");
    canvas.width = COLUMNS;
    canvas.height = ROWS;
    const cells = svg("image", {
      x: BOX.left, y: BOX.top, width: BOX.right - BOX.left, height: BOX.bottom - BOX.top,
      preserveAspectRatio: "none", class: "nnfs-cells",
    });
    map.insertBefore(cells, map.firstChild);
    data.x.forEach(([x1, x2], i) => {
      map.append(svg("circle", {
        cx: scales.px(x1 + data.shift[0]).toFixed(1), cy: scales.py(x2 + data.shift[1]).toFixed(1),
        r: 5, class: data.y[i] === 1 ? "nnfs-person nnfs-female" : "nnfs-person nnfs-male",
      }));
    });

    function color(name) {
      return getComputedStyle(root).getPropertyValue(name).trim() || "#888";
    }

    function drawMap() {
      const ctx = canvas.getContext("2d");
      const female = color("--nnfs-female"), male = color("--nnfs-male");
      ctx.clearRect(0, 0, COLUMNS, ROWS);
      for (let r = 0; r < ROWS; r += 1) {
        for (let c = 0; c < COLUMNS; c += 1) {
          const weight = WEIGHT.lo + ((c + 0.5) / COLUMNS) * (WEIGHT.hi - WEIGHT.lo);
          const height = HEIGHT.hi - ((r + 0.5) / ROWS) * (HEIGHT.hi - HEIGHT.lo);
          const out = forward(p, weight - data.shift[0], height - data.shift[1]).o1;
          ctx.fillStyle = out >= 0.5 ? female : male;
          ctx.globalAlpha = 0.15 + 0.85 * Math.abs(out - 0.5) * 2;
          ctx.fillRect(c, r, 1, 1);
        }
      }
      cells.setAttribute("href", canvas.toDataURL());
    }

    function draw() {
      show("step", String(step));
      show("epoch", step ? String(Math.floor((step - 1) / people)) : "none yet");
      show("sample", sample);
      show("loss", fixed(loss(), 4));
      show("report", report);
      for (const name of data.order) {
        show(`p-${name}`, fixed(p[name], 4));
        show(`g-${name}`, grad ? fixed(grad[name], 4) : "–");
      }
      drawCurve(lossPlot, losses, "epoch", "loss (MSE)");
      drawMap();
    }

    root.querySelector('[data-action="step"]').addEventListener("click", () => { takeStep(); draw(); });
    root.querySelector('[data-action="epoch"]').addEventListener("click", () => {
      do takeStep(); while (step % people !== 0);
      draw();
    });
    const stop = runner(runButton, () => {
      do takeStep(); while (step % people !== 0);
      draw();
    });
    root.querySelector('[data-action="reset"]').addEventListener("click", reset);
    seedInput.addEventListener("change", reset);
    rateInput.addEventListener("change", reset);
    reset();
  }

  // ---- the two-layer network learning XOR ----------------------------------------------
  // Matrices are arrays of rows; each product sums in index order, as written.
  const matmul = (a, b) => a.map((row) => b[0].map((_, j) => {
    let total = 0;
    row.forEach((v, k) => { total += v * b[k][j]; });
    return total;
  }));
  const transpose = (a) => a[0].map((_, j) => a.map((row) => row[j]));
  const map2 = (a, b, f) => a.map((row, i) => row.map((v, j) => f(v, b[i][j])));
  const each = (a, f) => a.map((row) => row.map(f));

  function xor(root) {
    const data = JSON.parse(root.dataset.start);
    const seedInput = root.querySelector('[data-input="seed"]');
    const rateInput = root.querySelector('[data-input="rate"]');
    const show = (name, text) => { root.querySelector(`[data-show="${name}"]`).textContent = text; };
    const plot = root.querySelector('[data-plot="loss"]');
    // losses[i]: the loss after i iterations, which chapter 6 prints as "Iteration i".
    let w1, w2, step, losses;

    // TwoLayerNetwork.feedforward, and the sum of squares.
    const feedforward = () => {
      const layer1 = each(matmul(data.x, w1), sigmoid);
      return { layer1, output: each(matmul(layer1, w2), sigmoid) };
    };
    const loss = (output) => {
      let total = 0;
      output.forEach((row, i) => { const e = data.y[i][0] - row[0]; total += e * e; });
      return total;
    };

    function update() {
      // TwoLayerNetwork.backprop, with the step times the learning rate.
      const { layer1, output } = feedforward();
      const dSum2 = map2(data.y, output, (y, a) => -2 * (y - a) * (a * (1 - a)));
      const d2 = matmul(transpose(layer1), dSum2);
      const dSum1 = map2(matmul(dSum2, transpose(w2)), layer1, (d, h) => d * (h * (1 - h)));
      const d1 = matmul(transpose(data.x), dSum1);
      const rate = Number(rateInput.value);
      w1 = map2(w1, d1, (w, d) => w - rate * d);
      w2 = map2(w2, d2, (w, d) => w - rate * d);
      step += 1;
      losses.push([step, loss(feedforward().output)]);
    }

    function draw() {
      const { output } = feedforward();
      show("step", String(step));
      show("loss", fixed(loss(output), 4));
      output.forEach((row, i) => show(`out-${i}`, fixed(row[0], 4)));
      drawCurve(plot, losses, "iteration", "loss (sum of squares)");
    }

    function reset() {
      stop();
      const start = data.start[seedInput.value];
      w1 = start.weights1.map((row) => row.slice());
      w2 = start.weights2.map((row) => row.slice());
      step = 0;
      losses = [[0, loss(feedforward().output)]];
      draw();
    }

    const stop = runner(root.querySelector('[data-action="run"]'), () => {
      for (let k = 0; k < 10; k += 1) update();
      draw();
    });
    root.querySelector('[data-action="step"]').addEventListener("click", () => { update(); draw(); });
    root.querySelector('[data-action="hundred"]').addEventListener("click", () => {
      for (let k = 0; k < 100; k += 1) update();
      draw();
    });
    root.querySelector('[data-action="reset"]').addEventListener("click", reset);
    seedInput.addEventListener("change", reset);
    rateInput.addEventListener("change", reset);
    reset();
  }

  const WIDGETS = { neuron, "people-sgd": peopleSgd, xor };
  function start() {
    document.querySelectorAll(".nnfs-widget[data-widget]").forEach((root) => {
      const make = WIDGETS[root.dataset.widget];
      if (make && !root.dataset.ready) { root.dataset.ready = "true"; make(root); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
