// pairgate live view: renders the snapshots pushed on /api/stream (server-sent events).
// Read-only: the page never sends anything but GETs. Everything it shows comes from the snapshot
// JSON (report.json's keys plus state, progress, rates, latency_us); missing keys are skipped.
"use strict";

const COLORS = ["#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#455a64"];
const LOSSES = new Set(["sync_dropped", "out_of_order"]);
const state = { renders: 0, charts: {}, shapes: {}, last: null, log: [] };
window.pairgate = state; // for the browser test and for curious users

const $ = (id) => document.getElementById(id);
const count = (v) => (v === null || v === undefined ? "–" : Number(v).toLocaleString("en-US"));
const fixed = (v, d) => (v === null || v === undefined || !isFinite(v) ? "–" : Number(v).toFixed(d));
const si = (v) => {
  if (v === null || v === undefined || !isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a >= 1e9) return (v / 1e9).toFixed(2) + " G";
  if (a >= 1e6) return (v / 1e6).toFixed(2) + " M";
  if (a >= 1e3) return (v / 1e3).toFixed(2) + " k";
  return v.toFixed(1);
};
const siAxis = (v) => {
  const a = Math.abs(v);
  if (a >= 1e9) return +(v / 1e9).toPrecision(3) + "G";
  if (a >= 1e6) return +(v / 1e6).toPrecision(3) + "M";
  if (a >= 1e3) return +(v / 1e3).toPrecision(3) + "k";
  return String(+v.toPrecision(3));
};
const clock = (s) => {
  if (s === null || s === undefined || !isFinite(s)) return "–";
  s = Math.max(0, Math.round(s));
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
  const two = (x) => String(x).padStart(2, "0");
  return (h > 0 ? h + ":" + two(m) : two(m)) + ":" + two(r);
};
const el = (tag, attrs, text) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};
const slug = (s) => String(s).replace(/[^A-Za-z0-9_-]/g, "_");

// Error bars: whiskers of ±sigma drawn on the canvas after the series (uPlot has none built in).
// The sigmas live on the chart (u.pgSigmas) so that every setData brings its own.
function errorBars() {
  return {
    hooks: {
      draw: [(u) => {
        const ctx = u.ctx;
        ctx.save();
        ctx.lineWidth = 1.2 * devicePixelRatio;
        u.series.forEach((s, si) => {
          const sig = u.pgSigmas && u.pgSigmas[si];
          if (si === 0 || !s.show || !sig) return;
          ctx.strokeStyle = s.stroke();
          const xs = u.data[0], ys = u.data[si];
          for (let i = 0; i < xs.length; i++) {
            const y = ys[i], e = sig[i];
            if (y === null || y === undefined || e === null || e === undefined) continue;
            const x = Math.round(u.valToPos(xs[i], "x", true));
            const lo = u.valToPos(y - e, "y", true), hi = u.valToPos(y + e, "y", true);
            const cap = 3 * devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(x, lo); ctx.lineTo(x, hi);
            ctx.moveTo(x - cap, lo); ctx.lineTo(x + cap, lo);
            ctx.moveTo(x - cap, hi); ctx.lineTo(x + cap, hi);
            ctx.stroke();
          }
        });
        ctx.restore();
      }],
    },
  };
}

// Creates (or re-creates when the series change) a chart and sets its data.
function chart(key, host, labels, data, opts) {
  const shape = labels.join("|");
  let c = state.charts[key];
  if (!c || state.shapes[key] !== shape) {
    if (c) c.destroy();
    host.textContent = "";
    const width = Math.max(320, host.clientWidth || 460);
    const series = [{ label: opts.xLabel }];
    labels.forEach((l, i) => series.push(Object.assign({
      label: l, stroke: COLORS[i % COLORS.length], width: 1.5,
      points: { show: !!opts.points, size: 6, fill: COLORS[i % COLORS.length] },
    }, (opts.seriesOpts && opts.seriesOpts[i]) || {})));
    const ticks = (u, vals) => vals.map((v) => (v === null ? "" : siAxis(v)));
    c = new uPlot({
      width, height: 240,
      scales: { x: { time: false }, y: opts.log ? { distr: 3 } : {} },
      axes: [{ label: opts.xLabel }, { label: opts.yLabel, size: 70, values: opts.siTicks ? ticks : undefined }],
      series,
      plugins: opts.sigmas ? [errorBars()] : [],
      legend: { live: false },
    }, data, host);
    state.charts[key] = c;
    state.shapes[key] = shape;
  }
  c.pgSigmas = opts.sigmas || null;
  c.setData(data);
  return c;
}

function renderProgress(s) {
  const p = s.progress || {};
  $("trials").textContent = count(s.trials);
  $("trials").dataset.value = s.trials;
  $("rate").textContent = si(p.trials_per_s);
  $("elapsed").textContent = clock(p.elapsed_s);
  $("eta").textContent = s.state === "finished" ? "done" : clock(p.eta_s);
  const f = p.fraction === null || p.fraction === undefined ? (s.state === "finished" ? 1 : 0) : p.fraction;
  $("bar-fill").style.width = (100 * Math.min(1, Math.max(0, f))).toFixed(1) + "%";
  const l = s.latency_us || (s.pipeline && s.pipeline.latency_us) || {};
  $("latency").textContent = [l.p50, l.p99, l.max].map((v) => fixed(v, 1)).join(" / ");
}

function renderRates(s) {
  const series = s.rates && s.rates.series;
  const host = $("chart-rates");
  if (!series || !series.t_s || series.t_s.length === 0) {
    const ch = (s.rates && s.rates.channels) || {};
    host.textContent = Object.keys(ch).length === 0 ? "no rates (elapsed time unknown)"
      : "mean over the run: " + Object.entries(ch).map(([k, v]) => "ch " + k + " " + si(v) + "/s").join(", ");
    host.classList.add("muted");
    return;
  }
  host.classList.remove("muted");
  // log scale: the sync channel runs orders of magnitude above the detectors; a channel without
  // tags (often "other") is left out rather than drawn at log(0)
  const sync = s.config ? String(s.config.sync_channel) : null;
  const names = Object.keys(series.channels).filter((n) => series.channels[n].some((v) => v > 0));
  chart("rates", host, names.map((n) => (n === sync ? "sync ch " : n === "other" ? "" : "ch ") + n),
    [series.t_s].concat(names.map((n) => series.channels[n].map((v) => (v > 0 ? v : null)))),
    { xLabel: "elapsed (s)", yLabel: "tags/s", log: true, siTicks: true });
}

function renderLatency(s) {
  const series = s.latency_us && s.latency_us.series;
  const host = $("chart-latency");
  if (!series || !series.t_s || series.t_s.length === 0) {
    host.textContent = "no latency history (a finished report has only its percentiles, above)";
    host.classList.add("muted");
    return;
  }
  host.classList.remove("muted");
  chart("latency", host, ["p50", "p99", "max"], [series.t_s, series.p50, series.p99, series.max],
    { xLabel: "elapsed (s)", yLabel: "µs", siTicks: true });
}

function windowPanels(name) {
  const id = slug(name);
  let dn = $("win-dn-" + id);
  if (!dn) {
    const w = $("windows");
    dn = el("section", { class: "panel", id: "win-dn-" + id });
    dn.append(el("h2", {}, "g2(ΔN), window " + name), el("div", { class: "headline", id: "g2zero-" + id }),
      el("div", { class: "chart", id: "chart-dn-" + id }));
    const gate = el("section", { class: "panel", id: "win-gate-" + id });
    gate.append(el("h2", {}, "g2(0) vs gate length, window " + name), el("div", { class: "headline", id: "gatefit-" + id }),
      el("div", { class: "chart", id: "chart-gate-" + id }));
    w.append(dn, gate);
  }
  return id;
}

function renderWindow(name, win, fit) {
  const id = windowPanels(name);
  const g2 = win.g2 || [];
  const side = win.g2_side || null;
  const zero = g2.find((p) => p.dn === 0);
  const sideZero = side && side.find((p) => p.dn === 0);
  const head = $("g2zero-" + id);
  head.textContent = "";
  const z = el("span", { id: "g2zero-value-" + id }, "g2(0) = " + (zero ? fixed(zero.value, 4) + " ± " + fixed(zero.sigma, 4) : "–"));
  if (zero) { z.dataset.value = zero.value; z.dataset.sigma = zero.sigma; }
  head.append(z);
  if (sideZero) head.append(el("span", { id: "g2side-value-" + id }, "   side-normalised g2(0) = "
    + fixed(sideZero.value, 4) + " ± " + fixed(sideZero.sigma, 4)));
  if (win.stationarity) {
    const st = win.stationarity;
    head.append(el("span", { class: st.stationary ? "ok" : "loss", id: "stationarity-" + id },
      "   " + (st.stationary ? "stationary" : "NOT stationary") + " (χ²/dof " + fixed(st.chi2_per_dof, 2) + ", p "
        + (st.p !== null && st.p < 1e-3 ? Number(st.p).toExponential(1) : fixed(st.p, 3)) + ")"));
  }
  const xs = g2.map((p) => p.dn);
  const labels = ["g2"], data = [xs, g2.map((p) => p.value)], sigmas = [null, g2.map((p) => p.sigma)];
  if (side) {
    const byDn = new Map(side.map((p) => [p.dn, p]));
    labels.push("g2_side");
    data.push(xs.map((d) => (byDn.has(d) ? byDn.get(d).value : null)));
    sigmas.push(xs.map((d) => (byDn.has(d) ? byDn.get(d).sigma : null)));
  }
  chart("dn-" + id, $("chart-dn-" + id), labels, data,
    { xLabel: "ΔN (trials)", yLabel: "g2", points: true, sigmas, seriesOpts: labels.map(() => ({ paths: () => null })) });
  const gate = win.g2_vs_gate || [];
  const gx = gate.map((p) => p.gate_ps / 1000);
  const gl = ["g2(0)"], gd = [gx, gate.map((p) => p.value)], gs = [null, gate.map((p) => p.sigma)];
  const fh = $("gatefit-" + id);
  fh.textContent = "";
  if (fit && fit.curve) {
    gl.push("fit");
    gd.push(fit.curve);
    gs.push(null);
    fh.textContent = fit.text || "";
  }
  chart("gate-" + id, $("chart-gate-" + id), gl, gd,
    { xLabel: "gate length (ns)", yLabel: "g2(0)", points: true, sigmas: gs,
      seriesOpts: [{ paths: () => null }, { points: { show: false } }] });
}

function table(rows, idPrefix) {
  const t = el("table");
  for (const [k, v, cls] of rows) {
    const tr = el("tr");
    const td = el("td", { id: idPrefix + slug(k) }, typeof v === "number" ? count(v) : String(v));
    if (typeof v === "number") td.dataset.value = v;
    if (cls) td.className = cls;
    tr.append(el("th", {}, k), td);
    t.append(tr);
  }
  return t;
}

function renderFourfold(s) {
  const f = s.fourfold;
  if (!f) return;
  const host = $("fourfold");
  host.classList.remove("muted");
  host.textContent = "";
  host.append(table([["n22", f.n22], ["n20", f.n20], ["n02", f.n02], ["n00", f.n00],
    ["expected n22", fixed(f.expected_n22, 2)], ["ratio n22/expected", fixed(f.ratio, 4)],
    ["Poisson p (" + f.poisson_tail + ")", f.poisson_p === null ? "–" : Number(f.poisson_p).toExponential(3)]], "ff-"));
}

function renderAccounting(s) {
  const a = s.accounting;
  if (!a) return;
  const host = $("accounting");
  host.textContent = "";
  const bal = el("div", { id: "acc-balance", class: a.balanced ? "ok" : "loss" },
    a.balanced ? "balanced: every tag accounted for" : "NOT balanced: tags unaccounted for");
  host.append(bal);
  const rows = [];
  for (const k of ["tags", "syncs", "in_window", "outside", "before_first_sync", "other_channel", "out_of_order", "sync_dropped"]) {
    if (a[k] === undefined) continue;
    rows.push([k, a[k], LOSSES.has(k) && a[k] > 0 ? "loss" : ""]);
  }
  const r = a.tags_by_role;
  if (r) {
    rows.push(["tags on sync", r.sync]);
    for (const [ch, n] of Object.entries(r.detectors || {})) rows.push(["tags on detector " + ch, n]);
    rows.push(["tags on other channels", r.other]);
  }
  host.append(table(rows, "acc-"));
}

function render(s) {
  state.last = s;
  const badge = $("state");
  badge.textContent = s.state || "?";
  badge.className = "badge " + (s.state || "");
  document.body.dataset.state = s.state || "";
  $("source").textContent = (s.source || "") + (s.engine && s.engine.name ? " · " + s.engine.name + " core" : "");
  renderProgress(s);
  renderRates(s);
  renderLatency(s);
  for (const [name, win] of Object.entries(s.windows || {})) {
    renderWindow(name, win, s.fits && s.fits[name]);
  }
  renderFourfold(s);
  renderAccounting(s);
  state.renders++;
  document.body.dataset.renders = String(state.renders);
  // what each render showed (bounded): lets a test see the page follow a run without polling it
  const rates = state.charts.rates;
  state.log.push({ state: s.state, trials: s.trials, shown: $("trials").textContent,
    ratePoints: rates ? rates.data[0].length : 0,
    dnPoints: Object.keys(state.charts).filter((k) => k.startsWith("dn-")).map((k) => state.charts[k].data[0].length) });
  if (state.log.length > 4096) state.log.shift();
}

function connect() {
  const es = new EventSource("api/stream");
  es.addEventListener("snapshot", (e) => {
    $("link").textContent = "";
    render(JSON.parse(e.data));
  });
  es.onerror = () => {
    // EventSource reconnects by itself; a finished run's server may simply have ended
    const finished = state.last && state.last.state === "finished";
    $("link").textContent = finished ? "(server ended; showing the final snapshot)" : "(connection lost, retrying)";
    if (!finished) {
      $("state").className = "badge disconnected";
    } else {
      es.close();
    }
  };
}

connect();
