// Small line and stacked-area charts on <canvas>, drawn by hand (no library, no build step).

/**
 * Draws series [{ name, colour, points: [{ t, v }] }] over the time window [from, to], with vertical markers
 * [{ t, label }] for membership events. stacked: areas on top of each other (shares of a total).
 */
export function drawChart(canvas, series, markers, { from, to, stacked = false, format = v => String(v) }) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const left = 64, right = 8, top = 8, bottom = 20;
  const plotWidth = width - left - right, plotHeight = height - top - bottom;
  const span = Math.max(1, to - from);
  const x = t => left + ((t - from) / span) * plotWidth;

  // Stacking adds each series onto the running totals at the same timestamps.
  const drawn = [];
  const totals = new Map();
  for (const s of series) {
    const points = s.points.filter(p => p.v != null && p.t >= from);
    const lifted = points.map(p => {
      const base = stacked ? (totals.get(p.t) ?? 0) : 0;
      if (stacked) totals.set(p.t, base + p.v);
      return { t: p.t, low: base, high: base + p.v };
    });
    drawn.push({ ...s, points: lifted });
  }
  let max = 0;
  for (const s of drawn) for (const p of s.points) max = Math.max(max, p.high);
  max = max > 0 ? niceCeiling(max) : 1;
  const y = v => top + plotHeight - (v / max) * plotHeight;

  g.strokeStyle = '#263040';
  g.fillStyle = '#7d8899';
  g.font = '11px system-ui, sans-serif';
  g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    g.beginPath();
    g.moveTo(left, y(v) + 0.5);
    g.lineTo(width - right, y(v) + 0.5);
    g.stroke();
    g.textAlign = 'right';
    g.fillText(format(v), left - 6, y(v) + 4);
  }
  g.textAlign = 'left';
  g.fillText(new Date(from).toLocaleTimeString(), left, height - 4);
  g.textAlign = 'right';
  g.fillText(new Date(to).toLocaleTimeString(), width - right, height - 4);

  for (const marker of markers) {
    if (marker.t < from || marker.t > to) continue;
    g.strokeStyle = marker.colour || '#d29922';
    g.setLineDash([4, 3]);
    g.beginPath();
    g.moveTo(x(marker.t) + 0.5, top);
    g.lineTo(x(marker.t) + 0.5, top + plotHeight);
    g.stroke();
    g.setLineDash([]);
  }

  for (const s of drawn) {
    if (s.points.length === 0) continue;
    g.strokeStyle = s.colour;
    g.lineWidth = 2;
    if (stacked) {
      g.globalAlpha = 0.35;
      g.fillStyle = s.colour;
      g.beginPath();
      s.points.forEach((p, i) => (i === 0 ? g.moveTo(x(p.t), y(p.high)) : g.lineTo(x(p.t), y(p.high))));
      for (let i = s.points.length - 1; i >= 0; i--) g.lineTo(x(s.points[i].t), y(s.points[i].low));
      g.closePath();
      g.fill();
      g.globalAlpha = 1;
    }
    g.beginPath();
    s.points.forEach((p, i) => (i === 0 ? g.moveTo(x(p.t), y(p.high)) : g.lineTo(x(p.t), y(p.high))));
    g.stroke();
    if (s.points.length === 1) {
      g.fillStyle = s.colour;
      g.fillRect(x(s.points[0].t) - 2, y(s.points[0].high) - 2, 4, 4);
    }
  }
}

function niceCeiling(value) {
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}
