import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { call, freshOrg, tokenFor } from '../support/api-client.ts';

/** Creates an accepted, operating project with a report for last month, so the run has something to count. */
async function anAcceptedReportingProject() {
  const org = freshOrg('ind');
  const submitter = await tokenFor(['submitter'], org, `${org}-owner`);
  const reviewer = await tokenFor(['reviewer'], undefined, 'ind-reviewer');
  const created = await call('POST', '/projects', {
    token: submitter,
    body: {
      name: 'Indicator test wind farm',
      summary: '',
      technology: 'wind_onshore',
      programs: ['jucip'],
      hostCountry: 'US',
      participants: [
        { name: 'A', country: 'US', role: 'developer', sharePct: 50 },
        { name: 'B', country: 'JP', role: 'investor', sharePct: 50 },
      ],
      capacity: { value: 10, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 1_000_000,
          currency: 'USD',
          committedOn: '2025-01-15',
          instrument: 'equity',
        },
      ],
      status: 'operating',
      statusEffectiveDate: '2025-01-01',
    },
  });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  const accepted = await call('POST', `/projects/${id}/review`, {
    token: reviewer,
    body: { decision: 'accepted', comment: 'ok' },
    headers: { 'if-match': '"1"' },
  });
  expect(accepted.status).toBe(200);
  const report = await call('PUT', `/projects/${id}/metrics/2025-03`, {
    token: submitter,
    body: {
      generationMwh: 2_000,
      projectEmissions: [],
      baseline: { method: 'explicit', tco2e: 800 },
      dataQuality: 2,
    },
  });
  expect(report.status).toBe(201);
}

async function untilSettled(runId: string) {
  for (let i = 0; i < 120; i++) {
    const run = await call('GET', `/indicators/runs/${runId}?limit=1`);
    if (run.status === 200 && run.json.state !== 'running') return run.json;
    await sleep(250);
  }
  throw new Error(`run ${runId} did not finish`);
}

describe('indicators over HTTP', () => {
  it('runs the job on an admin request (202), publishes it, and serves it as JSON and CSV', async () => {
    await anAcceptedReportingProject();
    const admin = await tokenFor(['admin'], 'operators', 'ind-admin');
    const requested = await call('POST', '/indicators/runs', { token: admin });
    expect(requested.status).toBe(202);
    const runId = requested.json.runId as string;
    expect(requested.headers.get('location')).toBe(`/indicators/runs/${runId}`);

    const run = await untilSettled(runId);
    expect(run).toMatchObject({
      runId,
      state: 'published',
      trigger: 'manual',
      inputsHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    // Any role's token shows every value; the public sees suppressed ones as null, with the same confStatus.
    const viewer = await tokenFor(['viewer'], undefined, 'ind-viewer');
    const latest = await call('GET', '/indicators?granularity=year&period=2025&slice=all', { token: viewer });
    expect(latest.status).toBe(200);
    expect(latest.json.runId).toBe(runId);
    expect(latest.json.items[0].indicators.emission_reductions_tco2e).toBeGreaterThanOrEqual(800);
    expect(latest.headers.get('cache-control')).toBe('private, no-store');
    const anonymous = await call('GET', '/indicators?granularity=year&period=2025&slice=all');
    expect(anonymous.headers.get('cache-control')).toBe('public, max-age=60');
    const status = anonymous.json.items[0].confStatus;
    expect(status).toEqual(latest.json.items[0].confStatus);
    const reductions = anonymous.json.items[0].indicators.emission_reductions_tco2e;
    if (status.emission_reductions_tco2e) expect(reductions).toBeNull();
    else expect(reductions).toBe(latest.json.items[0].indicators.emission_reductions_tco2e);
    expect(
      (await call('GET', '/indicators?granularity=year', { headers: { authorization: 'Bearer not-a-jwt' } }))
        .status,
    ).toBe(401);

    const csv = await call('GET', '/indicators?granularity=year&period=2025&slice=all', {
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, first] = csv.text.split('\r\n');
    expect(header).toBe('run_id,granularity,period,slice,key,indicator,component,value,conf_status');
    expect(first?.startsWith(`${runId},year,2025,all,all,`)).toBe(true);
    expect(first?.endsWith(',F')).toBe(true); // projects_by_status is never suppressed

    const runs = await call('GET', '/indicators/runs?limit=5');
    expect(runs.json.items[0].runId).toBe(runId);
  });

  it('lets only admins start a run', async () => {
    expect((await call('POST', '/indicators/runs')).status).toBe(401);
    const reviewer = await tokenFor(['reviewer']);
    expect((await call('POST', '/indicators/runs', { token: reviewer })).status).toBe(403);
  });

  it('refuses bad filters with 400 naming them, and unknown runs with 404', async () => {
    const bad = await call('GET', '/indicators?granularity=weekly');
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('granularity');
    expect((await call('GET', '/indicators?granularity=quarter&period=2025-03')).status).toBe(400);
    expect((await call('GET', '/indicators/runs/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
  });
});
