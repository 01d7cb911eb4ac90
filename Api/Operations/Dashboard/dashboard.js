// The live cluster dashboard: polls GET /v1/cluster with the operator token, keeps a short history in this page
// (the server keeps none) and renders silos, charts, membership events, grain types, methods and storage.
import { rate, histogramDelta, histogramSum, quantile, mean, formatNumber, formatBytes, formatSeconds, formatAge, formatPercent, colourOf } from './figures.js';
import { drawChart } from './charts.js';
import { alertsFor } from './alerts.js';
import { element, grainTypeTotals, renderGrainTypes, renderMethods, renderStorage, renderStreams } from './tables.js';

const tokenKey = 'orleansbackend.operatorToken';
const params = new URLSearchParams(location.search);
const pollMilliseconds = Math.max(500, Number(params.get('interval')) || 2000);
const historyLength = 180;

const state = {
  token: null,
  timer: null,
  updates: 0,
  answers: [],          // the last answers, oldest first: [{ t, data }]
  silos: new Map(),     // silo id -> { name, colour, samples: [{ t, ...figures }] }
  statuses: new Map(),  // silo id -> last status seen ('gone' once it left the table)
  reachable: new Map(), // silo id -> whether its figures could be read
  events: [],           // [{ t, text, kind }]
};

const $ = id => document.getElementById(id);

function start() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) {
    sessionStorage.setItem(tokenKey, hash.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  state.token = sessionStorage.getItem(tokenKey);
  $('login').addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem(tokenKey, $('token-input').value.trim());
    state.token = sessionStorage.getItem(tokenKey);
    $('login-error').textContent = '';
    poll();
  });
  if (state.token) poll(); else showLogin('');
}

function showLogin(message) {
  clearTimeout(state.timer);
  $('login').hidden = false;
  $('main').hidden = true;
  $('login-error').textContent = message;
  setStatus('idle', 'not connected');
}

async function poll() {
  clearTimeout(state.timer);
  try {
    const response = await fetch('/v1/cluster', { headers: { Authorization: 'Bearer ' + state.token }, cache: 'no-store' });
    if (response.status === 401 || response.status === 403) {
      const problem = await response.json().catch(() => ({}));
      sessionStorage.removeItem(tokenKey);
      showLogin(problem.detail || 'The operator token was refused.');
      return;
    }
    if (!response.ok) throw new Error('GET /v1/cluster answered ' + response.status);
    const data = await response.json();
    $('login').hidden = true;
    $('main').hidden = false;
    ingest(data);
    render(data);
    state.updates++;
    setStatus('ok', 'live · updated ' + new Date(data.generatedAt).toLocaleTimeString() + ' · every ' + pollMilliseconds / 1000 + ' s');
  } catch (error) {
    setStatus('error', 'cannot read the cluster: ' + error.message);
  }
  state.timer = setTimeout(poll, pollMilliseconds);
}

function setStatus(kind, text) {
  const line = $('status-line');
  line.dataset.state = kind;
  line.dataset.updates = String(state.updates);
  line.textContent = text;
}

/** Adds an answer to the history and records membership events by comparing it with the previous one. */
function ingest(data) {
  const t = Date.parse(data.generatedAt);
  const first = state.answers.length === 0;
  state.answers.push({ t, data });
  if (state.answers.length > historyLength) state.answers.shift();

  const seen = new Set();
  for (const silo of data.silos) {
    seen.add(silo.id);
    const previous = state.statuses.get(silo.id);
    if (!first && previous === undefined) event(t, `${silo.name} (${silo.address}) joined as ${silo.status}`, silo.status === 'dead' ? 'bad' : 'join');
    else if (previous !== undefined && previous !== silo.status) event(t, `${silo.name} ${previous} → ${silo.status}`, silo.status === 'dead' ? 'bad' : 'change');
    state.statuses.set(silo.id, silo.status);
    const reachable = silo.metrics != null;
    if (silo.status !== 'dead' && state.reachable.has(silo.id) && state.reachable.get(silo.id) !== reachable) {
      event(t, reachable ? `${silo.name}: figures readable again` : `${silo.name}: figures unreadable (${silo.metricsError})`, reachable ? 'change' : 'bad');
    }
    state.reachable.set(silo.id, reachable);
    if (!state.silos.has(silo.id)) state.silos.set(silo.id, { name: silo.name, colour: colourOf(silo.name + silo.id), samples: [] });
    const record = state.silos.get(silo.id);
    record.status = silo.status;
    if (silo.metrics) {
      record.samples.push(sampleOf(t, silo));
      if (record.samples.length > historyLength) record.samples.shift();
    }
  }
  for (const [id, status] of state.statuses) {
    if (!seen.has(id) && status !== 'gone') {
      event(t, `${state.silos.get(id)?.name ?? id} left the membership table`, 'change');
      state.statuses.set(id, 'gone');
    }
  }
  if (first) event(t, `connected: ${data.silos.filter(s => s.status === 'active').length} active silo(s), membership version ${data.membershipVersion}`, 'info');
}

function event(t, text, kind) {
  state.events.push({ t, text, kind });
  if (state.events.length > 200) state.events.shift();
}

function sampleOf(t, silo) {
  const m = silo.metrics;
  const methods = new Map(m.methods.map(x => [x.interface + '.' + x.method, x]));
  return {
    t, activations: silo.activationCount, calls: m.calls, errors: m.callErrors, latency: m.callLatency, methods,
    sent: m.messagesSent, received: m.messagesReceived, bytesSent: m.bytesSent, bytesReceived: m.bytesReceived,
    cpu: m.process.cpuSeconds, gc: m.process.gcCollections, storage: m.storage,
  };
}

/** The sample to compare the latest with: the one before it (rates over one poll interval). */
function pair(samples) {
  return samples.length >= 2 ? [samples[samples.length - 1], samples[samples.length - 2]] : [samples[samples.length - 1], null];
}

/** Per-silo derived figures of the latest answer. */
function derive(silo) {
  const record = state.silos.get(silo.id);
  // Only a silo whose figures were read in this answer has current rates; old samples are history.
  const [now, before] = record && silo.metrics && silo.status !== 'dead' ? pair(record.samples) : [null, null];
  const latency = histogramDelta(now?.latency, before?.latency);
  return {
    silo, record, now, before, latency,
    callsRate: rate(now, before, s => s.calls),
    errorsRate: rate(now, before, s => s.errors),
    p50: quantile(latency, 0.5), p99: quantile(latency, 0.99),
    receivedRate: rate(now, before, s => s.received), sentRate: rate(now, before, s => s.sent),
    bytesInRate: rate(now, before, s => s.bytesReceived), bytesOutRate: rate(now, before, s => s.bytesSent),
    cpu: rate(now, before, s => s.cpu), gcRate: rate(now, before, s => s.gc),
    writesRate: rate(now, before, s => s.storage.writes), conflictsRate: rate(now, before, s => s.storage.conflicts),
  };
}

function render(data) {
  $('cluster-id').textContent = `${data.clusterId} / ${data.serviceId} · ${data.mode}`;
  const order = { active: 0, joining: 1, shutting_down: 2, dead: 3 };
  const silos = [...data.silos].sort((a, b) => (order[a.status] ?? 4) - (order[b.status] ?? 4) || Date.parse(a.started) - Date.parse(b.started));
  const derived = silos.map(derive);
  const now = Date.parse(data.generatedAt);
  renderSummary(data, derived);
  renderAlerts(alertsFor(data, derived, now));
  renderSilos(derived, now);
  renderCharts(now);
  renderEvents();
  renderGrainTypes(derived);
  renderMethods(derived);
  renderStorage(derived);
  renderStreams(derived);
  renderRoutes(data);
}

function renderSummary(data, derived) {
  const live = derived.filter(d => d.silo.status !== 'dead');
  const active = data.silos.filter(s => s.status === 'active').length;
  const activations = live.reduce((sum, d) => sum + (d.silo.activationCount ?? 0), 0);
  const calls = sumOf(live.map(d => d.callsRate));
  const errors = sumOf(live.map(d => d.errorsRate));
  const latency = histogramSum(live.map(d => d.latency));
  const messages = sumOf(live.map(d => d.receivedRate));
  const cards = [
    ['silos-active', 'Active silos', active, `${data.silos.length} in table · v${data.membershipVersion}`],
    ['activations', 'Activations', activations, `${Object.keys(grainTypeTotals(derived)).length} grain types`],
    ['calls-rate', 'Grain calls/s', calls, calls == null ? 'needs two samples' : `${formatNumber(errors)} errors/s`],
    ['error-ratio', 'Error ratio', calls ? (errors ?? 0) / calls : null, 'of grain calls'],
    ['p50', 'p50 latency', quantile(latency, 0.5), 'grain calls, last interval'],
    ['p99', 'p99 latency', quantile(latency, 0.99), `mean ${formatSeconds(mean(latency))}`],
    ['messages-rate', 'Messages/s', messages, 'received by silos'],
  ];
  const section = $('summary');
  section.replaceChildren(...cards.map(([key, label, value, sub]) => {
    const card = element('div', 'card');
    card.dataset.figure = key;
    card.dataset.value = value == null ? '' : String(value);
    const text = key === 'p50' || key === 'p99' ? formatSeconds(value) : key === 'error-ratio' ? formatPercent(value) : formatNumber(value);
    card.append(element('div', 'label', label), element('div', 'value', text), element('div', 'sub', sub));
    return card;
  }));
}

function renderAlerts(alerts) {
  const list = $('alerts');
  if (alerts.length === 0) {
    list.replaceChildren(element('li', 'ok', 'Nothing needs attention.'));
    return;
  }
  list.replaceChildren(...alerts.map(a => element('li', a.severity, a.text)));
}

function renderSilos(derived, now) {
  const total = derived.reduce((sum, d) => sum + (d.silo.status !== 'dead' ? d.silo.activationCount ?? 0 : 0), 0);
  $('silos').tBodies[0].replaceChildren(...derived.map(d => {
    const s = d.silo;
    const row = document.createElement('tr');
    row.dataset.siloId = s.id;
    row.dataset.status = s.status;
    row.dataset.activations = String(s.activationCount ?? '');
    row.dataset.callsRate = d.callsRate == null ? '' : String(d.callsRate);
    const name = element('td', 'text');
    const swatch = element('span', 'swatch');
    swatch.style.background = d.record?.colour ?? '#8b949e';
    name.append(swatch, s.name);
    const status = element('td', 'status text');
    status.append(element('span', 'badge ' + s.status, s.status.replace('_', ' ')));
    if (s.suspicions > 0) status.append(' ', element('span', 'bad', `${s.suspicions} suspicion(s)`));
    const share = element('td');
    const bar = element('span', 'bar');
    const fill = element('span');
    fill.style.width = (total > 0 && s.status !== 'dead' ? Math.round(((s.activationCount ?? 0) / total) * 100) : 0) + '%';
    bar.append(fill);
    share.append(bar);
    const heartbeat = now - Date.parse(s.lastHeartbeat);
    const unreadable = s.metrics == null && s.status !== 'dead';
    row.append(
      name, status, element('td', 'text', s.address), element('td', '', formatAge(now - Date.parse(s.started))),
      element('td', heartbeat > 15000 && s.status === 'active' ? 'warn' : '', s.status === 'dead' ? '–' : formatAge(heartbeat)),
      element('td', unreadable ? 'bad' : '', unreadable ? 'unreadable' : formatNumber(s.activationCount)), share,
      element('td', '', formatNumber(d.callsRate)), element('td', d.errorsRate > 0 ? 'bad' : '', formatNumber(d.errorsRate)),
      element('td', '', formatSeconds(d.p50)), element('td', d.p99 > 1 ? 'warn' : '', formatSeconds(d.p99)),
      element('td', '', `${formatNumber(d.receivedRate)} / ${formatNumber(d.sentRate)}`),
      element('td', '', d.bytesInRate == null ? '–' : `${formatBytes(d.bytesInRate)}/s / ${formatBytes(d.bytesOutRate)}/s`),
      element('td', '', formatPercent(d.cpu)), element('td', '', formatBytes(s.metrics?.process.workingSetBytes)),
      element('td', '', formatNumber(d.gcRate)),
      element('td', '', s.metrics?.activeSilosSeen == null ? '–' : String(s.metrics.activeSilosSeen)));
    return row;
  }));
}

function renderCharts(now) {
  // The window fills with what this page has seen, up to its history length.
  const oldest = state.answers.length > 0 ? state.answers[0].t : now;
  const from = Math.max(now - historyLength * pollMilliseconds, Math.min(oldest, now - 10 * pollMilliseconds));
  const records = [...state.silos.values()];
  const markers = state.events.filter(e => e.kind !== 'info').map(e => ({ t: e.t, colour: e.kind === 'bad' ? '#f85149' : '#d29922' }));
  const series = pick => records.map(r => ({
    name: r.name, colour: r.colour,
    points: r.samples.map((s, i) => ({ t: s.t, v: pick(s, r.samples[i - 1]) })),
  }));
  drawChart($('chart-activations'), series(s => s.activations), markers, { from, to: now, stacked: true, format: v => formatNumber(v) });
  drawChart($('chart-calls'), series((s, b) => rate(s, b, x => x.calls)), markers, { from, to: now, format: v => formatNumber(v) });
  drawChart($('chart-latency'), series((s, b) => quantile(histogramDelta(s.latency, b?.latency), 0.99)), markers, { from, to: now, format: formatSeconds });
  $('legend').replaceChildren(...records.map(r => {
    const item = element('span');
    const swatch = element('span', 'swatch');
    swatch.style.background = r.colour;
    const status = state.statuses.get(idOf(r));
    item.append(swatch, r.name + (status === 'gone' ? ' (gone)' : status === 'dead' ? ' (dead)' : ''));
    return item;
  }));
}

function idOf(record) {
  for (const [id, r] of state.silos) if (r === record) return id;
  return null;
}

function renderEvents() {
  $('events').replaceChildren(...[...state.events].reverse().slice(0, 60).map(e => {
    const item = element('li', e.kind === 'bad' ? 'bad' : '');
    item.append(element('time', '', new Date(e.t).toLocaleTimeString()), e.text);
    return item;
  }));
}

function renderRoutes(data) {
  const api = data.api;
  $('api-instance').textContent = `(${api.instance}, up ${formatAge(Date.parse(data.generatedAt) - Date.parse(api.started))}, CPU ${formatNumber(api.process.cpuSeconds)} s)`;
  const previous = state.answers.length >= 2 ? state.answers[state.answers.length - 2] : null;
  const sameInstance = previous && previous.data.api.instance === api.instance;
  const before = new Map(sameInstance ? previous.data.api.routes.map(r => [r.method + r.route + r.status, r]) : []);
  const seconds = sameInstance ? (Date.parse(data.generatedAt) - previous.t) / 1000 : 0;
  const rows = [...api.routes].sort((a, b) => b.requests - a.requests);
  $('routes').tBodies[0].replaceChildren(...rows.map(r => {
    const earlier = before.get(r.method + r.route + r.status);
    const requestsRate = seconds > 0 && earlier ? Math.max(0, r.requests - earlier.requests) / seconds : null;
    const row = document.createElement('tr');
    row.append(element('td', 'text', r.method), element('td', 'text', r.route), element('td', r.status >= 500 ? 'bad' : r.status >= 400 ? 'warn' : '', String(r.status)),
      element('td', '', formatNumber(requestsRate)), element('td', '', formatNumber(r.requests)),
      element('td', '', formatSeconds(quantile(r.latency, 0.5))), element('td', '', formatSeconds(quantile(r.latency, 0.99))));
    return row;
  }));
}

function sumOf(values) {
  const known = values.filter(v => v != null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}


start();
