// The course's live widgets (markup from docs/hooks/widgets.py). Plain JavaScript, no
// library. Every number shown is computed with the package's formulas, in the package's
// order of operations, and printed the way Python's f"{x:.Nf}" prints it;
// tests/test_widgets_browser.py holds each displayed value to nnfromscratch's.
(() => {
  "use strict";

  // Python's f"{x:.Nf}": the exact binary value rounded half to even (JavaScript's
  // toFixed rounds exact ties away from zero), and "-0.000" for small negatives.
  function fixed(x, digits) {
    const negative = x < 0 || Object.is(x, -0);
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
    return (negative ? "-" : "") + text;
  }

  // nnfromscratch.course.activations.sigmoid, scalar path: never overflows.
  function sigmoid(z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attributes) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    return element;
  }

  // A loss curve: the values from the left edge to the right, scaled to the largest.
  function drawCurve(plot, values) {
    plot.replaceChildren();
    const W = 320, H = 150, PAD = 14;
    const top = Math.max(...values, 1e-12);
    const n = Math.max(values.length - 1, 1);
    const pts = values.map((l, e) =>
      `${(PAD + (e / n) * (W - 2 * PAD)).toFixed(1)},${(H - PAD - (l / top) * (H - 2 * PAD)).toFixed(1)}`);
    plot.append(
      svg("line", { x1: PAD, x2: W - PAD, y1: H - PAD, y2: H - PAD, class: "nnfs-axis" }),
      svg("line", { x1: PAD, x2: PAD, y1: PAD, y2: H - PAD, class: "nnfs-axis" }),
      svg("polyline", { points: pts.join(" "), class: "nnfs-curve" }),
    );
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
    const W = 320, H = 150, PAD = 14, ZMAX = 8;
    const px = (z) => PAD + ((z + ZMAX) / (2 * ZMAX)) * (W - 2 * PAD);
    const py = (y) => H - PAD - y * (H - 2 * PAD);
    let d = "";
    for (let i = 0; i <= 160; i += 1) {
      const z = -ZMAX + (i / 160) * 2 * ZMAX;
      d += `${i ? "L" : "M"}${px(z).toFixed(1)},${py(sigmoid(z)).toFixed(1)}`;
    }
    plot.append(
      svg("line", { x1: PAD, x2: W - PAD, y1: py(0.5), y2: py(0.5), class: "nnfs-axis" }),
      svg("line", { x1: px(0), x2: px(0), y1: py(0), y2: py(1), class: "nnfs-axis" }),
      svg("path", { d, class: "nnfs-curve" }),
    );
    const dot = svg("circle", { r: 5, class: "nnfs-dot" });
    plot.append(dot);

    function update() {
      const v = {};
      for (const [name, el] of Object.entries(inputs)) {
        v[name] = Number(el.value);
        show(name, fixed(v[name], 1));
      }
      // Neuron.weighted_sum: w · x + b.
      const z = v.w1 * v.x1 + v.w2 * v.x2 + v.b;
      const y = sigmoid(z);
      show("z", fixed(z, 2));
      show("y", fixed(y, 4));
      // sigmoid_derivative_from_sum: f(z) (1 - f(z)).
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
    let p, step, grad, sample, losses;

    function forward(q, x1, x2) {
      // nnfromscratch.course.backprop.forward, term by term.
      const h1 = sigmoid(q.w1 * x1 + q.w2 * x2 + q.b1);
      const h2 = sigmoid(q.w3 * x1 + q.w4 * x2 + q.b2);
      return { h1, h2, o1: sigmoid(q.w5 * h1 + q.w6 * h2 + q.b3) };
    }

    function loss() {
      // mse_loss(y, predict(params, x)): NumPy's mean of four squares is their sum / 4.
      let total = 0;
      data.x.forEach(([x1, x2], i) => {
        const e = data.y[i] - forward(p, x1, x2).o1;
        total += e * e;
      });
      return total / data.x.length;
    }

    function takeStep() {
      // nnfromscratch.course.backprop.backprop's nine products, then w ← w − η ∂L/∂w
      // (nnfromscratch.course.exercises.sgd_step).
      const i = step % data.x.length;
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
      if (step % data.x.length === 0) losses.push(loss());
    }

    function reset() {
      stop();
      const start = data.start[seedInput.value];
      p = {};
      data.order.forEach((name, k) => { p[name] = start[k]; });
      step = 0;
      grad = null;
      sample = "none yet";
      losses = [loss()];
      draw();
    }

    function color(name) {
      return getComputedStyle(root).getPropertyValue(name).trim() || "#888";
    }

    function drawMap() {
      const ctx = map.getContext("2d");
      const [W, H] = [map.width, map.height];
      const cell = 8;
      // Weight 100 to 180 lb across, height 55 to 77 in up, shifted as the data are.
      const wx = (c) => 100 + (c / W) * 80 - data.shift[0];
      const hy = (r) => 77 - (r / H) * 22 - data.shift[1];
      const female = color("--nnfs-female"), male = color("--nnfs-male");
      for (let r = 0; r < H; r += cell) {
        for (let c = 0; c < W; c += cell) {
          const out = forward(p, wx(c + cell / 2), hy(r + cell / 2)).o1;
          ctx.fillStyle = out >= 0.5 ? female : male;
          ctx.globalAlpha = 0.25 + 0.75 * Math.abs(out - 0.5) * 2;
          ctx.fillRect(c, r, cell, cell);
        }
      }
      ctx.globalAlpha = 1;
      data.x.forEach(([x1, x2], i) => {
        const c = ((x1 + data.shift[0] - 100) / 80) * W;
        const r = ((77 - (x2 + data.shift[1])) / 22) * H;
        ctx.beginPath();
        ctx.arc(c, r, 5, 0, 2 * Math.PI);
        ctx.fillStyle = data.y[i] === 1 ? female : male;
        ctx.strokeStyle = color("--nnfs-ink");
        ctx.lineWidth = 2;
        ctx.fill();
        ctx.stroke();
      });
    }

    function draw() {
      show("step", String(step));
      show("epoch", String(Math.floor(step / data.x.length)));
      show("sample", sample);
      show("loss", fixed(loss(), 4));
      for (const name of data.order) {
        show(`p-${name}`, fixed(p[name], 4));
        show(`g-${name}`, grad ? fixed(grad[name], 4) : "–");
      }
      drawCurve(lossPlot, losses);
      drawMap();
    }


    root.querySelector('[data-action="step"]').addEventListener("click", () => { takeStep(); draw(); });
    root.querySelector('[data-action="epoch"]').addEventListener("click", () => {
      do takeStep(); while (step % data.x.length !== 0);
      draw();
    });
    const stop = runner(runButton, () => {
      for (let k = 0; k < data.x.length; k += 1) takeStep();
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
    let w1, w2, step, losses;

    // TwoLayerNetwork.feedforward and loss (sum of squares).
    const feedforward = () => {
      const hidden = each(matmul(data.x, w1), sigmoid);
      return { hidden, out: each(matmul(hidden, w2), sigmoid) };
    };
    const loss = (out) => {
      let total = 0;
      out.forEach((row, i) => { const e = data.y[i][0] - row[0]; total += e * e; });
      return total;
    };

    function update() {
      // TwoLayerNetwork.gradients, then W ← W − η dW (TwoLayerNetwork.train).
      const { hidden, out } = feedforward();
      const delta2 = map2(data.y, out, (y, a) => -2 * (y - a) * (a * (1 - a)));
      const d2 = matmul(transpose(hidden), delta2);
      const delta1 = map2(matmul(delta2, transpose(w2)), hidden, (d, h) => d * (h * (1 - h)));
      const d1 = matmul(transpose(data.x), delta1);
      const rate = Number(rateInput.value);
      w1 = map2(w1, d1, (w, d) => w - rate * d);
      w2 = map2(w2, d2, (w, d) => w - rate * d);
      step += 1;
      losses.push(loss(feedforward().out));
    }

    function draw() {
      const { out } = feedforward();
      show("step", String(step));
      show("loss", fixed(loss(out), 4));
      out.forEach((row, i) => show(`out-${i}`, fixed(row[0], 4)));
      drawCurve(plot, losses);
    }

    function reset() {
      stop();
      const start = data.start[seedInput.value];
      w1 = start.weights1.map((row) => row.slice());
      w2 = start.weights2.map((row) => row.slice());
      step = 0;
      losses = [loss(feedforward().out)];
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
