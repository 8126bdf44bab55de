/**
 * Releases over HTTP against the real local runtime (its S3-compatible server holds the files): a
 * published run's release is read back, each resource checked against its Table Schema and its
 * stated size and hash, the CSV against what anonymous callers get from `GET /indicators?format=csv`.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call, freshOrg, tokenFor } from '../support/api-client.ts';
import { aReportBody, monthsAgo } from '../support/metric-bodies.ts';
import { aProjectBody } from '../support/project-bodies.ts';
import { type TableSchema, tableSchemaProblems } from '../support/table-schema.ts';

async function bytesOf(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${inject('baseUrl')}${path}`, { headers, redirect: 'manual' });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every page of the anonymous CSV of the latest run, followed through `Link: rel="next"`. */
async function anonymousCsvRows(): Promise<string[]> {
  const rows: string[] = [];
  let path: string | undefined = '/indicators?format=csv';
  while (path) {
    const page = await call('GET', path);
    expect(page.status).toBe(200);
    const [, ...records] = page.text.split('\r\n').filter((line) => line !== '');
    rows.push(...records);
    path = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
  }
  return rows;
}

async function aPublishedRun(): Promise<string> {
  const org = freshOrg('rel');
  const submitter = await tokenFor(['submitter'], org, `${org}-owner`);
  const reviewer = await tokenFor(['reviewer'], undefined, 'rel-reviewer');
  const created = await call('POST', '/projects', {
    token: submitter,
    body: aProjectBody({ status: 'operating', statusEffectiveDate: '2025-01-01' }),
  });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  const accepted = await call('POST', `/projects/${id}/review`, {
    token: reviewer,
    body: { decision: 'accepted', comment: 'ok' },
    headers: { 'if-match': '"1"' },
  });
  expect(accepted.status).toBe(200);
  expect(
    (await call('PUT', `/projects/${id}/metrics/${monthsAgo(2)}`, { token: submitter, body: aReportBody() }))
      .status,
  ).toBe(201);
  const admin = await tokenFor(['admin'], 'operators', 'rel-admin');
  const requested = await call('POST', '/indicators/runs', { token: admin });
  expect(requested.status).toBe(202);
  const runId = requested.json.runId as string;
  for (let i = 0; i < 240; i++) {
    const run = await call('GET', `/indicators/runs/${runId}?limit=1`);
    if (run.status === 200 && run.json.state !== 'running') {
      expect(run.json.state).toBe('published');
      return runId;
    }
    await sleep(250);
  }
  throw new Error(`run ${runId} did not finish`);
}

describe('releases over HTTP', () => {
  let published: string;
  beforeAll(async () => {
    published = await aPublishedRun();
  }, 90_000);

  it('lists releases newest first, the run just published among them', async () => {
    const listed = await call('GET', '/releases?limit=100');
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('public, max-age=60');
    const ids = (listed.json.items as { runId: string }[]).map((item) => item.runId);
    expect(ids).toContain(published);
    expect([...ids].sort().reverse()).toEqual(ids);
    expect(listed.json.items.find((item: { runId: string }) => item.runId === published)).toMatchObject({
      links: {
        descriptor: `/releases/${published}`,
        files: { 'indicators.csv.gz': `/releases/${published}/indicators.csv.gz` },
      },
    });
    const paged = await call('GET', '/releases?limit=1');
    expect(paged.json.items).toHaveLength(1);
    if (ids.length > 1) {
      const next = await call('GET', `/releases?limit=1&cursor=${encodeURIComponent(paged.json.nextCursor)}`);
      expect(next.json.items[0].runId).toBe(ids[1]);
    }
  });

  it('serves a release whose files match their descriptor, and whose CSV is the anonymous CSV of the run', async () => {
    // Other test files may publish runs meanwhile: the comparison is with whichever run the CSV is of.
    const rows = await anonymousCsvRows();
    const runId = rows[0]?.split(',')[0] ?? '';
    expect(runId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const descriptor = await call('GET', `/releases/${runId}`);
    expect(descriptor.status).toBe(200);
    expect(descriptor.headers.get('content-type')).toContain('application/json');
    const pkg = descriptor.json;
    expect(pkg).toMatchObject({
      $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
      name: 'jucip-green-growth-indicators',
      version: runId,
      licenses: [{ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/' }],
    });
    expect(Number.isNaN(Date.parse(pkg.created))).toBe(false);
    expect(pkg.sources[0].title).toContain(runId);
    expect(pkg.resources.map((r: { path: string }) => r.path)).toEqual(['indicators.csv.gz', 'README.md']);

    for (const resource of pkg.resources) {
      const { response, bytes } = await bytesOf(`/releases/${runId}/${resource.path}`);
      expect(response.status).toBe(200);
      expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
      expect(response.headers.get('etag')).toMatch(/^"[^"]+"$/);
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(bytes.length).toBe(resource.bytes);
      expect(resource.hash).toBe(`sha256:${sha256(bytes)}`);
    }

    const csv = await bytesOf(`/releases/${runId}/indicators.csv.gz`);
    expect(csv.response.headers.get('content-type')).toBe('application/gzip');
    const text = gunzipSync(csv.bytes).toString('utf8');
    const schema = pkg.resources[0].schema as TableSchema;
    expect(tableSchemaProblems(text, schema)).toEqual([]);
    const [header, ...records] = text.split('\r\n').filter((line) => line !== '');
    expect(header).toBe(schema.fields.map((field) => field.name).join(','));
    expect(records).toEqual(rows);
  });

  it('passes byte ranges through, and says 416 with the size for a range past the end', async () => {
    const whole = await bytesOf(`/releases/${published}/README.md`);
    const size = whole.bytes.length;
    const first = await bytesOf(`/releases/${published}/README.md`, { range: 'bytes=0-9' });
    expect(first.response.status).toBe(206);
    expect(first.response.headers.get('content-range')).toBe(`bytes 0-9/${size}`);
    expect(first.response.headers.get('content-length')).toBe('10');
    expect(first.bytes).toEqual(whole.bytes.subarray(0, 10));
    const rest = await bytesOf(`/releases/${published}/README.md`, { range: 'bytes=10-' });
    expect(rest.response.status).toBe(206);
    expect(Buffer.concat([first.bytes, rest.bytes])).toEqual(whole.bytes);
    const past = await bytesOf(`/releases/${published}/README.md`, { range: `bytes=${size + 10}-` });
    expect(past.response.status).toBe(416);
    expect(past.response.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('answers 404 for an unknown run, a malformed run id and a file no release has', async () => {
    expect((await call('GET', '/releases/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await call('GET', '/releases/not-a-run')).status).toBe(404);
    expect((await call('GET', `/releases/${published}/secrets.txt`)).status).toBe(404);
    const missing = await call('GET', '/releases/01ARZ3NDEKTSV4RRFFQ69G5FAV/indicators.csv.gz');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });
});
