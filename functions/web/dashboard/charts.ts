/**
 * The dashboard's charts: Chart.js with only the pieces it uses registered (bar and line charts on
 * category and linear scales), no animation, and colours that keep 3:1 contrast on white.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartSeries } from './model.ts';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

/** Dark enough for graphical objects on white (WCAG 1.4.11), and told apart by more than hue. */
const palette = ['#0b5cad', '#b34700', '#1a7f37', '#8250df'];

export type ChartKind = 'line' | 'bar' | 'horizontal-bar';

/**
 * Draws a chart on the canvas the first time, and replaces its data afterwards. Null values (suppressed)
 * are left out: a gap in a line, no bar; the caller says why beside the chart.
 */
export function drawChart(
  canvas: HTMLCanvasElement,
  kind: ChartKind,
  series: ChartSeries,
  formatTick: (value: number) => string,
  locale: string,
): Chart {
  const datasets = series.datasets.map((dataset, index) => {
    const colour = palette[index % palette.length] ?? '#0b5cad';
    return {
      label: dataset.label,
      data: [...dataset.values],
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      pointRadius: 3,
    };
  });
  const existing = Chart.getChart(canvas);
  if (existing) {
    existing.data.labels = [...series.labels];
    existing.data.datasets = datasets;
    existing.options.locale = locale;
    const scale = existing.options.scales?.[kind === 'horizontal-bar' ? 'x' : 'y'];
    if (scale?.ticks) scale.ticks.callback = (value: string | number) => formatTick(Number(value));
    existing.update();
    return existing;
  }
  const valueAxis = kind === 'horizontal-bar' ? 'x' : 'y';
  const config: ChartConfiguration<'line' | 'bar'> = {
    type: kind === 'line' ? 'line' : 'bar',
    data: { labels: [...series.labels], datasets },
    options: {
      locale,
      animation: false,
      maintainAspectRatio: false,
      responsive: true,
      indexAxis: kind === 'horizontal-bar' ? 'y' : 'x',
      plugins: { legend: { display: series.datasets.length > 1 } },
      scales: {
        [valueAxis]: { ticks: { callback: (value: string | number) => formatTick(Number(value)) } },
      },
    },
  };
  return new Chart(canvas, config);
}

/** What a chart holds now, read from the Chart.js instance (the browser tests compare it with the API). */
export function chartContents(canvas: HTMLCanvasElement) {
  const chart = Chart.getChart(canvas);
  if (!chart) return null;
  return {
    labels: (chart.data.labels ?? []).map(String),
    datasets: chart.data.datasets.map((dataset) => ({
      label: dataset.label ?? '',
      // A suppressed value is a gap (null), never 0.
      values: (dataset.data as unknown[]).map((value) => (value === null ? null : Number(value))),
    })),
  };
}
