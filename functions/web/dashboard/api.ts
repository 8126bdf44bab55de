/** The dashboard's reads of the public API: the latest run's indicator items and the run itself. */

/** The numbers of one (granularity, period, slice, key), as `GET /indicators` gives them. */
export interface IndicatorItem {
  readonly granularity: Granularity;
  readonly period: string;
  readonly slice: Slice;
  readonly key: string;
  readonly indicators: Indicators;
  /**
   * The SDMX confidentiality code of each suppressed value, keyed `indicator` or
   * `indicator.component` (`C` primary, `D` secondary suppression); free values are not listed.
   * An anonymous reader gets such values as `null`. See `docs/i18n.md` for how the dashboard shows them.
   */
  readonly confStatus?: Readonly<Record<string, ConfCode>>;
}

/** Why a value is suppressed: `C` confidential (too few contributors, or one dominates), `D` secondary. */
export type ConfCode = 'C' | 'D';

export type Granularity = 'month' | 'quarter' | 'year';
export type Slice = 'all' | 'host_country' | 'technology' | 'program';

/**
 * The published indicators this dashboard shows (the API gives more; they are left alone). Any
 * value, and any component of an object-valued one, may be `null` when it is suppressed.
 */
export interface Indicators {
  readonly operating_capacity_mw: number | null;
  readonly investment_committed_usd: number | null;
  readonly investment_cumulative_usd: number | null;
  readonly investment_by_direction_usd: Readonly<Record<string, number | null>> | null;
  readonly emission_reductions_tco2e: number | null;
  readonly verified_reductions_tco2e: number | null;
  readonly verified_share: number | null;
  readonly carbon_productivity_tco2e_per_musd: number | null;
  readonly attributed_reductions_tco2e: Readonly<Record<string, number | null>> | null;
  readonly reporting_coverage: number | null;
  readonly growth_vs_previous: {
    readonly operating_capacity_mw: number | null;
    readonly generation_mwh: number | null;
    readonly emission_reductions_tco2e: number | null;
  };
  /** Absent from runs computed before `indicators-2026.2`, like the two below. */
  readonly investment_disbursed_cumulative_usd?: number | null;
  readonly expected_reductions_tco2e?: number | null;
  readonly reductions_vs_expected?: number | null;
}

/** A published run, as `GET /indicators/runs/{runId}` describes it. */
export interface IndicatorRun {
  readonly runId: string;
  readonly trigger: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly calcVersion: string;
  readonly inputsHash: string;
}

interface IndicatorsPage {
  readonly runId: string | null;
  readonly computedAt: string | null;
  readonly items: readonly IndicatorItem[];
  readonly nextCursor: string | null;
}

/** The filters `GET /indicators` takes. */
export interface ItemQuery {
  readonly granularity?: Granularity;
  readonly period?: string;
  readonly slice?: Slice;
  readonly key?: string;
}

/** A new run was published while the dashboard was reading; its pages must not be mixed. */
export class RunChangedError extends Error {
  constructor() {
    super('A new indicator run was published while the dashboard was reading');
  }
}

/** What the API answered when it was not a success. */
export class ApiError extends Error {}

/** The largest page the API serves. */
const pageLimit = 100;

/** The language the API's problem documents should be in (the dashboard's, once it is chosen). */
let acceptLanguage = 'en';

/** Asks the API for its error messages in this language from now on. */
export function setApiLanguage(language: string): void {
  acceptLanguage = language;
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, {
    headers: { accept: 'application/json', 'accept-language': acceptLanguage },
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { title?: string; detail?: string };
    throw new ApiError(
      `${path}: ${response.status} ${problem.detail ?? problem.title ?? response.statusText}`,
    );
  }
  return (await response.json()) as T;
}

/** The query string of `GET /indicators` for these filters (also the CSV link's). */
export function indicatorsSearch(query: ItemQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, value);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params.toString();
}

/** Every item of the latest run matching the query, all pages of it. */
export interface RunItems {
  readonly runId: string | null;
  readonly computedAt: string | null;
  readonly items: readonly IndicatorItem[];
}

/**
 * Reads every page of `GET /indicators` for the query. With `runId`, refuses pages of another run.
 * @throws RunChangedError when a page comes from another run than `runId` (or than the first page)
 */
export async function fetchItems(query: ItemQuery, runId?: string | null): Promise<RunItems> {
  const items: IndicatorItem[] = [];
  let cursor: string | null = null;
  let first: IndicatorsPage | undefined;
  do {
    const extra: Record<string, string> = { limit: String(pageLimit) };
    if (cursor) extra.cursor = cursor;
    const page: IndicatorsPage = await getJson<IndicatorsPage>(
      `/indicators?${indicatorsSearch(query, extra)}`,
    );
    first ??= page;
    const expected = runId === undefined ? first.runId : runId;
    if (page.runId !== expected) throw new RunChangedError();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { runId: first.runId, computedAt: first.computedAt, items };
}

/** One run's description (its items are not needed: a page of one is asked for and dropped). */
export async function fetchRun(runId: string): Promise<IndicatorRun> {
  return getJson<IndicatorRun>(`/indicators/runs/${encodeURIComponent(runId)}?limit=1`);
}

/** A release as `GET /releases` lists it: the files of a published run (`docs/releases.md`). */
export interface Release {
  readonly runId: string;
  readonly createdAt: string;
  readonly links: {
    readonly descriptor: string;
    readonly files: Readonly<Record<'indicators.csv.gz' | 'README.md' | 'datapackage.json', string>>;
  };
}

/** The newest release, or null before any run was released. */
export async function fetchLatestRelease(): Promise<Release | null> {
  const page = await getJson<{ items: readonly Release[] }>('/releases?limit=1');
  return page.items[0] ?? null;
}
