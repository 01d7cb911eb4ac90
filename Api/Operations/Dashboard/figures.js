// Pure arithmetic over GET /v1/cluster answers: rates between two answers, latency quantiles from
// histogram bucket deltas, and number formatting. No DOM here.

/** Per-second rate of a cumulative counter between two samples; null when unknown or the counter was reset. */
export function rate(now, before, pick) {
  if (!now || !before) return null;
  const seconds = (now.t - before.t) / 1000;
  if (seconds <= 0) return null;
  const a = pick(now), b = pick(before);
  if (a == null || b == null || a < b) return null;
  return (a - b) / seconds;
}

/** The difference of two cumulative histograms (same bounds); null when the later one is not newer. */
export function histogramDelta(now, before) {
  if (!now || !now.buckets || now.buckets.length === 0) return null;
  if (!before || !before.buckets || before.buckets.length !== now.buckets.length) return now;
  const buckets = now.buckets.map((v, i) => v - before.buckets[i]);
  if (buckets.some(v => v < 0)) return null;
  return { bounds: now.bounds, buckets, sum: now.sum - before.sum, count: now.count - before.count };
}

/** Sums histograms with identical bounds (for cluster-wide figures). */
export function histogramSum(histograms) {
  let total = null;
  for (const h of histograms) {
    if (!h || !h.buckets || h.buckets.length === 0) continue;
    if (!total) { total = { bounds: h.bounds, buckets: [...h.buckets], sum: h.sum, count: h.count }; continue; }
    if (total.buckets.length !== h.buckets.length) continue;
    h.buckets.forEach((v, i) => { total.buckets[i] += v; });
    total.sum += h.sum;
    total.count += h.count;
  }
  return total;
}

/** The q-quantile (0..1) of a cumulative histogram, interpolated inside its bucket as Prometheus does. */
export function quantile(h, q) {
  if (!h || !h.buckets || h.buckets.length === 0) return null;
  const total = h.buckets[h.buckets.length - 1];
  if (!(total > 0)) return null;
  const rank = q * total;
  let previousCount = 0, previousBound = 0;
  for (let i = 0; i < h.buckets.length; i++) {
    const count = h.buckets[i];
    const bound = i < h.bounds.length ? h.bounds[i] : Infinity;
    if (count >= rank) {
      if (bound === Infinity) return h.bounds[h.bounds.length - 1] ?? null;
      const inBucket = count - previousCount;
      return inBucket > 0 ? previousBound + (bound - previousBound) * ((rank - previousCount) / inBucket) : bound;
    }
    previousCount = count;
    previousBound = bound;
  }
  return null;
}

/** Mean of a histogram (sum / count), null when empty. */
export function mean(h) {
  return h && h.count > 0 ? h.sum / h.count : null;
}

export function formatNumber(value, digits = 1) {
  if (value == null || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1e9) return (value / 1e9).toFixed(digits) + 'G';
  if (abs >= 1e6) return (value / 1e6).toFixed(digits) + 'M';
  if (abs >= 1e4) return (value / 1e3).toFixed(digits) + 'k';
  if (abs >= 100 || Number.isInteger(value)) return Math.round(value).toString();
  return value.toFixed(digits);
}

export function formatBytes(value) {
  if (value == null || Number.isNaN(value)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return (unit === 0 ? Math.round(value) : value.toFixed(1)) + ' ' + units[unit];
}

export function formatSeconds(value) {
  if (value == null || Number.isNaN(value)) return '–';
  if (value < 0.001) return (value * 1e6).toFixed(0) + ' µs';
  if (value < 1) return (value * 1e3).toFixed(value < 0.01 ? 2 : 1) + ' ms';
  return value.toFixed(2) + ' s';
}

export function formatAge(milliseconds) {
  if (milliseconds == null || Number.isNaN(milliseconds)) return '–';
  const s = Math.max(0, Math.round(milliseconds / 1000));
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
  return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
}

export function formatPercent(value) {
  return value == null || Number.isNaN(value) ? '–' : (value * 100).toFixed(value < 0.1 ? 1 : 0) + '%';
}

const palette = ['#58a6ff', '#3fb950', '#d29922', '#f778ba', '#a371f7', '#56d4dd', '#ff7b72', '#e3b341', '#8b949e', '#79c0ff'];

/** A stable colour per silo name. */
export function colourOf(name) {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
}
