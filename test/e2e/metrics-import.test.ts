import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, freshOrg, tokenFor } from '../support/api-client.ts';

/** A project under construction since 2024-03 (months from 2023-03 on may be reported), with an external reference. */
function projectBody(refId: string): Record<string, unknown> {
  return {
    name: 'Osaka bay battery and solar partnership',
    summary: 'A joint solar-plus-storage project.',
    technology: 'solar_pv',
    programs: ['jucip'],
    hostCountry: 'JP',
    participants: [
      { name: 'Example Solar KK', country: 'JP', role: 'developer', sharePct: 60 },
      { name: 'Example Storage Inc', country: 'US', role: 'technology_provider', sharePct: 40 },
    ],
    capacity: { value: 150, unit: 'MW' },
    investments: [],
    status: 'construction',
    statusEffectiveDate: '2024-03-10',
    externalRefs: [{ system: 'other', id: refId }],
  };
}

async function setUp() {
  const org = freshOrg('bulk');
  const submitter = await tokenFor(['submitter'], org, `${org}-submitter`);
  const refId = `BULK-${randomUUID()}`;
  const created = await call('POST', '/projects', { token: submitter, body: projectBody(refId) });
  expect(created.status).toBe(201);
  return { submitter, refId, projectId: created.json.id as string };
}

const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];

describe('bulk monthly reports over HTTP', () => {
  it('imports a CSV from the template, re-imports it unchanged, and rejects a bad row by number', async () => {
    const { submitter, refId, projectId } = await setUp();
    const template = await call('GET', '/metrics/import/template', { token: submitter });
    expect(template.status).toBe(200);
    const header = template.text.split('\r\n')[0] ?? '';
    const columns = header.split(',');
    const line = (cells: Record<string, string>) => columns.map((c) => cells[c] ?? '').join(',');
    const rows = months.map((period, i) =>
      line({
        externalRefSystem: 'other',
        externalRefId: refId,
        period,
        generationMwh: String(20_000 + i),
        tonnesSF6: '0.01',
        baselineMethod: 'explicit',
        baselineTco2e: '9000',
        dataQuality: '2',
      }),
    );
    const csv = [header, ...rows, ''].join('\r\n');
    const csvHeaders = { 'content-type': 'text/csv' };

    const first = await call('POST', '/metrics/import', {
      token: submitter,
      rawBody: csv,
      headers: csvHeaders,
    });
    const again = await call('POST', '/metrics/import', {
      token: submitter,
      rawBody: csv,
      headers: csvHeaders,
    });
    const bad = [header, ...rows.slice(0, 2), rows[2]?.replace(',9000,', ',-9000,'), ''].join('\r\n');
    const withBadRow = await call('POST', '/metrics/import', {
      token: submitter,
      rawBody: bad.replace(',20000,', ',20500,'),
      headers: csvHeaders,
    });

    expect(first.status).toBe(200);
    expect(first.json.counts).toEqual({ created: 6, restated: 0, unchanged: 0, rejected: 0 });
    expect(first.json.results[0]).toEqual({
      row: 1,
      outcome: 'created',
      projectId,
      period: '2024-01',
      revision: 1,
    });
    expect(again.json.counts).toEqual({ created: 0, restated: 0, unchanged: 6, rejected: 0 });
    expect(withBadRow.json.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'restated',
      'unchanged',
      'rejected',
    ]);
    expect(withBadRow.json.results[2]).toMatchObject({
      row: 3,
      errors: [{ path: 'baselineTco2e', message: 'Must not be negative' }],
    });
    const march = await call('GET', `/projects/${projectId}/metrics/2024-03`, { token: submitter });
    expect(march.json.revision).toBe(1);
    const january = await call('GET', `/projects/${projectId}/metrics/2024-01`, { token: submitter });
    expect(january.json).toMatchObject({ revision: 2, generationMwh: 20_500 });
  });

  it('replays a JSON import for the same Idempotency-Key, and refuses another body with that key', async () => {
    const { submitter, projectId } = await setUp();
    const report = { projectEmissions: [], baseline: { method: 'explicit', tco2e: 100 }, dataQuality: 3 };
    const body = months.map((period) => ({ projectId, period, ...report }));
    const key = randomUUID();

    const first = await call('POST', '/metrics/import', {
      token: submitter,
      body,
      headers: { 'idempotency-key': key },
    });
    const replay = await call('POST', '/metrics/import', {
      token: submitter,
      body,
      headers: { 'idempotency-key': key },
    });
    const other = await call('POST', '/metrics/import', {
      token: submitter,
      body: body.slice(1),
      headers: { 'idempotency-key': key },
    });

    expect(first.json.counts.created).toBe(6);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json).toEqual(first.json);
    expect(other.status).toBe(422);
  });

  it('answers 422 above 5,000 rows, 413 above its own body limit, and 403 to a viewer', async () => {
    const { submitter, projectId } = await setUp();
    const viewer = await tokenFor(['viewer'], undefined, 'bulk-viewer');
    const row = {
      projectId,
      period: '2024-01',
      projectEmissions: [],
      baseline: { method: 'explicit', tco2e: 1 },
      dataQuality: 3,
    };

    const tooMany = await call('POST', '/metrics/import', { token: submitter, body: Array(5_001).fill(row) });
    const tooLarge = await call('POST', '/metrics/import', {
      token: submitter,
      rawBody: JSON.stringify([row]).padEnd(4 * 1024 * 1024 + 1, ' '),
      headers: { 'content-type': 'application/json' },
    });
    const forbidden = await call('POST', '/metrics/import', { token: viewer, body: [row] });

    expect(tooMany.status).toBe(422);
    expect(tooMany.json.errors).toEqual([
      { path: 'rows', message: 'At most 5000 rows per import; got 5001' },
    ]);
    expect(tooLarge.status).toBe(413);
    expect(forbidden.status).toBe(403);
  });
});
