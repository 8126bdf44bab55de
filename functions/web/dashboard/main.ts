/**
 * The public dashboard: reads the latest run's indicators from the API, shows the headline cards
 * and the charts for the view in the URL, and redraws when a filter changes. Every number shown is
 * one the API published for that run; nothing is recomputed here except the change of a card
 * against the previous period's published value where the API gives no growth of its own.
 */
import {
  fetchItems,
  fetchRun,
  type IndicatorItem,
  type IndicatorRun,
  indicatorsSearch,
  RunChangedError,
  type Slice,
} from './api.ts';
import { type ChartKind, chartContents, drawChart } from './charts.ts';
import { formatNumber, formatTimestamp, formatValue, type NumberKind } from './format.ts';
import {
  breakdown,
  byPeriod,
  type ChartSeries,
  granularities,
  granularityLabels,
  headlineCards,
  previousPeriod,
  searchOfView,
  seriesOverTime,
  sliceChoices,
  sliceLabels,
  sliceName,
  technologyName,
  type ViewState,
  viewFromSearch,
} from './model.ts';

declare global {
  interface Window {
    /** For the browser tests and the curious: what each chart holds, read from Chart.js. */
    jucipDashboard?: { chart: (name: string) => ReturnType<typeof chartContents> };
  }
}

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The page has no #${id}`);
  return found as T;
}

const ui = {
  form: element<HTMLFormElement>('filters'),
  granularity: element<HTMLSelectElement>('granularity'),
  period: element<HTMLSelectElement>('period'),
  slice: element<HTMLSelectElement>('slice'),
  csv: element<HTMLAnchorElement>('csv-link'),
  status: element<HTMLParagraphElement>('status'),
  runNote: element<HTMLParagraphElement>('run-note'),
  cards: element<HTMLDivElement>('cards'),
  headlineScope: element<HTMLSpanElement>('headline-scope'),
  technologyCaption: element<HTMLElement>('caption-technology'),
};

/** What does not change with the view: the run, and its yearly items (for the slice choices). */
interface RunBasis {
  readonly run: IndicatorRun | null;
  readonly computedAt: string | null;
  readonly slices: ReadonlyMap<Slice, readonly string[]>;
}

let basis: RunBasis | undefined;
let view: ViewState = viewFromSearch(window.location.search);
/** Each load gets a number; an older load that finishes late draws nothing. */
let loadNumber = 0;

async function loadBasis(): Promise<RunBasis> {
  const years = await fetchItems({ granularity: 'year' });
  const run = years.runId ? await fetchRun(years.runId) : null;
  return { run, computedAt: years.computedAt, slices: sliceChoices(years.items) };
}

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  const node = document.createElement('option');
  node.value = value;
  node.textContent = label;
  node.selected = selected;
  return node;
}

function fillFilters(current: ViewState, periods: readonly string[], slices: RunBasis['slices']): void {
  ui.granularity.replaceChildren(
    ...granularities.map((g) => option(g, granularityLabels[g], g === current.granularity)),
  );
  ui.period.replaceChildren(...[...periods].reverse().map((p) => option(p, p, p === current.period)));
  const groups: Node[] = [option('all:all', sliceLabels.all, current.slice === 'all')];
  for (const [slice, keys] of slices) {
    if (slice === 'all' || keys.length === 0) continue;
    const group = document.createElement('optgroup');
    group.label = sliceLabels[slice];
    group.append(
      ...keys.map((key) =>
        option(`${slice}:${key}`, sliceName(slice, key), current.slice === slice && current.key === key),
      ),
    );
    groups.push(group);
  }
  ui.slice.replaceChildren(...groups);
}

function renderRunNote(run: IndicatorRun, computedAt: string | null): void {
  const when = computedAt ?? run.finishedAt;
  ui.runNote.textContent =
    `Showing run ${run.runId}` +
    (when ? `, computed ${formatTimestamp(when)}` : '') +
    ` (${run.trigger === 'manual' ? 'run by an administrator' : 'scheduled'}; calculation ${run.calcVersion}).`;
  ui.runNote.dataset.runId = run.runId;
  ui.runNote.hidden = false;
}

function renderCards(item: IndicatorItem, previous: IndicatorItem | undefined): void {
  const cards = headlineCards(item, previous).map((card) => {
    const article = document.createElement('article');
    article.className = 'card';
    article.dataset.card = card.id;
    const title = document.createElement('h3');
    title.textContent = card.title;
    const value = document.createElement('p');
    value.className = 'value';
    value.dataset.value = JSON.stringify(card.value);
    value.textContent = formatValue(card.kind, card.value);
    const change = document.createElement('p');
    change.className = 'change';
    change.dataset.change = card.change ?? '';
    change.textContent = card.change
      ? `${card.change} ${card.changeNote}`
      : 'No previous value to compare with';
    article.append(title, value);
    for (const detail of card.detail) {
      const line = document.createElement('p');
      line.className = 'detail';
      line.dataset.detail = detail.label;
      line.dataset.value = JSON.stringify(detail.value);
      line.textContent = `${detail.label}: ${formatValue(detail.kind, detail.value)}`;
      article.append(line);
    }
    article.append(change);
    return article;
  });
  ui.cards.replaceChildren(...cards);
}

function dataTable(keyHeader: string, series: ChartSeries, kind: NumberKind): HTMLTableElement {
  const table = document.createElement('table');
  const head = document.createElement('tr');
  for (const text of [keyHeader, ...series.datasets.map((d) => d.label)]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    head.append(th);
  }
  table.createTHead().append(head);
  const body = table.createTBody();
  series.keys.forEach((key, index) => {
    const row = document.createElement('tr');
    row.dataset.key = key;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = series.labels[index] ?? key;
    row.append(th);
    for (const dataset of series.datasets) {
      const td = document.createElement('td');
      const value = dataset.values[index] ?? 0;
      td.dataset.value = String(value);
      td.textContent = formatNumber(kind, value);
      row.append(td);
    }
    body.append(row);
  });
  return table;
}

interface ChartSpec {
  readonly name: string;
  readonly kind: ChartKind;
  readonly numberKind: NumberKind;
  readonly keyHeader: string;
  readonly series: ChartSeries;
}

function renderChart(spec: ChartSpec): void {
  const figure = element<HTMLElement>(`figure-${spec.name}`);
  const canvas = element<HTMLCanvasElement>(`chart-${spec.name}`);
  const empty = figure.querySelector<HTMLElement>('.empty');
  const wrap = figure.querySelector<HTMLElement>('.table-wrap');
  const box = figure.querySelector<HTMLElement>('.chart-box');
  const hasData = spec.series.keys.length > 0;
  if (empty) empty.hidden = hasData;
  if (box) box.hidden = !hasData;
  figure.dataset.points = String(spec.series.keys.length);
  drawChart(canvas, spec.kind, spec.series, (value) => formatNumber(spec.numberKind, value));
  wrap?.replaceChildren(dataTable(spec.keyHeader, spec.series, spec.numberKind));
}

function setState(state: 'loading' | 'ready' | 'empty' | 'error', message: string): void {
  document.body.dataset.state = state;
  ui.status.textContent = message;
}

async function load(): Promise<void> {
  const number = ++loadNumber;
  setState('loading', 'Loading the latest indicators…');
  for (let attempt = 0; ; attempt++) {
    try {
      await loadView(number);
      return;
    } catch (error) {
      if (error instanceof RunChangedError && attempt < 2) {
        basis = undefined;
        continue;
      }
      if (number !== loadNumber) return;
      setState('error', `The indicators could not be loaded: ${(error as Error).message}`);
      return;
    }
  }
}

async function loadView(number: number): Promise<void> {
  basis ??= await loadBasis();
  const { run, slices } = basis;
  if (!run) {
    setState('empty', 'No indicators have been published yet. The scheduled job publishes them daily.');
    return;
  }
  const known = view.slice === 'all' || (slices.get(view.slice) ?? []).includes(view.key);
  const wanted: ViewState = known ? view : { ...view, slice: 'all', key: 'all' };
  const { granularity, slice, key } = wanted;
  const series = byPeriod((await fetchItems({ granularity, slice, key }, run.runId)).items);
  const latest = series.at(-1);
  if (!latest) {
    setState('empty', 'The latest run has no indicators for this selection.');
    return;
  }
  const item = series.find((candidate) => candidate.period === wanted.period) ?? latest;
  const period = item.period;
  const technology = (await fetchItems({ granularity, period, slice: 'technology' }, run.runId)).items;
  if (number !== loadNumber) return;

  const shown: ViewState = { granularity, period, slice, key };
  const previousName = previousPeriod(granularity, period);
  const previous = series.find((candidate) => candidate.period === previousName);
  fillFilters(
    shown,
    series.map((s) => s.period),
    slices,
  );
  renderRunNote(run, basis.computedAt);
  ui.headlineScope.textContent = `· ${sliceName(slice, key)}, ${period}`;
  renderCards(item, previous);
  // The by-technology breakdown is of every project: say so when the rest of the view is one slice.
  ui.technologyCaption.textContent =
    slice === 'all'
      ? 'Emission reductions by technology (tCO₂e)'
      : 'Emission reductions by technology, all projects (tCO₂e)';

  const technologyReductions: Record<string, number> = {};
  for (const t of technology) technologyReductions[t.key] = t.indicators.emission_reductions_tco2e;
  const charts: ChartSpec[] = [
    {
      name: 'capacity',
      kind: 'line',
      numberKind: 'mw',
      keyHeader: 'Period',
      series: seriesOverTime(series, [
        { label: 'Operating capacity (MW)', value: (i) => i.indicators.operating_capacity_mw },
      ]),
    },
    {
      name: 'reductions',
      kind: 'bar',
      numberKind: 'tco2e',
      keyHeader: 'Period',
      series: seriesOverTime(series, [
        { label: 'Emission reductions (tCO₂e)', value: (i) => i.indicators.emission_reductions_tco2e },
        { label: 'Verified reductions (tCO₂e)', value: (i) => i.indicators.verified_reductions_tco2e },
      ]),
    },
    {
      name: 'technology',
      kind: 'horizontal-bar',
      numberKind: 'tco2e',
      keyHeader: 'Technology',
      series: breakdown(technologyReductions, `Emission reductions ${period} (tCO₂e)`, technologyName),
    },
    {
      name: 'direction',
      kind: 'horizontal-bar',
      numberKind: 'usd',
      keyHeader: 'Direction (investor → host)',
      series: breakdown(item.indicators.investment_by_direction_usd, `Investment committed ${period} (USD)`),
    },
    {
      name: 'attribution',
      kind: 'horizontal-bar',
      numberKind: 'tco2e',
      keyHeader: 'Participant country',
      series: breakdown(
        item.indicators.attributed_reductions_tco2e,
        `Attributed reductions ${period} (tCO₂e)`,
      ),
    },
  ];
  for (const spec of charts) renderChart(spec);

  ui.csv.href = `/indicators?${indicatorsSearch({ granularity, slice, key }, { format: 'csv' })}`;
  ui.csv.textContent = `Download CSV (${granularityLabels[granularity].toLowerCase()}ly, ${sliceName(slice, key)})`;
  document.body.dataset.view = searchOfView(shown);
  setState('ready', `Showing ${sliceName(slice, key)} for ${period}.`);
}

function onFilterChange(event: Event): void {
  const target = event.target;
  if (target === ui.granularity) {
    const granularity = granularities.find((g) => g === ui.granularity.value) ?? view.granularity;
    view = { ...view, granularity, period: undefined };
  } else if (target === ui.period) {
    view = { ...view, period: ui.period.value };
  } else if (target === ui.slice) {
    const [slice, ...rest] = ui.slice.value.split(':');
    const chosen = (Object.keys(sliceLabels) as Slice[]).find((s) => s === slice) ?? 'all';
    view = { ...view, slice: chosen, key: chosen === 'all' ? 'all' : rest.join(':') };
  } else {
    return;
  }
  window.history.pushState(null, '', searchOfView(view));
  void load();
}

ui.form.addEventListener('change', onFilterChange);
ui.form.addEventListener('submit', (event) => event.preventDefault());
window.addEventListener('popstate', () => {
  view = viewFromSearch(window.location.search);
  void load();
});
window.jucipDashboard = {
  chart: (name) => {
    const canvas = document.getElementById(`chart-${name}`);
    return canvas instanceof HTMLCanvasElement ? chartContents(canvas) : null;
  },
};
void load();
