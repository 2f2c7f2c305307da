// uPlot charts drawn from the pure chart models (extension/shared/chartData.ts), in the
// editor's theme colours. A chart is updated in place while its series stay the same and
// rebuilt when they change (an earlier run appears, smoothing is switched on, the theme changes).
import uPlot from 'uplot';
import type { ChartModel, SeriesSpec } from '../../extension/shared/chartData';
import { formatMetric } from '../../extension/shared/runText';

export interface Theme {
  foreground: string;
  grid: string;
  training: string;
  validation: string;
  font: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** Canvas cannot resolve `var(--…)`, so the theme's colours are read once per theme change. */
export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const foreground = cssVar(style, '--vscode-foreground', '#888');
  const size = cssVar(style, '--vscode-font-size', '12px');
  const family = cssVar(style, '--vscode-font-family', 'system-ui, sans-serif');
  return {
    foreground,
    grid: cssVar(style, '--vscode-charts-lines', 'rgba(128,128,128,0.3)'),
    training: cssVar(style, '--vscode-charts-blue', foreground),
    validation: cssVar(style, '--vscode-charts-orange', foreground),
    font: `${size} ${family}`,
  };
}

const HEIGHT = 200;
/** Batches and epochs are whole numbers: the x axis never ticks at 1.25. */
const WHOLE_INCREMENTS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000, 100_000, 1e6];

function seriesOptions(spec: SeriesSpec, theme: Theme): uPlot.Series {
  const stroke = spec.validation ? theme.validation : theme.training;
  switch (spec.role) {
    case 'current':
      return { label: spec.label, stroke, width: 2, spanGaps: true, value: (_u, v) => formatMetric(v) };
    case 'raw':
      return { label: spec.label, stroke, width: 1, alpha: 0.25, spanGaps: true, points: { show: false }, class: 'raw', value: (_u, v) => formatMetric(v) };
    case 'earlier':
      // Older runs fade further, so the one just before stands out among them.
      return {
        label: spec.label,
        stroke,
        width: 1,
        dash: [4, 3],
        alpha: Math.max(0.15, 0.5 - 0.07 * (spec.age - 1)),
        spanGaps: true,
        points: { show: false },
        class: 'earlier',
        value: (_u, v) => formatMetric(v),
      };
  }
}

function axis(theme: Theme, label?: string): uPlot.Axis {
  return {
    stroke: theme.foreground,
    font: theme.font,
    labelFont: theme.font,
    label,
    labelSize: label ? 18 : 0,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
  };
}

/** The value axis's tick (10 px) and gap (5 px), and a little air. */
const VALUE_AXIS_PADDING = 20;

/** Room for the widest tick label: a fixed width cut the first digits off `0.6925`. */
function valueAxisSize(theme: Theme): uPlot.Axis.Size {
  return (u, values) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.font = theme.font;
    const widest = Math.max(0, ...(values ?? []).map((v) => ctx.measureText(v).width));
    ctx.restore();
    return Math.max(40, Math.ceil(widest) + VALUE_AXIS_PADDING);
  };
}

/** Points the legend at the last x where the first series has a value. */
function showLatest(u: uPlot): void {
  const ys = u.data[1];
  if (!ys) return;
  for (let i = ys.length - 1; i >= 0; i--) {
    if (ys[i] !== null && ys[i] !== undefined) {
      u.setLegend({ idx: i });
      return;
    }
  }
}

export class LineChart {
  private plot: uPlot | undefined;
  private layout = '';
  private readonly resizer: ResizeObserver;

  constructor(
    private readonly host: HTMLElement,
    private theme: Theme,
  ) {
    this.resizer = new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: HEIGHT }));
    this.resizer.observe(host);
  }

  private width(): number {
    return Math.max(200, this.host.clientWidth);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.layout = '';
  }

  update(model: ChartModel): void {
    if (this.plot && model.layout === this.layout) {
      this.plot.setData(model.data);
      if (this.plot.cursor.idx === null || this.plot.cursor.idx === undefined) showLatest(this.plot);
      return;
    }
    this.plot?.destroy();
    this.layout = model.layout;
    const options: uPlot.Options = {
      width: this.width(),
      height: HEIGHT,
      scales: { x: { time: false } },
      axes: [{ ...axis(this.theme, model.xLabel), incrs: WHOLE_INCREMENTS }, { ...axis(this.theme), size: valueAxisSize(this.theme), values: (_u, ticks) => ticks.map((t) => formatMetric(t)) }],
      series: [{ label: model.xLabel, value: (_u, v) => (v === null ? '–' : String(v)) }, ...model.series.map((s) => seriesOptions(s, this.theme))],
      cursor: { drag: { x: true, y: false } },
      legend: { show: true },
      // Away from the cursor the legend shows the latest values instead of dashes.
      hooks: { setCursor: [(u) => (u.cursor.idx === null || u.cursor.idx === undefined ? showLatest(u) : undefined)] },
    };
    this.plot = new uPlot(options, model.data, this.host);
    showLatest(this.plot);
  }

  destroy(): void {
    this.resizer.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }
}
