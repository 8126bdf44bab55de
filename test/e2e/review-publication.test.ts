import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { call, freshOrg, tokenFor } from '../support/api-client.ts';

/** Iceland: a host country no other e2e test uses, so its slice holds this test's project only. */
const hostCountry = 'IS';

async function untilSettled(runId: string) {
  for (let i = 0; i < 120; i++) {
    const run = await call('GET', `/indicators/runs/${runId}?limit=1`);
    if (run.status === 200 && run.json.state !== 'running') return run.json;
    await sleep(250);
  }
  throw new Error(`run ${runId} did not finish`);
}

/** Runs the indicator job and answers the operating MW of the project's host country, last year. */
async function operatingMwAfterARun(admin: string): Promise<unknown> {
  const requested = await call('POST', '/indicators/runs', { token: admin });
  expect(requested.status).toBe(202);
  expect((await untilSettled(requested.json.runId)).state).toBe('published');
  const year = String(new Date().getUTCFullYear() - 1);
  const read = await call(
    'GET',
    `/indicators?granularity=year&period=${year}&slice=host_country&key=${hostCountry}`,
    {
      token: admin,
    },
  );
  expect(read.status).toBe(200);
  return read.json.items[0]?.indicators.operating_capacity_mw;
}

describe('reviewed before published, over HTTP', () => {
  it('keeps the accepted capacity for viewers and the indicators until a different reviewer accepts the edit', async () => {
    const org = freshOrg('pub');
    const owner = await tokenFor(['submitter'], org, `${org}-owner`);
    const firstReviewer = await tokenFor(['reviewer'], undefined, 'pub-reviewer-1');
    const editingReviewer = await tokenFor(['reviewer', 'admin'], org, 'pub-reviewer-admin');
    const secondReviewer = await tokenFor(['reviewer'], undefined, 'pub-reviewer-2');
    const viewer = await tokenFor(['viewer'], undefined, 'pub-viewer');
    const admin = await tokenFor(['admin'], 'operators', 'pub-admin');

    const created = await call('POST', '/projects', {
      token: owner,
      body: {
        name: 'Publication test geothermal plant',
        summary: '',
        technology: 'geothermal',
        programs: ['jucip'],
        hostCountry,
        participants: [
          { name: 'A', country: 'US', role: 'developer' },
          { name: 'B', country: 'JP', role: 'investor' },
        ],
        capacity: { value: 40, unit: 'MW' },
        investments: [],
        status: 'operating',
        statusEffectiveDate: '2020-01-01',
      },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const accepted = await call('POST', `/projects/${id}/review`, {
      token: firstReviewer,
      body: { decision: 'accepted', comment: 'ok' },
      headers: { 'if-match': '"1"' },
    });
    expect(accepted.status).toBe(200);

    const edited = await call('PATCH', `/projects/${id}`, {
      token: editingReviewer,
      body: { capacity: { value: 55 } },
      headers: { 'if-match': '"2"' },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({
      reviewState: 'submitted',
      acceptedVersion: 2,
      pendingChanges: ['capacity.value'],
    });

    const forViewer = await call('GET', `/projects/${id}`, { token: viewer });
    expect(forViewer.json.capacity.value).toBe(40);
    expect(await operatingMwAfterARun(admin)).toBe(40);

    const ownReview = await call('POST', `/projects/${id}/review`, {
      token: editingReviewer,
      body: { decision: 'accepted', comment: 'My own edit' },
      headers: { 'if-match': '"3"' },
    });
    expect(ownReview.status).toBe(403);
    expect(ownReview.json.type).toBe('/problems/four-eyes');

    const otherReview = await call('POST', `/projects/${id}/review`, {
      token: secondReviewer,
      body: { decision: 'accepted', comment: 'Checked against the operator’s filing' },
      headers: { 'if-match': '"3"' },
    });
    expect(otherReview.status).toBe(200);
    expect((await call('GET', `/projects/${id}`, { token: viewer })).json.capacity.value).toBe(55);
    expect(await operatingMwAfterARun(admin)).toBe(55);

    const withdrawn = await call('POST', `/projects/${id}/review`, {
      token: secondReviewer,
      body: { decision: 'withdrawn', comment: 'Disputed by a partner' },
      headers: { 'if-match': '"4"' },
    });
    expect(withdrawn.status).toBe(200);
    expect((await call('GET', `/projects/${id}`, { token: viewer })).status).toBe(404);
    expect(await operatingMwAfterARun(admin)).toBeUndefined();
  });
});
