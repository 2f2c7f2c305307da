// Small SVG charts drawn as text: the loss sparkline shown after a line that trains, and the
// larger chart of its hover. They are images (a decoration's `contentIconPath`, a Markdown
// image), so they cannot read the editor's CSS variables: colours come from a palette picked
// for the theme kind, and the size is set in the SVG itself. Hand-written because no small
// npm library renders a chart to an SVG string without a DOM.

export type ThemeKind = 'light' | 'dark';

export interface ChartPalette {
  training: string;
  validation: string;
  /** Axes, labels and the frame. */
  muted: string;
  /** A value that is not a number (the loss diverged). */
  broken: string;
}

/** Colours that read well on the default light and dark editor backgrounds (and high contrast). */
export const PALETTES: Readonly<Record<ThemeKind, ChartPalette>> = {
  light: { training: '#1a73c8', validation: '#d0621b', muted: '#8a8a8a', broken: '#c72e2e' },
  dark: { training: '#4fa8f0', validation: '#f0a04f', muted: '#8c8c8c', broken: '#f14c4c' },
};

export const SPARKLINE_WIDTH = 64;
export const SPARKLINE_HEIGHT = 14;
/** Points drawn in a sparkline: more than its width in pixels would only add bytes. */
export const SPARKLINE_POINTS = 48;

/** max/min beyond which a positive series is drawn on a log scale (a loss that falls from 1e3 to 1e-3). */
const LOG_SCALE_RATIO = 1000;

/**
 * Shrinks a series to at most `max` values by averaging equal buckets of it. Non-finite values
 * are left out of a bucket's mean; a bucket holding only such values stays NaN (a gap). The
 * last value is kept as it is, so the line ends at the latest loss.
 */
export function downsample(values: readonly number[], max: number): number[] {
  if (values.length <= max) return values.slice();
  const out: number[] = [];
  const buckets = Math.max(1, max - 1);
  const body = values.length - 1;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * body) / buckets);
    const to = Math.floor(((b + 1) * body) / buckets);
    let sum = 0;
    let n = 0;
    for (let i = from; i < to; i++) {
      if (Number.isFinite(values[i])) {
        sum += values[i];
        n++;
      }
    }
    out.push(n > 0 ? sum / n : NaN);
  }
  out.push(values[values.length - 1]);
  return out;
}

interface Scale {
  toY(v: number): number;
  log: boolean;
}

/** Maps values onto [top, bottom] (SVG y grows downwards), log when the range is huge. */
function yScale(values: readonly number[], top: number, bottom: number): Scale {
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  const log = lo > 0 && hi / lo > LOG_SCALE_RATIO;
  const f = log ? Math.log10 : (v: number) => v;
  lo = f(lo);
  hi = f(hi);
  if (!(hi > lo)) {
    // A flat series sits in the middle.
    const mid = (top + bottom) / 2;
    return { toY: () => mid, log };
  }
  return { toY: (v) => bottom - ((f(v) - lo) / (hi - lo)) * (bottom - top), log };
}

/** One decimal: enough for a pixel grid, and equal frames give equal strings. */
function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** `M`/`L` path data through the finite points; a non-finite value breaks the line. */
function pathData(points: readonly [number, number][]): string {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${r(x)} ${r(y)}`;
    pen = true;
  }
  return d;
}

function svgOpen(width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The sparkline of a loss series (oldest first), as an SVG document: a line, and a dot on the
 * latest value. Empty or all-broken series give an empty frame with a faint baseline, so the
 * decoration keeps its place while a run starts. A broken latest value is a red dot at the end.
 */
export function sparklineSvg(values: readonly number[], palette: ChartPalette, width = SPARKLINE_WIDTH, height = SPARKLINE_HEIGHT): string {
  const pad = 2;
  const ys = downsample(values, SPARKLINE_POINTS);
  const parts: string[] = [svgOpen(width, height)];
  const finiteCount = ys.filter(Number.isFinite).length;
  if (finiteCount === 0) {
    parts.push(`<path d="M${pad} ${height - pad}H${width - pad}" stroke="${palette.muted}" stroke-width="1" stroke-dasharray="2 2" fill="none"/>`);
  } else {
    const scale = yScale(ys, pad, height - pad);
    const xAt = (i: number) => (ys.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (ys.length - 1));
    const points = ys.map((v, i): [number, number] => [xAt(i), Number.isFinite(v) ? scale.toY(v) : NaN]);
    const d = pathData(points);
    if (finiteCount > 1) {
      parts.push(`<path d="${d}" stroke="${palette.training}" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round" fill="none"/>`);
    }
    const [lx, ly] = points[points.length - 1];
    if (Number.isFinite(ly)) parts.push(`<circle cx="${r(lx)}" cy="${r(ly)}" r="1.8" fill="${palette.training}"/>`);
    else parts.push(`<circle cx="${r(lx)}" cy="${r(height / 2)}" r="2" fill="${palette.broken}"/>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** One line of the hover chart: points as [x in 0..1 of the fit, value]. */
export interface ChartLine {
  points: readonly [number, number][];
  role: 'training' | 'validation';
  /** An earlier run: drawn dashed and fainter. */
  previous: boolean;
}

export interface LossChartOptions {
  width: number;
  height: number;
  palette: ChartPalette;
  /** Label under the right end of the x axis, e.g. `epoch 10`. */
  xLabel?: string;
}

function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0);
  return String(Number(v.toPrecision(2)));
}

/**
 * The hover's chart: training and validation loss over the fit (x from 0 to 1), earlier runs
 * dashed behind, with the y range labelled. Lines are drawn as given; callers thin them.
 */
export function lossChartSvg(lines: readonly ChartLine[], o: LossChartOptions): string {
  const left = 34;
  const right = 6;
  const top = 6;
  const bottom = o.height - 14;
  const parts: string[] = [svgOpen(o.width, o.height)];
  const values = lines.flatMap((l) => l.points.map(([, y]) => y)).filter(Number.isFinite);
  const frame = `<path d="M${left} ${top}V${bottom}H${o.width - right}" stroke="${o.palette.muted}" stroke-width="1" fill="none" opacity="0.6"/>`;
  parts.push(frame);
  const text = (x: number, y: number, anchor: string, s: string) =>
    `<text x="${r(x)}" y="${r(y)}" text-anchor="${anchor}" font-family="sans-serif" font-size="10" fill="${o.palette.muted}">${escapeXml(s)}</text>`;
  if (values.length > 0) {
    const scale = yScale(values, top + 2, bottom - 2);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    parts.push(text(left - 4, top + 8, 'end', formatTick(hi)));
    if (hi > lo) parts.push(text(left - 4, bottom, 'end', formatTick(lo)));
    const xAt = (x: number) => left + Math.min(1, Math.max(0, x)) * (o.width - right - left);
    // Earlier runs first, so the current run is drawn on top.
    const ordered = [...lines.filter((l) => l.previous), ...lines.filter((l) => !l.previous)];
    for (const line of ordered) {
      const color = line.role === 'training' ? o.palette.training : o.palette.validation;
      const pts = line.points.map(([x, y]): [number, number] => [xAt(x), Number.isFinite(y) ? scale.toY(y) : NaN]);
      const d = pathData(pts);
      if (!d) continue;
      const style = line.previous ? ` stroke-dasharray="4 3" opacity="0.55"` : '';
      if (pts.filter(([, y]) => Number.isFinite(y)).length === 1) {
        const [x, y] = pts.find(([, py]) => Number.isFinite(py))!;
        parts.push(`<circle cx="${r(x)}" cy="${r(y)}" r="2.5" fill="${color}"${line.previous ? ' opacity="0.55"' : ''}/>`);
      } else {
        parts.push(`<path d="${d}" stroke="${color}" stroke-width="${line.previous ? 1.2 : 1.8}" stroke-linejoin="round" fill="none"${style}/>`);
      }
    }
    if (scale.log) parts.push(text(o.width - right, top + 8, 'end', 'log scale'));
  } else {
    parts.push(text(o.width / 2, (top + bottom) / 2, 'middle', 'no loss values yet'));
  }
  if (o.xLabel) parts.push(text(o.width - right, o.height - 2, 'end', o.xLabel));
  parts.push('</svg>');
  return parts.join('');
}
