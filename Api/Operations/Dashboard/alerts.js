// What needs an operator's attention, derived from one answer and the rates this page computed.
import { formatPercent, formatSeconds } from './figures.js';

/** [{ severity: 'bad' | 'warn', text }] for the latest answer. */
export function alertsFor(data, derived, now) {
  const alerts = [];
  const bad = text => alerts.push({ severity: 'bad', text });
  const warn = text => alerts.push({ severity: 'warn', text });
  const active = derived.filter(d => d.silo.status === 'active');

  if (active.length === 0) bad('No silo is active: grain calls cannot be served.');
  for (const d of derived) {
    const s = d.silo;
    if (s.status === 'dead') continue;
    if (s.suspicions > 0) bad(`${s.name} is suspected dead by ${s.suspicions} silo(s).`);
    if (s.status === 'joining' && now - Date.parse(s.started) > 30000) warn(`${s.name} has been joining for more than 30 s.`);
    if (s.status === 'active' && now - Date.parse(s.lastHeartbeat) > 15000) warn(`${s.name}'s last heartbeat is ${Math.round((now - Date.parse(s.lastHeartbeat)) / 1000)} s old.`);
    if (!s.metrics) warn(`${s.name}'s figures cannot be read: ${s.metricsError}.`);
    if (s.metrics?.activeSilosSeen != null && s.status === 'active' && s.metrics.activeSilosSeen !== active.length) {
      warn(`${s.name} sees ${s.metrics.activeSilosSeen} active silo(s), the table has ${active.length}: its membership view is behind.`);
    }
    if (d.callsRate > 0 && d.errorsRate / d.callsRate > 0.01) bad(`${s.name}: ${formatPercent(d.errorsRate / d.callsRate)} of grain calls fail.`);
    if (d.p99 > 1) warn(`${s.name}: p99 grain-call latency is ${formatSeconds(d.p99)}.`);
    if (d.conflictsRate > 0) warn(`${s.name}: storage write conflicts (${d.conflictsRate.toFixed(1)}/s) — duplicate activations or concurrent writers.`);
    if (s.metrics && s.metrics.storage.failures > 0 && d.before && s.metrics.storage.failures > (d.before.storage?.failures ?? 0)) bad(`${s.name}: storage operations are failing.`);
    if (s.metrics && s.metrics.process.threadPoolQueueLength > 100) warn(`${s.name}: ${s.metrics.process.threadPoolQueueLength} work items wait for the thread pool.`);
  }

  // Placement should spread activations evenly; a silo far above the mean is a hot spot.
  const counts = active.map(d => d.silo.activationCount).filter(c => c != null);
  const total = counts.reduce((a, b) => a + b, 0);
  if (counts.length > 1 && total >= 30) {
    const average = total / counts.length;
    for (const d of active) {
      if (d.silo.activationCount > 1.5 * average) warn(`${d.silo.name} holds ${(d.silo.activationCount / average).toFixed(1)}× the average number of activations.`);
    }
  }

  const dead = data.silos.filter(s => s.status === 'dead').length;
  if (dead > 0) warn(`${dead} dead silo(s) remain in the membership table (kept until they expire).`);
  return alerts;
}
