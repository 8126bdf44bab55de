import { describe, expect, it } from 'vitest';
import { call, freshOrg, tokenFor } from '../support/api-client.ts';

/** A project under construction since 2024-03, so that months from 2023-03 on can be reported. */
function projectBody(): Record<string, unknown> {
  return {
    name: 'Texas solar partnership',
    summary: 'A joint utility-scale solar project.',
    technology: 'solar_pv',
    programs: ['jucip', 'selectusa'],
    hostCountry: 'US',
    participants: [
      { name: 'Example Solar LLC', country: 'US', role: 'developer', sharePct: 70 },
      { name: 'Example Trading KK', country: 'JP', role: 'investor', sharePct: 30 },
    ],
    capacity: { value: 200, unit: 'MW' },
    investments: [],
    status: 'construction',
    statusEffectiveDate: '2024-03-10',
  };
}

function reportBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    generationMwh: 30_000,
    projectEmissions: [{ gas: 'SF6', tonnes: 0.01 }],
    baseline: { method: 'explicit', tco2e: 12_000 },
    dataQuality: 2,
    methodology: 'ACM0002',
    ...overrides,
  };
}

async function setUp() {
  const org = freshOrg('mrv');
  const submitter = await tokenFor(['submitter'], org, `${org}-submitter`);
  const reviewer = await tokenFor(['reviewer'], undefined, 'mrv-reviewer');
  const created = await call('POST', '/projects', { token: submitter, body: projectBody() });
  expect(created.status).toBe(201);
  return { org, submitter, reviewer, projectId: created.json.id as string };
}

describe('monthly reports over HTTP', () => {
  it('reports, verifies, refuses a stale restatement, restates (unverifying), and keeps every revision', async () => {
    const { submitter, reviewer, projectId } = await setUp();
    const path = `/projects/${projectId}/metrics/2025-06`;

    const first = await call('PUT', path, { token: submitter, body: reportBody() });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(path);
    expect(first.headers.get('etag')).toBe('"1"');
    // 0.01 t SF6 x 25,200 (AR6) = 252 tCO2e; 12,000 - 252 - 0 = 11,748
    expect(first.json).toMatchObject({
      revision: 1,
      projectTco2e: 252,
      baselineTco2e: 12_000,
      reductionsTco2e: 11_748,
    });
    expect(first.json.verification.state).toBe('self_reported');

    const verified = await call('POST', `${path}/verification`, {
      token: reviewer,
      body: { decision: 'verified', comment: 'Meter data checked.' },
      headers: { 'if-match': '"1"' },
    });
    expect(verified.status).toBe(200);
    expect(verified.json.verification.state).toBe('verified');
    expect(verified.headers.get('etag')).toBe('"2"');

    const stale = await call('PUT', path, {
      token: submitter,
      body: reportBody({ generationMwh: 31_000 }),
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);

    const restated = await call('PUT', path, {
      token: submitter,
      body: reportBody({ baseline: { method: 'explicit', tco2e: 12_500 } }),
      headers: { 'if-match': '"2"' },
    });
    expect(restated.status).toBe(200);
    expect(restated.json).toMatchObject({ revision: 2, reductionsTco2e: 12_248 });
    expect(restated.json.verification.state).toBe('self_reported');

    const latest = await call('GET', path, { token: reviewer });
    expect(latest.json.revision).toBe(2);
    const earlier = await call('GET', `${path}?revision=1`, { token: submitter });
    expect(earlier.status).toBe(200);
    expect(earlier.json).toMatchObject({
      revision: 1,
      reductionsTco2e: 11_748,
      verification: { state: 'verified' },
    });

    const list = await call('GET', `/projects/${projectId}/metrics?from=2025-01&to=2025-12`, {
      token: submitter,
    });
    expect(list.json.items.map((r: { period: string; revision: number }) => [r.period, r.revision])).toEqual([
      ['2025-06', 2],
    ]);
  });

  it('answers another organisation 404 on an unaccepted project and 403 on an accepted one', async () => {
    const { submitter, reviewer, projectId } = await setUp();
    const path = `/projects/${projectId}/metrics/2025-05`;
    expect((await call('PUT', path, { token: submitter, body: reportBody() })).status).toBe(201);
    const stranger = await tokenFor(['submitter'], freshOrg('stranger'));

    expect((await call('GET', path, { token: stranger })).status).toBe(404);
    expect(
      (await call('PUT', `/projects/${projectId}/metrics/2025-04`, { token: stranger, body: reportBody() }))
        .status,
    ).toBe(404);

    const accepted = await call('POST', `/projects/${projectId}/review`, {
      token: reviewer,
      body: { decision: 'accepted', comment: 'ok' },
      headers: { 'if-match': '"1"' },
    });
    expect(accepted.status).toBe(200);
    expect((await call('GET', path, { token: stranger })).status).toBe(200);
    expect(
      (await call('PUT', `/projects/${projectId}/metrics/2025-04`, { token: stranger, body: reportBody() }))
        .status,
    ).toBe(403);
  });

  it('refuses an unknown emission factor with 422 naming baseline.factorId, and writes nothing', async () => {
    const { submitter, projectId } = await setUp();
    const path = `/projects/${projectId}/metrics/2025-07`;
    const response = await call('PUT', path, {
      token: submitter,
      body: reportBody({ baseline: { method: 'grid_factor', factorId: 'no-such-factor' } }),
    });
    expect(response.status).toBe(422);
    expect(response.json.errors.map((e: { path: string }) => e.path)).toContain('baseline.factorId');
    expect((await call('GET', path, { token: submitter })).status).toBe(404);
  });

  it('computes a grid-factor baseline from the factor an admin keeps, and keeps the version it used', async () => {
    const { submitter, projectId } = await setUp();
    const admin = await tokenFor(['admin'], 'operators', 'mrv-admin');
    const factorId = `e2e-us-${Date.now()}`;
    const factor = {
      region: 'US',
      year: 2024,
      tco2PerMwh: 0.4,
      method: 'national_average',
      source: { title: 'Test factor', url: 'https://example.org/factors' },
    };
    expect((await call('PUT', `/emission-factors/${factorId}`, { token: admin, body: factor })).status).toBe(
      201,
    );

    const report = await call('PUT', `/projects/${projectId}/metrics/2025-08`, {
      token: submitter,
      body: reportBody({ baseline: { method: 'grid_factor', factorId } }),
    });
    expect(report.status).toBe(201);
    // 30,000 MWh x 0.4 t/MWh = 12,000 t; 12,000 - 252 = 11,748
    expect(report.json).toMatchObject({
      baselineTco2e: 12_000,
      reductionsTco2e: 11_748,
      factor: { id: factorId, version: 1 },
    });

    const changed = await call('PUT', `/emission-factors/${factorId}`, {
      token: admin,
      body: { ...factor, tco2PerMwh: 0.41 },
    });
    expect(changed.json.version).toBe(2);
    const kept = await call('GET', `/projects/${projectId}/metrics/2025-08`, { token: submitter });
    expect(kept.json).toMatchObject({ baselineTco2e: 12_000, factor: { version: 1, tco2PerMwh: 0.4 } });

    const listed = await call('GET', '/emission-factors?limit=100');
    expect(listed.status).toBe(200);
  });
});
