/**
 * The public dashboard: reads the latest run's indicators from the API, shows the headline cards
 * and the charts for the view in the URL, and redraws when a filter or the language changes. Every
 * number shown is one the API published for that run; nothing is recomputed here except the change
 * of a card against the previous period's published value where the API gives no growth of its own.
 * Every text comes from the catalogue (`shared/i18n`); suppressed values are shown as such, never
 * as 0 (`docs/i18n.md`).
 */
import type { Language } from '../../../shared/i18n/catalogue.ts';
import {
  type ConfCode,
  fetchItems,
  fetchLatestRelease,
  fetchRun,
  type IndicatorItem,
  type IndicatorRun,
  indicatorsSearch,
  type Release,
  RunChangedError,
  type Slice,
  setApiLanguage,
} from './api.ts';
import { type ChartKind, chartContents, drawChart } from './charts.ts';
import { type Formatter, formatterFor, type NumberKind } from './format.ts';
import { initialLanguage, languageInUrl, otherLanguage, rememberLanguage, translatePage } from './i18n.ts';
import {
  achievedVsExpected,
  breakdown,
  byPeriod,
  type ChartSeries,
  confOf,
  directionName,
  granularities,
  granularityLabel,
  headlineCards,
  participantName,
  previousPeriod,
  type ShownValue,
  searchOfView,
  seriesOverTime,
  sliceChoices,
  sliceLabel,
  sliceName,
  slices as sliceOrder,
  suppressedPoints,
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
  releaseNote: element<HTMLParagraphElement>('release-note'),
  releaseLabel: element<HTMLSpanElement>('release-label'),
  releaseCsv: element<HTMLAnchorElement>('release-csv'),
  releaseDescriptor: element<HTMLAnchorElement>('release-descriptor'),
  releaseReadme: element<HTMLAnchorElement>('release-readme'),
  cards: element<HTMLDivElement>('cards'),
  headlineScope: element<HTMLSpanElement>('headline-scope'),
  technologyCaption: element<HTMLElement>('caption-technology'),
  languageSwitch: element<HTMLAnchorElement>('language-switch'),
};

/** What does not change with the view: the run, and its yearly items (for the slice choices). */
interface RunBasis {
  readonly run: IndicatorRun | null;
  /** The newest release: the files of the latest published run. */
  readonly release: Release | null;
  readonly computedAt: string | null;
  readonly slices: ReadonlyMap<Slice, readonly string[]>;
}

let basis: RunBasis | undefined;
let view: ViewState = viewFromSearch(window.location.search);
let f: Formatter = formatterFor(initialLanguage());
/** Each load gets a number; an older load that finishes late draws nothing. */
let loadNumber = 0;

async function loadBasis(): Promise<RunBasis> {
  const years = await fetchItems({ granularity: 'year' });
  const run = years.runId ? await fetchRun(years.runId) : null;
  const release = run ? await fetchLatestRelease() : null;
  return { run, release, computedAt: years.computedAt, slices: sliceChoices(years.items) };
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
    ...granularities.map((g) => option(g, granularityLabel(f.t, g), g === current.granularity)),
  );
  ui.period.replaceChildren(
    ...[...periods].reverse().map((p) => option(p, f.period(current.granularity, p), p === current.period)),
  );
  const groups: Node[] = [option('all:all', sliceLabel(f.t, 'all'), current.slice === 'all')];
  for (const [slice, keys] of slices) {
    if (slice === 'all' || keys.length === 0) continue;
    const group = document.createElement('optgroup');
    group.label = sliceLabel(f.t, slice);
    group.append(
      ...keys.map((key) =>
        option(`${slice}:${key}`, sliceName(f, slice, key), current.slice === slice && current.key === key),
      ),
    );
    groups.push(group);
  }
  ui.slice.replaceChildren(...groups);
}

function renderRunNote(run: IndicatorRun, computedAt: string | null): void {
  const when = computedAt ?? run.finishedAt;
  ui.runNote.textContent = f.t('dashboard.runNote', {
    runId: run.runId,
    computed: when ? f.timestamp(when) : 'none',
    trigger: run.trigger,
    calcVersion: run.calcVersion,
  });
  ui.runNote.dataset.runId = run.runId;
  ui.runNote.hidden = false;
}

/** Links the files of the latest release (the run shown, unless one published since the page loaded). */
function renderRelease(release: Release | null): void {
  ui.releaseNote.hidden = release === null;
  if (!release) return;
  ui.releaseLabel.textContent = f.t('dashboard.release.label', {
    runId: release.runId,
    created: f.timestamp(release.createdAt),
  });
  ui.releaseCsv.href = release.links.files['indicators.csv.gz'];
  ui.releaseDescriptor.href = release.links.files['datapackage.json'];
  ui.releaseReadme.href = release.links.files['README.md'];
}

/** The reason a value is suppressed, in the reader's language. */
function reasonOf(conf: ConfCode): string {
  return f.t(conf === 'C' ? 'suppression.reason.C' : 'suppression.reason.D');
}

/**
 * A suppressed value: the word "suppressed", focusable, with the reason as its title (hover), as a
 * tooltip on focus (CSS, from `data-reason`) and as text for screen readers.
 */
function suppressedMark(conf: ConfCode): HTMLElement {
  const mark = document.createElement('span');
  mark.className = 'suppressed';
  mark.tabIndex = 0;
  mark.dataset.conf = conf;
  mark.dataset.reason = reasonOf(conf);
  mark.title = reasonOf(conf);
  const word = document.createElement('span');
  word.setAttribute('aria-hidden', 'true');
  word.textContent = f.t('suppression.label');
  const spoken = document.createElement('span');
  spoken.className = 'visually-hidden';
  spoken.textContent = f.t('suppression.accessible', { reason: reasonOf(conf) });
  mark.append(word, spoken);
  return mark;
}

/** Writes a value (or its suppression) into `node`, with its exact value and code as data attributes. */
function showValue(node: HTMLElement, shown: ShownValue): void {
  node.dataset.value = JSON.stringify(shown.value);
  if (shown.conf) {
    node.dataset.conf = shown.conf;
    node.replaceChildren(suppressedMark(shown.conf));
  } else {
    delete node.dataset.conf;
    node.textContent = f.value(shown.kind, shown.value);
  }
}

function renderCards(item: IndicatorItem, previous: IndicatorItem | undefined): void {
  const cards = headlineCards(item, previous, f).map((card) => {
    const article = document.createElement('article');
    article.className = 'card';
    article.dataset.card = card.id;
    const title = document.createElement('h3');
    title.textContent = card.title;
    title.title = card.definition;
    const value = document.createElement('p');
    value.className = 'value';
    showValue(value, card);
    const change = document.createElement('p');
    change.className = 'change';
    change.dataset.change = card.change ?? '';
    change.textContent = card.changeText;
    if (card.changeConf) {
      change.dataset.conf = card.changeConf;
      change.title = reasonOf(card.changeConf);
    }
    article.append(title, value);
    for (const detail of card.detail) {
      const line = document.createElement('p');
      line.className = 'detail';
      line.dataset.detail = detail.id;
      const label = document.createElement('span');
      label.textContent = f.t('dashboard.detailLabel', { label: detail.label });
      const number = document.createElement('span');
      showValue(number, detail);
      line.append(label, ' ', number);
      line.dataset.value = number.dataset.value;
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
      const value = dataset.values[index] ?? null;
      const conf = dataset.conf[index];
      td.dataset.value = JSON.stringify(value);
      if (conf) {
        td.dataset.conf = conf;
        td.append(suppressedMark(conf));
      } else {
        td.textContent = value === null ? f.t('dashboard.notAvailable') : f.number(kind, value);
      }
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
  const note = figure.querySelector<HTMLElement>('.suppressed-note');
  const wrap = figure.querySelector<HTMLElement>('.table-wrap');
  const box = figure.querySelector<HTMLElement>('.chart-box');
  const hasData = spec.series.keys.length > 0;
  if (empty) empty.hidden = hasData || spec.series.wholeConf !== undefined;
  if (box) box.hidden = !hasData;
  figure.dataset.points = String(spec.series.keys.length);
  if (note) {
    const points = suppressedPoints(spec.series, f.t);
    if (spec.series.wholeConf) {
      note.replaceChildren(f.t('suppression.chartWhole'), ' ', suppressedMark(spec.series.wholeConf));
    } else if (points.length > 0) {
      note.textContent = f.t('suppression.chartNote', {
        count: points.length,
        points: f.list(points.map((point) => point.label)),
      });
    }
    note.hidden = !spec.series.wholeConf && points.length === 0;
    figure.dataset.suppressed = String(spec.series.wholeConf ? 'all' : points.length);
  }
  drawChart(canvas, spec.kind, spec.series, (value) => f.number(spec.numberKind, value), f.language);
  wrap?.replaceChildren(dataTable(spec.keyHeader, spec.series, spec.numberKind));
}

function setState(state: 'loading' | 'ready' | 'empty' | 'error', message: string): void {
  document.body.dataset.state = state;
  ui.status.textContent = message;
}

async function load(): Promise<void> {
  const number = ++loadNumber;
  setState('loading', f.t('dashboard.status.loading'));
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
      const message =
        error instanceof RunChangedError ? f.t('dashboard.status.runChanged') : (error as Error).message;
      setState('error', f.t('dashboard.status.error', { message }));
      return;
    }
  }
}

async function loadView(number: number): Promise<void> {
  basis ??= await loadBasis();
  const { run, slices } = basis;
  if (!run) {
    setState('empty', f.t('dashboard.status.noRun'));
    return;
  }
  const known = view.slice === 'all' || (slices.get(view.slice) ?? []).includes(view.key);
  const wanted: ViewState = known ? view : { ...view, slice: 'all', key: 'all' };
  const { granularity, slice, key } = wanted;
  const series = byPeriod((await fetchItems({ granularity, slice, key }, run.runId)).items);
  const latest = series.at(-1);
  if (!latest) {
    setState('empty', f.t('dashboard.status.noItems'));
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
  renderRelease(basis.release);
  const periodName = f.period(granularity, period);
  const scopeName = sliceName(f, slice, key);
  ui.headlineScope.textContent = f.t('dashboard.headlineScope', { slice: scopeName, period: periodName });
  renderCards(item, previous);
  // The by-technology breakdown is of every project: say so when the rest of the view is one slice.
  ui.technologyCaption.textContent = f.t(
    slice === 'all' ? 'dashboard.chart.technology' : 'dashboard.chart.technologyAll',
  );

  const technologyReductions: Record<string, number | null> = {};
  const technologyConf = new Map<string, ConfCode | undefined>();
  for (const t of technology) {
    technologyReductions[t.key] = t.indicators.emission_reductions_tco2e;
    technologyConf.set(t.key, confOf(t, 'emission_reductions_tco2e'));
  }
  const periodLabel = (p: string) => f.period(granularity, p);
  const componentConf = (indicator: string) => (component: string) =>
    confOf(item, `${indicator}.${component}`);
  const charts: ChartSpec[] = [
    {
      name: 'capacity',
      kind: 'line',
      numberKind: 'mw',
      keyHeader: f.t('dashboard.column.period'),
      series: seriesOverTime(
        series,
        [{ label: f.t('dashboard.series.capacity'), indicator: 'operating_capacity_mw' }],
        periodLabel,
      ),
    },
    {
      name: 'reductions',
      kind: 'bar',
      numberKind: 'tco2e',
      keyHeader: f.t('dashboard.column.period'),
      series: seriesOverTime(
        series,
        [
          { label: f.t('dashboard.series.reductions'), indicator: 'emission_reductions_tco2e' },
          { label: f.t('dashboard.series.verified'), indicator: 'verified_reductions_tco2e' },
        ],
        periodLabel,
      ),
    },
    {
      name: 'disbursement',
      kind: 'line',
      numberKind: 'usd',
      keyHeader: f.t('dashboard.column.period'),
      series: seriesOverTime(
        series,
        [
          { label: f.t('dashboard.series.committed'), indicator: 'investment_cumulative_usd' },
          { label: f.t('dashboard.series.disbursed'), indicator: 'investment_disbursed_cumulative_usd' },
        ],
        periodLabel,
      ),
    },
    {
      name: 'expected',
      kind: 'bar',
      numberKind: 'tco2e',
      keyHeader: f.t('dashboard.column.period'),
      series: achievedVsExpected(
        series,
        { expected: f.t('dashboard.series.expected'), achieved: f.t('dashboard.series.achieved') },
        periodLabel,
      ),
    },
    {
      name: 'technology',
      kind: 'horizontal-bar',
      numberKind: 'tco2e',
      keyHeader: f.t('dashboard.column.technology'),
      series: breakdown(
        technologyReductions,
        f.t('dashboard.series.technology', { period: periodName }),
        (key) => technologyName(f.t, key),
        (key) => technologyConf.get(key),
      ),
    },
    {
      name: 'direction',
      kind: 'horizontal-bar',
      numberKind: 'usd',
      keyHeader: f.t('dashboard.column.direction'),
      series: breakdown(
        item.indicators.investment_by_direction_usd,
        f.t('dashboard.series.direction', { period: periodName }),
        (key) => directionName(f, key),
        componentConf('investment_by_direction_usd'),
        confOf(item, 'investment_by_direction_usd'),
      ),
    },
    {
      name: 'attribution',
      kind: 'horizontal-bar',
      numberKind: 'tco2e',
      keyHeader: f.t('dashboard.column.country'),
      series: breakdown(
        item.indicators.attributed_reductions_tco2e,
        f.t('dashboard.series.attribution', { period: periodName }),
        (key) => participantName(f, key),
        componentConf('attributed_reductions_tco2e'),
        confOf(item, 'attributed_reductions_tco2e'),
      ),
    },
  ];
  for (const spec of charts) renderChart(spec);

  ui.csv.href = `/indicators?${indicatorsSearch({ granularity, slice, key }, { format: 'csv' })}`;
  ui.csv.textContent = f.t('dashboard.csvView', {
    granularity: f.t(`granularity.adverb.${granularity}`),
    slice: scopeName,
  });
  document.body.dataset.view = searchOfView(shown);
  document.body.dataset.language = f.language;
  setState('ready', f.t('dashboard.status.ready', { slice: scopeName, period: periodName }));
}

/** The query string to keep in the address bar: the view, and `lang` if the address had one. */
function addressOf(next: ViewState): string {
  return searchOfView(next, languageInUrl() ? f.language : undefined);
}

/** Shows the page in `language`: fixed texts now, the rest by redrawing the view. */
function useLanguage(language: Language): void {
  f = formatterFor(language);
  setApiLanguage(language);
  translatePage(language, f.t);
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
    const chosen = sliceOrder.find((s) => s === slice) ?? 'all';
    view = { ...view, slice: chosen, key: chosen === 'all' ? 'all' : rest.join(':') };
  } else {
    return;
  }
  window.history.pushState(null, '', addressOf(view));
  void load();
}

function onLanguageSwitch(event: MouseEvent): void {
  // A modified click (new tab or window) follows the link's own `?lang=`, which works without script.
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const language = otherLanguage(f.language);
  rememberLanguage(language);
  useLanguage(language);
  window.history.replaceState(null, '', addressOf(view));
  void load();
}

useLanguage(f.language);
ui.languageSwitch.addEventListener('click', onLanguageSwitch);
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
