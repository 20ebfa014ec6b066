// The trader's page: one live table per category, fed by GET /api/categories/{name}/stream.
// Plain JavaScript, no build step. State a test can read is mirrored on <body data-*>:
// data-category, data-sequence (the last applied ranking sequence), data-resyncs (full
// rankings fetched after a sequence gap) and data-connection.
"use strict";

const NY_TIME = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
});
const SESSIONS = { PRE_MARKET: "Pre-market", MARKET_OPEN: "Regular", POST_MARKET: "Post-market", CLOSED: "Closed" };
const LABELS = {
  gappers_up: "Gappers up", gappers_down: "Gappers down", momentum_up: "Momentum up", momentum_down: "Momentum down",
  winners: "Winners", losers: "Losers", high_volume: "High volume", anomalies: "Anomalies", new_highs: "New highs",
  new_lows: "New lows", reversals: "Reversals", post_market: "Post-market",
};
const LEAVE_MS = 1500;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 15000;

// Columns: key, cell class, and how the value reads (fixed decimals; a signed value carries
// a minus sign and an arrow, so a fall reads without colour).
const COLUMNS = [
  { key: "rank", cls: "num", text: r => String(r.rank) },
  { key: "symbol", cls: "symbol", text: r => r.symbol },
  { key: "name", cls: "name", text: r => r.name ?? "" },
  { key: "price", cls: "num", text: r => fixed(r.price, 2) },
  { key: "change_percent", cls: "num", signed: true, text: r => signed(r.change_percent, 2) },
  { key: "gap_percent", cls: "num", signed: true, text: r => signed(r.gap_percent, 2) },
  { key: "rvol", cls: "num", text: r => fixed(r.rvol, 2) },
  { key: "volume", cls: "num", text: r => r.volume == null ? "–" : Math.round(r.volume).toLocaleString("en-US") },
  { key: "from_high_percent", cls: "num from-high", text: r => fixed(r.from_high_percent, 2) },
];

function fixed(value, decimals) {
  return value == null || !Number.isFinite(value) ? "–" : value.toFixed(decimals);
}

function signed(value, decimals) {
  if (value == null || !Number.isFinite(value)) return "–";
  const text = Math.abs(value).toFixed(decimals);
  if (Number(text) === 0) return text;
  return value > 0 ? `▲ +${text}` : `▼ −${text}`;
}

// The README's rule: drop `remove` symbols, merge each `update`'s fields into its row, place
// `add` rows and `rerank` symbols at their rank, fill the remaining ranks with the other rows
// in their previous order.
function applyOps(rows, ops) {
  const removed = new Set();
  const updated = new Map();
  const placed = new Map();
  const moved = new Set();
  for (const op of ops) {
    switch (op.op) {
      case "remove": removed.add(op.symbol); break;
      case "update": updated.set(op.symbol, op.fields); break;
      case "add": placed.set(op.rank - 1, op.row); break;
      case "rerank": moved.add(op.symbol); break;
      default: throw new Error(`Unknown ranking operation '${op.op}'`);
    }
  }
  const survivors = [];
  for (const row of rows) {
    if (removed.has(row.symbol)) continue;
    const fields = updated.get(row.symbol);
    survivors.push(fields ? { ...row, ...fields } : row);
  }
  for (const op of ops) {
    if (op.op !== "rerank") continue;
    const row = survivors.find(r => r.symbol === op.symbol);
    if (!row) throw new Error(`Rerank of '${op.symbol}', which is not in the ranking`);
    placed.set(op.rank - 1, row);
  }
  const result = new Array(survivors.length + placed.size - moved.size);
  for (const [slot, row] of placed) result[slot] = row;
  let next = 0;
  for (const row of survivors) {
    if (moved.has(row.symbol)) continue;
    while (placed.has(next)) next++;
    result[next++] = row;
  }
  return result.map((row, i) => ({ ...row, rank: i + 1 }));
}

const state = {
  category: null,
  rows: [],
  sequence: -1,
  source: null,
  resyncing: false,
  queued: [],
  retryMs: RETRY_MIN_MS,
  retryTimer: 0,
  resyncs: 0,
  trs: new Map(),
};

const $ = id => document.getElementById(id);

function setConnection(name, text) {
  const el = $("connection");
  el.dataset.state = name;
  el.textContent = text;
  document.body.dataset.connection = name;
}

function showMeta(e) {
  $("session").textContent = SESSIONS[e.session] ?? e.session;
  const asOf = new Date(e.as_of);
  $("as-of").textContent = asOf.getTime() <= 0 ? "–" : NY_TIME.format(asOf).replace(",", "");
  state.sequence = e.sequence;
  document.body.dataset.sequence = String(e.sequence);
}

function cellsOf(tr) { return tr.children; }

function fillRow(tr, row, flash) {
  COLUMNS.forEach((column, i) => {
    const td = cellsOf(tr)[i];
    const text = column.text(row);
    if (td.textContent === text) return;
    td.textContent = text;
    if (column.signed) {
      const value = row[column.key];
      td.classList.toggle("up", value > 0);
      td.classList.toggle("down", value < 0);
    }
    if (flash && column.key !== "rank") {
      td.classList.remove("flash");
      void td.offsetWidth; // restart the animation
      td.classList.add("flash");
    }
  });
}

function newRow(row) {
  const tr = document.createElement("tr");
  tr.dataset.symbol = row.symbol;
  for (const column of COLUMNS) {
    const td = document.createElement("td");
    td.className = column.cls;
    tr.appendChild(td);
  }
  fillRow(tr, row, false);
  return tr;
}

// Redraws the table as `rows`, reusing each symbol's row: changed cells flash, new rows are
// marked entering, rows gone stay a moment marked leaving (struck through) before they go.
function render(rows, animate) {
  const body = $("rows");
  const next = new Map();
  for (const row of rows) {
    let tr = state.trs.get(row.symbol);
    if (tr) {
      tr.classList.remove("leaving");
      fillRow(tr, row, animate);
    } else {
      tr = newRow(row);
      if (animate) tr.classList.add("entering");
    }
    next.set(row.symbol, tr);
  }
  for (const [symbol, tr] of state.trs) {
    if (next.has(symbol)) continue;
    if (!animate) { tr.remove(); continue; }
    tr.classList.add("leaving");
    setTimeout(() => { if (tr.classList.contains("leaving")) tr.remove(); }, LEAVE_MS);
  }
  // Live rows in rank order; leaving rows keep their place after them until they go.
  let anchor = body.firstChild;
  for (const tr of next.values()) {
    if (tr !== anchor) body.insertBefore(tr, anchor);
    anchor = tr.nextSibling;
  }
  state.trs = next;
  state.rows = rows;
  $("empty").hidden = rows.length > 0;
}

function applyFull(e, animate) {
  render(e.rows, animate);
  showMeta(e);
}

function applyDelta(e) {
  if (e.sequence <= state.sequence) return; // already in the full ranking
  if (e.sequence !== state.sequence + 1) {
    resync(`sequence ${state.sequence} then ${e.sequence}`);
    return;
  }
  render(applyOps(state.rows, e.ops), true);
  showMeta(e);
}

// A gap: fetch the whole ranking; deltas arriving meanwhile wait and are applied after it.
async function resync(reason) {
  if (state.resyncing) return;
  state.resyncing = true;
  state.queued = [];
  const category = state.category;
  setConnection("resyncing", "Resyncing…");
  console.info(`Tradeul: resync ${category} (${reason})`);
  try {
    const response = await fetch(`/api/categories/${encodeURIComponent(category)}`, { cache: "no-store" });
    if (!response.ok) throw new Error(`GET /api/categories/${category}: HTTP ${response.status}`);
    const full = await response.json();
    if (category !== state.category) return;
    state.resyncs++;
    document.body.dataset.resyncs = String(state.resyncs);
    applyFull(full, true);
    const queued = state.queued.sort((a, b) => a.sequence - b.sequence);
    state.resyncing = false;
    for (const e of queued) applyDelta(e);
    if (!state.resyncing) setConnection("live", "Live");
  } catch (error) {
    console.error("Tradeul: resync failed", error);
    state.resyncing = false;
    reconnect();
  } finally {
    state.queued = [];
  }
}

function onEvent(kind, message) {
  let e;
  try {
    e = JSON.parse(message.data);
  } catch (error) {
    console.error(`Tradeul: unreadable ${kind} event`, error);
    resync("unreadable event");
    return;
  }
  state.retryMs = RETRY_MIN_MS;
  if (kind === "full") {
    // Every (re)connection starts with the full ranking.
    state.resyncing = false;
    state.queued = [];
    applyFull(e, state.sequence >= 0);
    setConnection("live", "Live");
  } else if (state.resyncing) {
    state.queued.push(e);
  } else {
    try {
      applyDelta(e);
    } catch (error) {
      console.error("Tradeul: delta did not apply", error);
      resync("delta did not apply");
    }
  }
}

function connect() {
  clearTimeout(state.retryTimer);
  if (state.source) state.source.close();
  const source = new EventSource(`/api/categories/${encodeURIComponent(state.category)}/stream`);
  state.source = source;
  source.addEventListener("full", m => onEvent("full", m));
  source.addEventListener("delta", m => onEvent("delta", m));
  source.onerror = () => {
    if (source !== state.source) return;
    if (source.readyState === EventSource.CLOSED) {
      reconnect(); // the browser gave up (e.g. an HTTP error): retry ourselves
    } else {
      setConnection("reconnecting", "Reconnecting…"); // the browser retries; its first event is a full ranking
    }
  };
}

function reconnect() {
  if (state.source) state.source.close();
  state.source = null;
  setConnection("offline", `Offline, retrying in ${Math.round(state.retryMs / 1000)} s`);
  clearTimeout(state.retryTimer);
  state.retryTimer = setTimeout(connect, state.retryMs);
  state.retryMs = Math.min(state.retryMs * 2, RETRY_MAX_MS);
}

function select(category, focus) {
  for (const tab of $("tabs").children) {
    const selected = tab.dataset.category === category;
    tab.setAttribute("aria-selected", String(selected));
    if (selected) {
      $("panel").setAttribute("aria-labelledby", tab.id);
      $("caption").textContent = `${tab.textContent}, ranked`;
      if (focus) tab.focus();
    }
  }
  if (category === state.category) return;
  state.category = category;
  state.sequence = -1;
  state.resyncing = false;
  state.queued = [];
  state.trs.clear();
  $("rows").replaceChildren();
  document.body.dataset.category = category;
  history.replaceState(null, "", `#${category}`);
  setConnection("connecting", "Connecting…");
  connect();
}

// Every tab is in the Tab order (a trader may jump straight to one); arrows, Home and End move too.
function onTabKey(event) {
  const tabs = [...$("tabs").children];
  const i = tabs.indexOf(event.target);
  const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (to === undefined) return;
  event.preventDefault();
  const tab = tabs[(to + tabs.length) % tabs.length];
  select(tab.dataset.category, true);
}

async function start() {
  let names;
  try {
    const response = await fetch("/api/categories", { cache: "no-store" });
    if (!response.ok) throw new Error(`GET /api/categories: HTTP ${response.status}`);
    names = (await response.json()).map(c => c.name);
  } catch (error) {
    console.error("Tradeul: categories unavailable", error);
    setConnection("offline", "Scanner unreachable, retrying");
    setTimeout(start, RETRY_MAX_MS);
    return;
  }
  const tabs = $("tabs");
  for (const name of names) {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = `tab-${name}`;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", "panel");
    tab.dataset.category = name;
    tab.textContent = LABELS[name] ?? name.replaceAll("_", " ");
    tab.addEventListener("click", () => select(name, false));
    tab.addEventListener("keydown", onTabKey);
    tabs.appendChild(tab);
  }
  const wanted = decodeURIComponent(location.hash.slice(1));
  select(names.includes(wanted) ? wanted : names[0], false);
}

start();
