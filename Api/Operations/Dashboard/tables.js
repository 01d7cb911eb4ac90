// The dashboard's tables over grain types, grain methods, storage and streams (one answer's derived figures).
import { histogramDelta, histogramSum, quantile, mean, formatNumber, formatSeconds } from './figures.js';

const $ = id => document.getElementById(id);

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

export function grainTypeTotals(derived) {
  const totals = {};
  for (const d of derived) {
    if (d.silo.status === 'dead' || !d.silo.metrics) continue;
    for (const [type, count] of Object.entries(d.silo.metrics.activationsByType)) totals[type] = (totals[type] ?? 0) + count;
  }
  return totals;
}

export function renderGrainTypes(derived) {
  const live = derived.filter(d => d.silo.status !== 'dead' && d.silo.metrics);
  const totals = grainTypeTotals(derived);
  const head = document.createElement('tr');
  head.append(element('th', 'text', 'Grain type'), ...live.map(d => element('th', '', d.silo.name)), element('th', '', 'Total'),
    element('th', '', 'Spread'));
  $('grain-types').tHead.replaceChildren(head);
  const types = Object.keys(totals).sort((a, b) => totals[b] - totals[a]);
  $('grain-types').tBodies[0].replaceChildren(...types.map(type => {
    const counts = live.map(d => d.silo.metrics.activationsByType[type] ?? 0);
    const average = totals[type] / Math.max(1, live.length);
    const spread = average > 0 ? Math.max(...counts) / average : null;
    const row = document.createElement('tr');
    row.dataset.grainType = type;
    row.append(element('td', 'text', type), ...counts.map(c => element('td', '', formatNumber(c))), element('td', '', formatNumber(totals[type])),
      element('td', spread > 1.5 && totals[type] >= 20 ? 'warn' : '', spread == null ? '–' : spread.toFixed(2) + '×'));
    return row;
  }));
}

export function renderMethods(derived) {
  const methods = new Map();
  for (const d of derived) {
    if (!d.now) continue;
    const seconds = d.before ? (d.now.t - d.before.t) / 1000 : 0;
    for (const [key, m] of d.now.methods) {
      const before = d.before?.methods.get(key);
      const entry = methods.get(key) ?? { interface: m.interface, method: m.method, rate: 0, errors: 0, total: 0, latency: [] };
      if (seconds > 0 && m.calls >= (before?.calls ?? 0)) entry.rate += (m.calls - (before?.calls ?? 0)) / seconds;
      entry.errors += m.errors;
      entry.total += m.calls;
      entry.latency.push(histogramDelta(m.latency, before?.latency));
      methods.set(key, entry);
    }
  }
  const rows = [...methods.values()].sort((a, b) => b.rate - a.rate || b.total - a.total).slice(0, 25);
  $('methods').tBodies[0].replaceChildren(...rows.map(m => {
    const latency = histogramSum(m.latency);
    const row = document.createElement('tr');
    row.append(element('td', 'text', m.interface), element('td', 'text', m.method), element('td', '', formatNumber(m.rate)),
      element('td', m.errors > 0 ? 'bad' : '', formatNumber(m.errors)), element('td', '', formatSeconds(mean(latency))),
      element('td', '', formatSeconds(quantile(latency, 0.5))), element('td', '', formatSeconds(quantile(latency, 0.99))),
      element('td', '', formatNumber(m.total)));
    return row;
  }));
}

export function renderStorage(derived) {
  const live = derived.filter(d => d.silo.metrics);
  $('storage').tBodies[0].replaceChildren(...live.map(d => {
    const storage = d.silo.metrics.storage;
    const row = document.createElement('tr');
    row.append(element('td', 'text', d.silo.name), element('td', '', formatNumber(d.writesRate)),
      element('td', d.conflictsRate > 0 ? 'warn' : '', formatNumber(d.conflictsRate)),
      element('td', storage.writeErrors > 0 ? 'bad' : '', formatNumber(storage.writeErrors)),
      element('td', storage.failures > 0 ? 'bad' : '', formatNumber(storage.failures)),
      element('td', '', formatSeconds(mean(storage.readLatency))), element('td', '', formatSeconds(quantile(storage.writeLatency, 0.99))));
    return row;
  }));
}

export function renderStreams(derived) {
  const live = derived.filter(d => d.silo.metrics && Object.keys(d.silo.metrics.streams).length > 0);
  $('streams-section').hidden = live.length === 0;
  if (live.length === 0) return;
  const names = [...new Set(live.flatMap(d => Object.keys(d.silo.metrics.streams)))].sort();
  const head = document.createElement('tr');
  head.append(element('th', 'text', 'Figure'), ...live.map(d => element('th', '', d.silo.name)));
  $('streams').tHead.replaceChildren(head);
  $('streams').tBodies[0].replaceChildren(...names.map(name => {
    const row = document.createElement('tr');
    row.append(element('td', 'text', name), ...live.map(d => element('td', '', formatNumber(d.silo.metrics.streams[name]))));
    return row;
  }));
}
