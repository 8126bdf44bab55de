/** The review queue and the notification routes over HTTP, through the local runtime's gateway. */
import { describe, expect, it } from 'vitest';
import { call, freshOrg, tokenFor } from '../support/api-client.ts';
import { aProjectBody } from '../support/project-bodies.ts';

/**
 * An organisation's whole queue, following the cursors: the runtime is shared with the other e2e
 * files, whose older waiting items come first and cut a filtered page short.
 */
async function queueOf(org: string, token: string) {
  const items: unknown[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const page = await call(
      'GET',
      `/review-queue?orgId=${org}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    items.push(...page.json.items);
    cursor = page.json.nextCursor ?? undefined;
    if (!cursor) return items;
  }
  throw new Error('The queue did not end within 10,000 pages');
}

describe('the review queue over HTTP', () => {
  it('shows a reviewer a new project until it is decided', async () => {
    const org = freshOrg('queue');
    const submitter = await tokenFor(['submitter'], org, `${org}-owner`);
    const reviewer = await tokenFor(['reviewer'], undefined, 'queue-reviewer');

    const created = await call('POST', '/projects', { token: submitter, body: aProjectBody() });
    expect(created.status).toBe(201);
    const waiting = await queueOf(org, reviewer);
    const refused = await call('GET', '/review-queue', { token: submitter });

    expect(waiting).toEqual([
      expect.objectContaining({
        kind: 'project',
        projectId: created.json.id,
        link: `/projects/${created.json.id}`,
      }),
    ]);
    expect(refused.status).toBe(403);

    const decided = await call('POST', `/projects/${created.json.id}/review`, {
      token: reviewer,
      headers: { 'if-match': '"1"' },
      body: { decision: 'changes_requested', comment: 'Add the grid connection date' },
    });
    expect(decided.status).toBe(200);
    expect(await queueOf(org, reviewer)).toEqual([]);
  });

  it('answers the caller’s notifications, and 404 for one it does not have', async () => {
    const org = freshOrg('notes');
    const submitter = await tokenFor(['submitter'], org, `${org}-owner`);

    const list = await call('GET', '/me/notifications?unread=true', { token: submitter });
    const missing = await call('POST', '/me/notifications/01KBN3Q6Z1W8V2M4T6X8B0C2D4/read', {
      token: submitter,
    });

    expect(list.status).toBe(200);
    expect(list.json).toEqual({ items: [], nextCursor: null });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
