import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { call, tokenFor } from '../support/api-client.ts';

describe('POST /reminders/runs', () => {
  it('is for admins only (403 problem for a reviewer)', async () => {
    const reviewer = await tokenFor(['reviewer'], undefined, 'reminders-reviewer');

    const response = await call('POST', '/reminders/runs', { token: reviewer });

    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('starts a run (202), answers 409 naming it while it is under way, and starts again once it has finished', async () => {
    const admin = await tokenFor(['admin'], 'org-secretariat', 'reminders-admin');

    const started = await call('POST', '/reminders/runs', { token: admin });

    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ state: 'running', runId: expect.stringMatching(/^[0-9A-Z]{26}$/) });
    let next = await call('POST', '/reminders/runs', { token: admin });
    for (let waited = 0; next.status === 409 && waited < 60; waited++) {
      expect(next.headers.get('content-type')).toContain('application/problem+json');
      expect(next.json.detail).toContain(started.json.runId);
      await sleep(500);
      next = await call('POST', '/reminders/runs', { token: admin });
    }
    expect(next.status).toBe(202);
    expect(next.json.runId).not.toBe(started.json.runId);
  });
});
