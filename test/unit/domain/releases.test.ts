/**
 * The release writer and reads over in-memory stores: the descriptor's schema is the CSV's own
 * column list, every stated size and hash matches the stored bytes, the CSV is the anonymous view
 * page for page, ranges and links behave.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { descendingKey } from '../../../shared/adapters/s3/release-store.ts';
import { NotFoundError } from '../../../shared/domain/errors.ts';
import type { ItemQuery, StoredItem } from '../../../shared/domain/indicator-runs/ports.ts';
import type { IndicatorRun } from '../../../shared/domain/indicator-runs/run.ts';
import type { IndicatorItem } from '../../../shared/domain/indicators/compute.ts';
import { indicatorNames } from '../../../shared/domain/indicators/compute.ts';
import { indicatorTableColumns } from '../../../shared/domain/indicators/table.ts';
import { indicatorGlossary, releaseLicense } from '../../../shared/domain/releases/descriptor.ts';
import { parseByteRange, ReleaseReader } from '../../../shared/domain/releases/reads.ts';
import { ReleaseWriter } from '../../../shared/domain/releases/writer.ts';
import { csvRecords } from '../../../shared/http/csv.ts';
import { indicatorsCsv } from '../../../shared/http/indicators.ts';
import { InMemoryReleaseStore } from '../../support/in-memory-releases.ts';
import { type TableSchema, tableSchemaProblems } from '../../support/table-schema.ts';

const runId = '01JR2M4P6Q8S0T2V4W6X8Y0Z1A';
const run: IndicatorRun = {
  runId,
  state: 'published',
  trigger: 'manual',
  startedAt: '2026-11-01T00:00:00.000Z',
  finishedAt: '2026-11-01T00:04:00.000Z',
  calcVersion: 'indicators-2026.1+sdc-2026.1-n3-k85',
  inputsHash: 'a'.repeat(64),
  counts: { projects: 3, reports: 30, items: 3 },
};

/** An item of a month: one suppressed number, one suppressed component, a null ratio, text with a comma. */
function anItem(period: string, key: string): IndicatorItem {
  const indicators = Object.fromEntries(
    indicatorNames.map((name) => [name, 1.5]),
  ) as IndicatorItem['indicators'];
  return {
    granularity: 'month',
    period,
    slice: key === 'all' ? 'all' : 'technology',
    key,
    indicators: {
      ...indicators,
      projects_by_status: { announced: 1, operating: 2 },
      investment_by_direction_usd: { 'JP->US': 1000, 'US->JP': 250.25 },
      verified_share: null,
    },
    confStatus: { operating_capacity_mw: 'C', 'investment_by_direction_usd.US->JP': 'D' },
  };
}

/** A run store of the items, paged by position as the DynamoDB adapter pages them. */
function runsOf(items: readonly IndicatorItem[]) {
  const stored: StoredItem[] = items.map((item, i) => ({
    ...item,
    position: `ITEM#${String(i).padStart(4, '0')}`,
  }));
  return {
    pages: 0,
    async items(_runId: string, query: ItemQuery): Promise<{ items: StoredItem[]; after?: string }> {
      this.pages += 1;
      const start = query.after ? stored.findIndex((item) => item.position === query.after) + 1 : 0;
      const page = stored.slice(start, start + query.limit);
      const last = page.at(-1);
      return start + query.limit < stored.length && last
        ? { items: page, after: last.position }
        : { items: page };
    },
  };
}

const items = [anItem('2026-09', 'all'), anItem('2026-09', 'solar_pv'), anItem('2026-10', 'all')];

async function written(license = releaseLicense()) {
  const store = new InMemoryReleaseStore();
  const runs = runsOf(items);
  const writer = new ReleaseWriter({
    runs,
    store,
    encodeCsv: csvRecords,
    options: { license },
    pageItems: 2,
  });
  const release = await writer.write(run);
  const bytesOf = (name: string) => store.files.get(`${runId}/${name}`)?.body ?? new Uint8Array(0);
  return { store, runs, release, bytesOf };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the release writer', () => {
  it('describes the CSV with exactly the columns the CSV has, in order', async () => {
    const { release, bytesOf } = await written();
    const resources = release.descriptor.resources as { name: string; schema?: TableSchema }[];
    const schema = resources.find((r) => r.name === 'indicators')?.schema as TableSchema;
    const header = gunzipSync(bytesOf('indicators.csv.gz')).toString('utf8').split('\r\n')[0];

    expect(schema.fields.map((field) => field.name)).toEqual([...indicatorTableColumns]);
    expect(header).toBe(indicatorTableColumns.join(','));
  });

  it('writes the anonymous view, read a page at a time: suppressed values empty, with their codes', async () => {
    const { bytesOf, runs } = await written();
    const csv = gunzipSync(bytesOf('indicators.csv.gz')).toString('utf8');
    const publicItems = items.map((item) => ({
      ...item,
      indicators: {
        ...item.indicators,
        operating_capacity_mw: null,
        investment_by_direction_usd: { 'JP->US': 1000, 'US->JP': null },
      },
    }));

    expect(csv).toBe(indicatorsCsv(runId, publicItems));
    expect(csv).toContain(`${runId},month,2026-09,all,all,operating_capacity_mw,,,C\r\n`);
    expect(csv).toContain(`${runId},month,2026-09,all,all,investment_by_direction_usd,US->JP,,D\r\n`);
    expect(runs.pages).toBe(2);
  });

  it('states each file’s size and SHA-256, and conforms to its own table schema', async () => {
    const { release, bytesOf } = await written();
    const resources = release.descriptor.resources as {
      path: string;
      bytes: number;
      hash: string;
      schema?: TableSchema;
    }[];

    for (const resource of resources) {
      expect(resource.bytes).toBe(bytesOf(resource.path).length);
      expect(resource.hash).toBe(`sha256:${sha256(bytesOf(resource.path))}`);
    }
    const csv = gunzipSync(bytesOf('indicators.csv.gz')).toString('utf8');
    expect(tableSchemaProblems(csv, resources[0]?.schema as TableSchema)).toEqual([]);
    const stored = JSON.parse(Buffer.from(bytesOf('datapackage.json')).toString('utf8'));
    expect(stored).toEqual(release.descriptor);
  });

  it('is caught by the schema check when a row breaks it (the check can fail)', async () => {
    const { release, bytesOf } = await written();
    const schema = (release.descriptor.resources as { schema: TableSchema }[])[0]?.schema as TableSchema;
    const csv = gunzipSync(bytesOf('indicators.csv.gz')).toString('utf8');
    const [header, first, ...rest] = csv.split('\r\n');

    expect(tableSchemaProblems([header, first, first, ...rest].join('\r\n'), schema)).toEqual([
      expect.stringMatching(/^row 3: primary key .* is not unique$/),
    ]);
    expect(tableSchemaProblems(csv.replace(',1.5,F', ',lots,F'), schema)).toEqual([
      expect.stringMatching(/value "lots" is not a number/),
    ]);
  });

  it('names the configured licence, CC-BY-4.0 by default, and the rules the run used', async () => {
    expect((await written()).release.descriptor).toMatchObject({
      version: runId,
      created: run.finishedAt,
      licenses: [{ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/' }],
      calcVersion: run.calcVersion,
    });
    expect((await written(releaseLicense('CC0-1.0'))).release.descriptor.licenses).toEqual([
      {
        name: 'CC0-1.0',
        path: 'https://creativecommons.org/publicdomain/zero/1.0/',
        title: 'CC0 1.0 Universal',
      },
    ]);
    expect(releaseLicense('OGL-UK-3.0')).toEqual({ name: 'OGL-UK-3.0' });
  });

  it('writes the same bytes for the same run, and lists the release only after its files', async () => {
    const first = await written();
    const second = await written();
    for (const name of ['indicators.csv.gz', 'README.md', 'datapackage.json'])
      expect(Buffer.from(second.bytesOf(name))).toEqual(Buffer.from(first.bytesOf(name)));

    const failing = new InMemoryReleaseStore();
    const writes: string[] = [];
    failing.putFile = async (_runId, name) => {
      writes.push(name);
      if (name === 'datapackage.json') throw new Error('refused');
    };
    const writer = new ReleaseWriter({
      runs: runsOf(items),
      store: failing,
      encodeCsv: csvRecords,
      options: { license: releaseLicense() },
    });
    await expect(writer.write(run)).rejects.toThrow('refused');
    expect(writes).toEqual(['indicators.csv.gz', 'README.md', 'datapackage.json']);
    expect(failing.registered.size).toBe(0);
  });

  it('explains every indicator, with its unit, in the README and the schema', async () => {
    const { bytesOf } = await written();
    const readme = Buffer.from(bytesOf('README.md')).toString('utf8');
    for (const entry of indicatorGlossary()) {
      expect(entry.unit).not.toBe('');
      expect(entry.description).not.toBe('');
      expect(readme).toContain(`| \`${entry.name}\` |`);
    }
    expect(readme).toContain(runId);
    expect(readme).toContain('Creative Commons Attribution 4.0');
  });
});

describe('the release reads', () => {
  const published = async (id: string) => (id === runId ? run : undefined);

  it('serves a range of a file, and sends a file larger than a response to a link', async () => {
    const { store, bytesOf } = await written();
    const reader = new ReleaseReader(store, { get: published }, { maxResponseBytes: 64, linkSeconds: 60 });

    const range = await reader.file(runId, 'README.md', parseByteRange('bytes=10-19'));
    expect(range).toMatchObject({
      kind: 'bytes',
      range: { start: 10, end: 19 },
      sizeBytes: bytesOf('README.md').length,
    });
    if (range.kind === 'bytes')
      expect(Buffer.from(range.body)).toEqual(Buffer.from(bytesOf('README.md').subarray(10, 20)));
    expect(await reader.file(runId, 'README.md')).toEqual({
      kind: 'link',
      url: `memory://${runId}/README.md`,
    });
  });

  it('knows no file of an unpublished run, no other file name, and no malformed run id', async () => {
    const { store } = await written();
    const reader = new ReleaseReader(
      store,
      { get: async () => undefined },
      { maxResponseBytes: 1e6, linkSeconds: 60 },
    );
    await expect(reader.file(runId, 'README.md')).rejects.toBeInstanceOf(NotFoundError);
    const open = new ReleaseReader(store, { get: published }, { maxResponseBytes: 1e6, linkSeconds: 60 });
    await expect(open.file(runId, '../secrets')).rejects.toBeInstanceOf(NotFoundError);
    await expect(open.file('not-a-run', 'README.md')).rejects.toBeInstanceOf(NotFoundError);
    expect((await open.list(10)).items.map((item) => item.runId)).toEqual([runId]);
    expect((await reader.list(10)).items).toEqual([]);
  });

  it('reads one byte range from a Range header, and ignores any other', () => {
    expect(parseByteRange('bytes=0-99')).toEqual({ kind: 'from', start: 0, end: 99 });
    expect(parseByteRange('bytes=100-')).toEqual({ kind: 'from', start: 100 });
    expect(parseByteRange('bytes=-500')).toEqual({ kind: 'suffix', length: 500 });
    for (const ignored of [undefined, '', 'bytes=5-1', 'bytes=0-1,5-9', 'items=0-1', 'bytes=-0', 'bytes=-'])
      expect(parseByteRange(ignored)).toBeUndefined();
  });
});

describe('the release index keys', () => {
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const aRunId = fc.string({ unit: fc.constantFrom(...crockford), minLength: 26, maxLength: 26 });

  it('sort a later run id first, and give the run id back when mirrored again', () => {
    fc.assert(
      fc.property(aRunId, aRunId, (a, b) => {
        expect(descendingKey(descendingKey(a))).toBe(a);
        if (a < b) expect(descendingKey(a) > descendingKey(b)).toBe(true);
      }),
    );
  });
});
