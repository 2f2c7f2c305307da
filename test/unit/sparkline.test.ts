import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downsample, lossChartSvg, PALETTES, sparklineSvg, SPARKLINE_HEIGHT, SPARKLINE_POINTS, SPARKLINE_WIDTH } from '../../extension/shared/sparkline';

const dark = PALETTES.dark;

/** The numbers of an SVG path's `d` as [x, y] pairs. */
function pathPoints(svg: string): [number, number][] {
  const d = /<path d="([^"]+)" stroke="#4fa8f0"/.exec(svg)?.[1];
  assert.ok(d, `the sparkline has a loss path: ${svg}`);
  const nums = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
  const pts: [number, number][] = [];
  for (let i = 0; i < nums.length; i += 2) pts.push([nums[i], nums[i + 1]]);
  return pts;
}

function assertWellFormed(svg: string): void {
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+">.*<\/svg>$/);
  assert.doesNotMatch(svg, /NaN|Infinity|undefined/, `no broken numbers in ${svg}`);
}

describe('loss sparkline', () => {
  it('draws a falling loss as a line from top left to bottom right, ending in a dot', () => {
    const svg = sparklineSvg([4, 3, 2, 1], dark);
    assert.equal(
      svg,
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="14" viewBox="0 0 64 14">' +
        '<path d="M2 2L22 5.3L42 8.7L62 12" stroke="#4fa8f0" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round" fill="none"/>' +
        '<circle cx="62" cy="12" r="1.8" fill="#4fa8f0"/></svg>',
    );
  });

  it('sizes itself in the SVG, so the editor shows it at a fixed size', () => {
    const svg = sparklineSvg([1, 2], PALETTES.light);
    assert.ok(svg.includes(`width="${SPARKLINE_WIDTH}" height="${SPARKLINE_HEIGHT}"`));
    assert.ok(svg.includes(PALETTES.light.training), 'the light palette is used');
    assert.ok(!svg.includes(PALETTES.dark.training));
  });

  it('draws one point as a dot in the middle', () => {
    const svg = sparklineSvg([0.7], dark);
    assertWellFormed(svg);
    assert.doesNotMatch(svg, /<path/);
    assert.match(svg, /<circle cx="32" cy="7" r="1.8"/);
  });

  it('draws a flat series as a level line at mid height', () => {
    const svg = sparklineSvg([0.5, 0.5, 0.5], dark);
    assertWellFormed(svg);
    assert.deepEqual(pathPoints(svg), [
      [2, 7],
      [32, 7],
      [62, 7],
    ]);
  });

  it('leaves a gap where the loss is not a number, and marks a broken last value in red', () => {
    const gap = sparklineSvg([3, NaN, 2, 1], dark);
    assertWellFormed(gap);
    assert.equal((/<path d="([^"]+)"/.exec(gap)![1].match(/M/g) ?? []).length, 2, 'the line restarts after the gap');

    const diverged = sparklineSvg([1, 2, Infinity], dark);
    assertWellFormed(diverged);
    assert.match(diverged, new RegExp(`<circle cx="62" cy="7" r="2" fill="${dark.broken}"/>`));
  });

  it('shows an empty baseline when there is nothing to draw yet', () => {
    for (const values of [[], [NaN, NaN]]) {
      const svg = sparklineSvg(values, dark);
      assertWellFormed(svg);
      assert.match(svg, /stroke-dasharray="2 2"/);
      assert.doesNotMatch(svg, /<circle/);
    }
  });

  it('uses a log scale for huge ranges, so the later, small losses stay visible', () => {
    const values = [1e6, 1e4, 100, 1, 0.01];
    const pts = pathPoints(sparklineSvg(values, dark));
    // Evenly spaced decades land evenly spaced on the chart.
    const steps = pts.slice(1).map(([, y], i) => Math.round((y - pts[i][1]) * 10) / 10);
    assert.deepEqual(steps, [2.5, 2.5, 2.5, 2.5]);
    // A linear scale would have put everything after the first point at the bottom.
    assert.ok(pts[1][1] < 12 && pts[2][1] < 12);
    assertWellFormed(sparklineSvg([1e300, -1e300, 5], dark));
  });

  it('thins long series to a bounded size, keeping the latest value', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => 1 / (i + 1));
    const svg = sparklineSvg(values, dark);
    assert.equal(pathPoints(svg).length, SPARKLINE_POINTS);
    assert.ok(svg.length < 1200, `a sparkline stays small (${svg.length} bytes)`);
    const thinned = downsample(values, 10);
    assert.equal(thinned.length, 10);
    assert.equal(thinned[9], values[values.length - 1]);
  });

  it('gives equal strings for equal series, so an unchanged chart is not a new image', () => {
    assert.equal(sparklineSvg([1, 0.5, 0.25], dark), sparklineSvg([1, 0.5, 0.25], dark));
  });
});

describe('hover loss chart', () => {
  const options = { width: 360, height: 120, palette: dark, xLabel: 'epoch 10' };

  it('draws training and validation, the earlier run dashed and behind', () => {
    const svg = lossChartSvg(
      [
        { points: [[0, 1], [0.5, 0.5], [1, 0.2]], role: 'training', previous: false },
        { points: [[0.5, 0.6], [1, 0.3]], role: 'validation', previous: false },
        { points: [[0, 1.2], [1, 0.4]], role: 'training', previous: true },
      ],
      options,
    );
    assertWellFormed(svg);
    const paths = [...svg.matchAll(/<path d="[^"]+" stroke="(#[0-9a-f]+)"[^>]*>/g)].map((m) => m[0]);
    // The frame, then the earlier run (dashed), then the current training and validation lines.
    assert.equal(paths.length, 4);
    assert.match(paths[1], /stroke-dasharray="4 3"/);
    assert.match(paths[1], new RegExp(dark.training));
    assert.doesNotMatch(paths[2], /dasharray/);
    assert.match(paths[3], new RegExp(dark.validation));
    assert.match(svg, />1.2<\/text>/, 'the top of the y range is labelled');
    assert.match(svg, />0.2<\/text>/, 'the bottom of the y range is labelled');
    assert.match(svg, />epoch 10<\/text>/);
    assert.ok(svg.length < 4000);
  });

  it('says when there are no values yet instead of drawing nothing', () => {
    const svg = lossChartSvg([], options);
    assertWellFormed(svg);
    assert.match(svg, /no loss values yet/);
  });

  it('draws a single validation value as a dot and labels a log scale', () => {
    const svg = lossChartSvg(
      [
        { points: [[0, 1e5], [1, 0.01]], role: 'training', previous: false },
        { points: [[1, 0.02]], role: 'validation', previous: false },
      ],
      options,
    );
    assertWellFormed(svg);
    assert.match(svg, new RegExp(`<circle [^>]*fill="${dark.validation}"`));
    assert.match(svg, /log scale/);
  });
});
