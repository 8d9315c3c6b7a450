// An SVG line chart of goodput over time, one line per client, written by hand (no
// dependency, no native code): what README shows for the hotel link. Goodput is the data
// bytes of parts that storage accepted, by when they went onto the wire, per second, so a
// reset shows as the dip where the cut-off part's bytes were sent for nothing.

export interface ChartSeries {
  label: string;
  /** Mbit/s per bin, from the client's first request. */
  mbps: number[];
  binSeconds: number;
  /** Seconds (same origin) at which a reset cut one of its connections. */
  resets: number[];
}

export interface ChartOptions {
  title: string;
  /** The link's rate, drawn as a dashed line. */
  linkMbps: number;
  width?: number;
  height?: number;
}

// Distinguishable in colour and for colour-blind readers (Okabe–Ito).
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

export function goodputChartSvg(series: ChartSeries[], options: ChartOptions): string {
  const width = options.width ?? 820;
  const height = options.height ?? 392;
  const margin = { left: 56, right: 16, top: 40, bottom: 84 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const maxSeconds = Math.max(1, ...series.map((s) => s.mbps.length * s.binSeconds));
  const maxMbps = niceCeiling(Math.max(options.linkMbps * 1.15, ...series.flatMap((s) => s.mbps)));
  const x = (seconds: number) => margin.left + (seconds / maxSeconds) * plotW;
  const y = (mbps: number) => margin.top + plotH - (mbps / maxMbps) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${margin.left}" y="22" font-size="14" font-weight="bold">${escape(options.title)}</text>`);
  // axes and grid
  for (const tick of ticks(maxMbps, 5)) {
    out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${margin.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${tick}</text>`);
  }
  for (const tick of ticks(maxSeconds, 8)) {
    out.push(`<line x1="${x(tick).toFixed(1)}" x2="${x(tick).toFixed(1)}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 4}" stroke="#333"/>`);
    out.push(`<text x="${x(tick).toFixed(1)}" y="${margin.top + plotH + 18}" text-anchor="middle">${tick}</text>`);
  }
  out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#333"/>`);
  out.push(`<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#333"/>`);
  out.push(`<text x="${margin.left + plotW / 2}" y="${margin.top + plotH + 36}" text-anchor="middle">seconds since the client's first request</text>`);
  out.push(`<text transform="translate(14 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">goodput, Mbit/s</text>`);
  // the link's capacity
  out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(options.linkMbps).toFixed(1)}" y2="${y(options.linkMbps).toFixed(1)}" stroke="#555" stroke-dasharray="5 4"/>`);
  out.push(`<text x="${margin.left + plotW - 4}" y="${(y(options.linkMbps) - 5).toFixed(1)}" text-anchor="end" fill="#555">link ${options.linkMbps} Mbit/s</text>`);
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    // each bin's value drawn at its middle
    const points = s.mbps.map((v, k) => `${x((k + 0.5) * s.binSeconds).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="1.8" stroke-linejoin="round"/>`);
    for (const t of s.resets) {
      const cx = x(t).toFixed(1);
      const top = margin.top + plotH;
      out.push(`<path d="M ${cx} ${top - 10} l -5 -9 h 10 z" fill="${colour}"><title>${escape(s.label)}: connection reset at ${t.toFixed(1)} s</title></path>`);
    }
    const lx = margin.left + (i % 4) * (plotW / 4);
    const ly = height - 28 + Math.floor(i / 4) * 16;
    out.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="3"/>`);
    out.push(`<text x="${lx + 28}" y="${ly}">${escape(s.label)}</text>`);
  });
  out.push(`<text x="${width - margin.right}" y="${height - 4}" text-anchor="end" fill="#777" font-size="10">▼ = a connection reset by the link</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function niceCeiling(v: number): number {
  const step = 10 ** Math.floor(Math.log10(v));
  return Math.ceil(v / step) * step;
}

function ticks(max: number, count: number): number[] {
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) out.push(Math.round(t * 1000) / 1000);
  return out;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
