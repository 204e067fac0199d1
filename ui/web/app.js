// flowrun web UI: the graph with live statistics, the display sinks'
// frames, and a control for every settable parameter and bounded
// variable. Plain JavaScript and canvas 2D; everything comes from this
// server (see package ui).
"use strict";

// The page's state, also read by the browser tests.
const flowrun = {
  graph: null,        // GET /ui/graph
  stats: null,        // the newest statistics message
  frames: {},         // block name -> the newest decoded frame
  peaks: {},          // spectrum sink name -> {freq, power} of its highest bin
  painted: 0,         // performance.now() when the graph was first drawn
  messages: 0,        // WebSocket messages received
  bytes: 0,           // and their size
};
window.flowrun = flowrun;

const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);

function el(tag, attrs, parent, ns) {
  const e = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  if (parent) parent.appendChild(e);
  return e;
}

// si formats x with an SI prefix.
function si(x, digits = 3) {
  const a = Math.abs(x);
  for (const [d, s] of [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]]) {
    if (a >= d) return (x / d).toPrecision(digits) + s;
  }
  if (a >= 1 || a === 0) return x.toPrecision(digits).replace(/\.0+$/, "");
  for (const [d, s] of [[1e-3, "m"], [1e-6, "µ"], [1e-9, "n"]]) {
    if (a >= d) return (x / d).toPrecision(digits) + s;
  }
  return x.toExponential(2);
}

// freqUnit picks Hz, kHz, MHz or GHz for frequencies up to f.
function freqUnit(f) {
  f = Math.abs(f);
  if (f >= 1e9) return [1e9, "GHz"];
  if (f >= 1e6) return [1e6, "MHz"];
  if (f >= 1e3) return [1e3, "kHz"];
  return [1, "Hz"];
}

// niceStep returns a round step (1, 2, 2.5 or 5 times a power of ten)
// dividing span into at most n parts.
function niceStep(span, n) {
  if (!(span > 0)) return 1;
  const d = Math.pow(10, Math.floor(Math.log10(span)));
  for (const m of [0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10]) {
    if (span / (m * d) <= n) return m * d;
  }
  return 10 * d;
}

// dequant decodes a quantised series (package ui's quant).
function dequant(q) {
  if (!q) return null;
  const bin = atob(q.q);
  const n = bin.length >> 1;
  const out = new Float32Array(n);
  const k = q.hi > q.lo ? (q.hi - q.lo) / 65535 : 0;
  for (let i = 0; i < n; i++) {
    let v = bin.charCodeAt(2 * i) | (bin.charCodeAt(2 * i + 1) << 8);
    if (v >= 32768) v -= 65536;
    out[i] = q.lo + (v + 32768) * k;
  }
  return out;
}

// ---------------------------------------------------------------- graph

const BOX_W = 226, BOX_H = 92, COL = 280, ROW = 116, PAD = 20;
const blockViews = {};   // name -> {g, texts}
const edgeViews = [];    // {edge, fill, text}

// layers assigns each block a column: the longest path from a source.
function layers(g) {
  const layer = {};
  g.blocks.forEach((b) => (layer[b.name] = 0));
  for (let pass = 0; pass < g.blocks.length; pass++) {
    let changed = false;
    for (const e of g.edges) {
      if (layer[e.dst] < layer[e.src] + 1) {
        layer[e.dst] = layer[e.src] + 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return layer;
}

function drawGraph(g) {
  const layer = layers(g);
  const cols = {};
  const pos = {};
  for (const b of g.blocks) {
    const c = layer[b.name];
    cols[c] = (cols[c] || 0) + 1;
    pos[b.name] = { x: PAD + c * COL, y: PAD + (cols[c] - 1) * ROW };
  }
  const ncol = Math.max(...Object.keys(cols).map(Number)) + 1;
  const nrow = Math.max(...Object.values(cols));
  const W = PAD * 2 + (ncol - 1) * COL + BOX_W, H = PAD * 2 + (nrow - 1) * ROW + BOX_H;
  // Shrinks to the page's width, down to 50 %; wider graphs scroll.
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, id: "graph-svg" }, null, SVG);
  svg.style.width = `max(min(100%, ${W}px), ${Math.round(0.5 * W)}px)`;
  const portY = (name, port, out) => {
    const list = g.edges.filter((e) => (out ? e.src === name : e.dst === name)).map((e) => (out ? e.src_port : e.dst_port));
    const uniq = [...new Set(list)];
    const i = uniq.indexOf(port);
    return pos[name].y + (BOX_H * (i + 1)) / (uniq.length + 1);
  };
  g.edges.forEach((e, i) => {
    const a = pos[e.src], b = pos[e.dst];
    const x1 = a.x + BOX_W, y1 = portY(e.src, e.src_port, true), x2 = b.x, y2 = portY(e.dst, e.dst_port, false);
    const eg = el("g", { class: "edge" + (e.message ? " msg" : ""), "data-edge": i }, svg, SVG);
    const mx = (x1 + x2) / 2;
    el("path", { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}` }, eg, SVG);
    el("path", { d: `M${x2 - 7},${y2 - 4} L${x2},${y2} L${x2 - 7},${y2 + 4}` }, eg, SVG);
    const view = { edge: e };
    if (!e.message) {
      const bx = mx - 24, by = (y1 + y2) / 2 - 14;
      el("rect", { class: "fillbg", x: bx, y: by, width: 48, height: 5, rx: 2 }, eg, SVG);
      view.fill = el("rect", { class: "fill", x: bx, y: by, width: 0, height: 5, rx: 2 }, eg, SVG);
      view.text = el("text", { x: bx, y: by - 3, text: "" }, eg, SVG);
    }
    edgeViews.push(view);
  });
  for (const b of g.blocks) {
    const p = pos[b.name];
    const bg = el("g", { class: "blk", "data-block": b.name, transform: `translate(${p.x},${p.y})` }, svg, SVG);
    el("rect", { class: "box", width: BOX_W, height: BOX_H, rx: 6 }, bg, SVG);
    el("text", { class: "name", x: 8, y: 16, text: b.name }, bg, SVG);
    el("text", { class: "id", x: 8, y: 30, text: b.id }, bg, SVG);
    const t = {};
    t.state = el("text", { class: "state", x: 8, y: 45, text: "" }, bg, SVG);
    t.rate = el("text", { class: "rate", x: 8, y: 59, text: "" }, bg, SVG);
    t.items = el("text", { class: "items", x: 8, y: 73, text: "" }, bg, SVG);
    t.work = el("text", { class: "work", x: 8, y: 87, text: "" }, bg, SVG);
    blockViews[b.name] = { g: bg, t };
  }
  $("graph-view").replaceChildren(svg);
}

const history = []; // the statistics messages of about the last second, oldest first
const droppedAtStart = {}; // block name -> frames dropped before this page connected

// droppedSince returns the frames a sink dropped since this page's first
// frame from it (frames replaced while no page was watching do not count),
// or undefined before that frame.
function droppedSince(name, n) {
  return name in droppedAtStart ? n - droppedAtStart[name] : undefined;
}

function updateStats(m) {
  // Rates are over the last second or so (since the newest message at
  // least a second old, or the first one), steadier than over one interval.
  history.push(m);
  while (history.length > 2 && m.seconds - history[1].seconds >= 1) history.shift();
  const prev = history.length > 1 ? history[0] : null;
  flowrun.stats = m;
  const dt = prev ? m.seconds - prev.seconds : 0;
  const byName = {};
  for (const b of m.blocks) byName[b.name] = b;
  for (const b of m.blocks) {
    const v = blockViews[b.name];
    if (!v) continue;
    const items = Math.max(0, ...b.items_in, ...b.items_out);
    let rate = 0, busy = 0;
    const p = prev && prev.blocks.find((x) => x.name === b.name);
    if (p && dt > 0) {
      rate = (items - Math.max(0, ...p.items_in, ...p.items_out)) / dt;
      busy = (b.work_seconds - p.work_seconds) / dt;
    }
    v.g.setAttribute("class", "blk " + b.state.replace(/ /g, "-"));
    v.g.dataset.state = b.state;
    v.g.dataset.itemsIn = b.items_in.join(",");
    v.g.dataset.itemsOut = b.items_out.join(",");
    v.g.dataset.workSeconds = b.work_seconds;
    v.g.dataset.rate = rate;
    v.t.state.textContent = b.state + (droppedSince(b.name, b.frames_dropped) !== undefined ? ` · ${droppedSince(b.name, b.frames_dropped)} frames dropped` : "");
    v.t.rate.textContent = `${si(rate)} items/s`;
    v.t.items.textContent = `in ${b.items_in.map((x) => si(x)).join(",") || "–"}  out ${b.items_out.map((x) => si(x)).join(",") || "–"}`;
    v.t.work.textContent = `Work ${b.work_seconds.toFixed(2)} s (${(100 * busy).toFixed(0)}% of the last s), ${si(b.work_calls)} calls`;
  }
  for (const ev of edgeViews) {
    if (!ev.fill) continue;
    const s = byName[ev.edge.src];
    if (!s) continue;
    const g = flowrun.graph;
    const outs = [...new Set(g.edges.filter((e) => e.src === ev.edge.src && !e.message).map((e) => e.src_port))];
    const i = outs.indexOf(ev.edge.src_port);
    const fill = s.buffered_out[i] || 0, cap = s.capacity_out[i] || 0;
    const frac = cap > 0 ? fill / cap : 0;
    ev.fill.setAttribute("width", (48 * frac).toFixed(1));
    ev.text.textContent = cap > 0 ? `${(100 * frac).toFixed(0)}% of ${si(cap)}` : "";
  }
}

// ---------------------------------------------------------------- displays

const displays = {}; // block name -> {kind, draw(frame)}
const COLORS = [[0, 0, 0], [0, 0, 160], [0, 200, 220], [240, 230, 0], [230, 30, 0], [255, 255, 255]];

// colour maps v in [lo, hi] to the waterfall's scale, as package blocks does.
function colour(v, lo, hi) {
  let t = hi > lo ? (v - lo) / (hi - lo) : 0;
  t = Math.min(Math.max(t, 0), 1) * (COLORS.length - 1);
  const i = Math.min(Math.floor(t), COLORS.length - 2), f = t - i;
  const a = COLORS[i], b = COLORS[i + 1];
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2]))];
}

function panel(name, kind) {
  const p = el("div", { class: "panel", "data-display": name, "data-kind": kind }, $("display-list"));
  const h = el("h3", {}, p);
  el("span", { text: name }, h);
  el("span", { class: "kind", text: kind }, h);
  const info = el("span", { class: "info", text: "" }, h);
  return { p, info };
}

function setupCanvas(c, w, h) {
  const r = window.devicePixelRatio || 1;
  c.width = w * r;
  c.height = h * r;
  c.style.height = h + "px";
  const ctx = c.getContext("2d");
  ctx.scale(r, r);
  return ctx;
}

// axes draws a plot frame with grid lines and labels; returns the mapping.
function axes(ctx, w, h, x0, x1, y0, y1, xlabel, xfmt, yfmt) {
  const L = 52, R = 8, T = 8, B = 24;
  ctx.fillStyle = "#0f1420";
  ctx.fillRect(0, 0, w, h);
  ctx.strokeStyle = "#2a3346";
  ctx.fillStyle = "#9aa6bd";
  ctx.font = "11px system-ui, sans-serif";
  ctx.lineWidth = 1;
  const X = (x) => L + ((x - x0) / (x1 - x0 || 1)) * (w - L - R);
  const Y = (y) => T + (1 - (y - y0) / (y1 - y0 || 1)) * (h - T - B);
  const xs = niceStep(x1 - x0, 8);
  ctx.textAlign = "center";
  for (let x = Math.ceil(x0 / xs) * xs; x <= x1 + xs * 1e-9; x += xs) {
    ctx.beginPath(); ctx.moveTo(X(x), T); ctx.lineTo(X(x), h - B); ctx.stroke();
    ctx.fillText(xfmt(x), X(x), h - B + 14);
  }
  const ys = niceStep(y1 - y0, 6);
  ctx.textAlign = "right";
  for (let y = Math.ceil(y0 / ys) * ys; y <= y1 + ys * 1e-9; y += ys) {
    ctx.beginPath(); ctx.moveTo(L, Y(y)); ctx.lineTo(w - R, Y(y)); ctx.stroke();
    ctx.fillText(yfmt(y), L - 4, Y(y) + 4);
  }
  ctx.textAlign = "right";
  ctx.fillText(xlabel, w - R, h - 2);
  return { X, Y, L, R, T, B };
}

function trace(ctx, v, X, Y, xOf, color) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  for (let i = 0; i < v.length; i++) {
    const x = X(xOf(i)), y = Y(v[i]);
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  }
  ctx.stroke();
}

function spectrumDisplay(name) {
  const { p, info } = panel(name, "spectrum");
  const c = el("canvas", {}, p);
  const W = 600, H = 280;
  const ctx = setupCanvas(c, W, H);
  return (f) => {
    const d = f.data;
    const power = dequant(d.power), mx = dequant(d.max);
    const m = power.length;
    const [fs, fu] = freqUnit(Math.max(Math.abs(d.center - d.rate / 2), Math.abs(d.center + d.rate / 2)));
    const freq = (k) => d.center + ((k - m / 2) * d.rate) / m;
    let y0 = d.ymin, y1 = d.ymax;
    if (!(y1 > y0)) {
      y0 = Math.min(...power); y1 = Math.max(...power, ...(mx || []));
      if (!(y1 > y0)) y1 = y0 + 1;
    }
    const a = axes(ctx, W, H, freq(0) / fs, (d.center + d.rate / 2) / fs, y0, y1, fu,
      (x) => +x.toPrecision(6) + "", (y) => (d.db ? y.toFixed(0) : si(y)));
    if (mx) trace(ctx, mx, a.X, a.Y, (k) => freq(k) / fs, "#e0643c");
    trace(ctx, power, a.X, a.Y, (k) => freq(k) / fs, "#5fb3ff");
    let k = 0;
    for (let i = 1; i < m; i++) if (power[i] > power[k]) k = i;
    // Centre of the peak's group of bins, when the server reduced them.
    const step = d.rate / m;
    const pf = freq(k) + (d.bins > m ? step / 2 - d.rate / d.bins / 2 : 0);
    flowrun.peaks[name] = { freq: pf, power: power[k], bins: d.bins, step: d.rate / d.bins };
    ctx.fillStyle = "#fff";
    ctx.textAlign = "left";
    ctx.fillText(`peak ${+(pf / fs).toPrecision(7)} ${fu}, ${d.db ? power[k].toFixed(1) + " dB" : si(power[k])}`, a.L + 6, a.T + 12);
    info.textContent = `${d.bins} bins · ${si(d.rate)}Hz span · frame ${f.seq}, ${f.dropped} dropped`;
    p.dataset.peakHz = pf;
  };
}

function waterfallDisplay(name) {
  const { p, info } = panel(name, "waterfall");
  const axis = el("canvas", {}, p);
  const actx = setupCanvas(axis, 600, 22);
  const c = el("canvas", { class: "wf" }, p);
  let ctx = null, img = null, rows = 256, width = 0;
  return (f) => {
    const d = f.data;
    const power = dequant(d.power);
    if (power.length !== width) {
      width = power.length;
      c.width = width;
      c.height = rows;
      ctx = c.getContext("2d");
      ctx.fillStyle = "#000";
      ctx.fillRect(0, 0, width, rows);
      img = ctx.createImageData(width, 1);
      const [fs, fu] = freqUnit(Math.max(Math.abs(d.center - d.rate / 2), Math.abs(d.center + d.rate / 2)));
      axes(actx, 600, 22, (d.center - d.rate / 2) / fs, (d.center + d.rate / 2) / fs, 0, 1, fu, (x) => +x.toPrecision(6) + "", () => "");
    }
    ctx.drawImage(c, 0, 0, width, rows - 1, 0, 1, width, rows - 1);
    for (let i = 0; i < width; i++) {
      const [r, g, b] = colour(power[i], d.ymin, d.ymax);
      img.data[4 * i] = r; img.data[4 * i + 1] = g; img.data[4 * i + 2] = b; img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    info.textContent = `${d.bins} bins · ${d.ymin}…${d.ymax} dB · row ${f.seq}, ${f.dropped} dropped`;
  };
}

function timeDisplay(name) {
  const { p, info } = panel(name, "time");
  const c = el("canvas", {}, p);
  const W = 600, H = 260;
  const ctx = setupCanvas(c, W, H);
  return (f) => {
    const d = f.data;
    const re = dequant(d.re), im = dequant(d.im);
    const n = re.length, dt = d.step / d.rate;
    let lo = d.re.lo, hi = d.re.hi;
    if (im) { lo = Math.min(lo, d.im.lo); hi = Math.max(hi, d.im.hi); }
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    const pad = (hi - lo) * 0.05;
    const t0 = d.trig >= 0 ? -d.trig * dt : 0;
    const a = axes(ctx, W, H, t0, t0 + (n - 1) * dt, lo - pad, hi + pad, "s", (x) => si(x), (y) => si(y));
    const tOf = (i) => t0 + i * dt;
    if (d.trig >= 0) {
      ctx.strokeStyle = "#d49a16"; ctx.setLineDash([4, 3]);
      ctx.beginPath(); ctx.moveTo(a.X(0), a.T); ctx.lineTo(a.X(0), H - a.B); ctx.stroke(); ctx.setLineDash([]);
    }
    trace(ctx, re, a.X, a.Y, tOf, "#5fb3ff");
    if (im) trace(ctx, im, a.X, a.Y, tOf, "#e0643c");
    ctx.fillStyle = "#8fe39a"; ctx.textAlign = "left";
    for (const t of d.tags || []) {
      const x = a.X(tOf(t.Index));
      ctx.strokeStyle = "#8fe39a";
      ctx.beginPath(); ctx.moveTo(x, a.T); ctx.lineTo(x, H - a.B); ctx.stroke();
      ctx.fillText(`${t.Key}=${t.Value}`.slice(0, 40), x + 3, a.T + 10);
    }
    info.textContent = `${im ? "I (blue) / Q (red)" : "real"} · ${n} points · frame ${f.seq}, ${f.dropped} dropped`;
  };
}

function constellationDisplay(name) {
  const { p, info } = panel(name, "constellation");
  const c = el("canvas", {}, p);
  const W = 360, H = 360;
  const ctx = setupCanvas(c, W, H);
  c.style.width = W + "px";
  return (f) => {
    const d = f.data;
    const re = dequant(d.re), im = dequant(d.im);
    let r = 0;
    for (const q of [d.re, d.im]) r = Math.max(r, Math.abs(q.lo), Math.abs(q.hi));
    r = r > 0 ? r * 1.1 : 1;
    const a = axes(ctx, W, H, -r, r, -r, r, "I", (x) => si(x, 2), (y) => si(y, 2));
    ctx.fillStyle = "#5fb3ff";
    for (let i = 0; i < re.length; i++) ctx.fillRect(a.X(re[i]) - 1, a.Y(im[i]) - 1, 2.5, 2.5);
    info.textContent = `${re.length} points · frame ${f.seq}, ${f.dropped} dropped`;
  };
}

function numberDisplay(name) {
  const { p, info } = panel(name, "number");
  const n = el("div", { class: "number", text: "–" }, p);
  const bar = el("div", { class: "bar" }, p);
  const fill = el("div", {}, bar);
  return (f) => {
    const d = f.data;
    n.textContent = `${+d.Value.toPrecision(6)} ${d.Unit}`;
    const frac = d.Max > d.Min ? (d.Value - d.Min) / (d.Max - d.Min) : 0;
    fill.style.width = `${100 * Math.min(Math.max(frac, 0), 1)}%`;
    info.textContent = `${d.Min} … ${d.Max} · frame ${f.seq}`;
    p.dataset.value = d.Value;
  };
}

const makers = { spectrum: spectrumDisplay, waterfall: waterfallDisplay, time: timeDisplay, constellation: constellationDisplay, number: numberDisplay };

function onFrame(f) {
  const d = displays[f.block];
  if (!d) return;
  if (!(f.block in droppedAtStart)) droppedAtStart[f.block] = f.dropped;
  f.dropped = droppedSince(f.block, f.dropped);
  flowrun.frames[f.block] = f;
  d(f);
}

// ---------------------------------------------------------------- controls

async function setParam(block, param, value, err) {
  err.textContent = "";
  try {
    const r = await fetch(`/ui/params/${encodeURIComponent(block)}/${encodeURIComponent(param)}`, {
      method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ value }),
    });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || r.statusText);
    return body.value;
  } catch (e) {
    err.textContent = e.message;
    return undefined;
  }
}

const controls = {}; // "block.param" -> function showing a value the graph now holds

function control(fs, b, p) {
  const row = el("div", { class: "ctl", "data-param": `${b.name}.${p.name}` }, fs);
  const id = `ctl-${b.name}-${p.name}`;
  el("label", { for: id, text: p.name, title: p.doc || "" }, row);
  const box = el("div", { class: "pair" }, row);
  el("span", { class: "unit", text: p.unit || "" }, row);
  const err = el("div", { class: "err" }, row);
  const send = async (v, show) => {
    const got = await setParam(b.name, p.name, v, err);
    if (got !== undefined) show(got);
  };
  // A value changed elsewhere is shown, unless the user is editing this control.
  const follow = (show) => (controls[`${b.name}.${p.name}`] = (v) => { if (!row.contains(document.activeElement)) show(v); });
  if (p.type === "bool") {
    const i = el("input", { type: "checkbox", id }, box);
    i.checked = !!p.value;
    i.addEventListener("change", () => send(i.checked, (v) => (i.checked = v)));
    follow((v) => (i.checked = !!v));
  } else if (p.allowed && p.allowed.length) {
    const s = el("select", { id }, box);
    for (const a of p.allowed) el("option", { value: a, text: a }, s);
    s.value = p.value;
    s.addEventListener("change", () => send(s.value, (v) => (s.value = v)));
    follow((v) => (s.value = v));
  } else if (p.type === "float" || p.type === "int") {
    const num = el("input", { type: "number", id, step: p.type === "int" ? "1" : "any" }, box);
    num.value = p.value;
    let range = null;
    if (p.min !== undefined && p.max !== undefined && p.max - p.min <= 1e4) {
      range = el("input", { type: "range", min: p.min, max: p.max, step: p.type === "int" ? 1 : (p.max - p.min) / 1000 }, box);
      box.insertBefore(range, num);
      range.value = p.value;
      range.addEventListener("input", () => (num.value = range.value));
      range.addEventListener("change", () => send(Number(range.value), (v) => { num.value = v; range.value = v; }));
    } else {
      if (p.min !== undefined) num.min = p.min;
      if (p.max !== undefined) num.max = p.max;
    }
    num.addEventListener("change", () => send(Number(num.value), (v) => { num.value = v; if (range) range.value = v; }));
    follow((v) => { num.value = v; if (range) range.value = v; });
  } else if (p.type === "string") {
    const t = el("input", { type: "text", id }, box);
    t.value = p.value;
    t.addEventListener("change", () => send(t.value, (v) => (t.value = v)));
    follow((v) => (t.value = v));
  } else {
    el("input", { type: "text", id, readonly: "", value: JSON.stringify(p.value) }, box);
  }
}

async function setVariable(name, value, err) {
  err.textContent = "";
  try {
    const r = await fetch(`/ui/variables/${encodeURIComponent(name)}`, {
      method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ value }),
    });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || r.statusText);
    return body.value;
  } catch (e) {
    err.textContent = e.message;
    return undefined;
  }
}

const varControls = {}; // variable name -> function showing a value it now has

// variableControl is a slider (when the variable has both bounds) and a
// number field for a bounded variable of the graph file.
function variableControl(fs, v) {
  const row = el("div", { class: "ctl", "data-variable": v.name }, fs);
  const id = `var-${v.name}`;
  el("label", { for: id, text: v.name }, row);
  const box = el("div", { class: "pair" }, row);
  el("span", { class: "unit", text: "" }, row);
  const err = el("div", { class: "err" }, row);
  const num = el("input", { type: "number", id, step: v.step !== undefined ? v.step : "any" }, box);
  if (v.min !== undefined) num.min = v.min;
  if (v.max !== undefined) num.max = v.max;
  num.value = v.value;
  let range = null;
  if (v.min !== undefined && v.max !== undefined) {
    range = el("input", { type: "range", min: v.min, max: v.max, step: v.step !== undefined ? v.step : (v.max - v.min) / 1000 }, box);
    box.insertBefore(range, num);
    range.value = v.value;
    range.addEventListener("input", () => (num.value = range.value));
  }
  const show = (x) => { num.value = x; if (range) range.value = x; };
  const send = async (x) => {
    const got = await setVariable(v.name, x, err);
    if (got !== undefined) show(got);
  };
  if (range) range.addEventListener("change", () => send(Number(range.value)));
  num.addEventListener("change", () => send(Number(num.value)));
  // A value changed elsewhere is shown, unless the user is editing this control.
  varControls[v.name] = (x) => { if (!row.contains(document.activeElement)) show(x); };
}

function drawControls(g) {
  let any = false;
  if (g.variables && g.variables.length) {
    any = true;
    const fs = el("fieldset", { "data-variables": "" }, $("control-list"));
    el("legend", { text: "variables" }, fs);
    for (const v of g.variables) variableControl(fs, v);
  }
  for (const b of g.blocks) {
    if (!b.params.length) continue;
    any = true;
    const fs = el("fieldset", { "data-block": b.name }, $("control-list"));
    el("legend", { text: `${b.name} (${b.id})` }, fs);
    for (const p of b.params) control(fs, b, p);
  }
  $("no-controls").hidden = any;
}

// ---------------------------------------------------------------- start

function connect() {
  const ws = new WebSocket(`ws://${location.host}/ui/ws`);
  ws.onopen = () => { $("conn").textContent = "live"; $("conn").className = "conn ok"; };
  ws.onclose = () => {
    $("conn").textContent = "disconnected (the run may have ended); retrying…";
    $("conn").className = "conn";
    setTimeout(connect, 2000);
  };
  ws.onmessage = (ev) => {
    flowrun.messages++;
    flowrun.bytes += ev.data.length;
    const m = JSON.parse(ev.data);
    if (m.t === "stats") updateStats(m);
    else if (m.t === "frame") onFrame(m);
    else if (m.t === "params") {
      for (const [b, ps] of Object.entries(m.values)) {
        for (const [p, v] of Object.entries(ps)) if (controls[`${b}.${p}`]) controls[`${b}.${p}`](v);
      }
      for (const [n, v] of Object.entries(m.variables || {})) if (varControls[n]) varControls[n](v);
    }
  };
}

async function start() {
  const g = await (await fetch("/ui/graph")).json();
  flowrun.graph = g;
  if (g.name) {
    document.title = `${g.name} · flowrun`;
    $("title").textContent = `flowrun · ${g.name}`;
  }
  drawGraph(g);
  flowrun.painted = performance.now();
  let any = false;
  for (const b of g.blocks) {
    if (b.display && makers[b.display]) {
      displays[b.name] = makers[b.display](b.name);
      any = true;
    }
  }
  $("no-displays").hidden = any;
  drawControls(g);
  connect();
}

start().catch((e) => { $("conn").textContent = "error: " + e.message; });
