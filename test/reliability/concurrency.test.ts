/**
 * Concurrency: editors, status changers and restaters work on the same project and the same month
 * at once through the real local runtime, each reading, writing with If-Match and retrying on 412.
 * The end state must equal a serial order of the successful requests: each success moved the
 * version it named by exactly one, the successes' versions are 2..N without gap or repeat, the
 * audit trail (project history, report revisions) holds each success's change at its version, and
 * replaying the successes in that order gives the stored project and report.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../support/api-client.ts';
import { aReportBody, monthsAgo } from '../support/metric-bodies.ts';
import { aProjectBody, todayUtc, unique } from '../support/project-bodies.ts';
import { Tally } from './support/collector.ts';
import { expectProblem, type RawResponse, send } from './support/http.ts';

const tally = new Tally('concurrency (serial-order check)');
afterAll(() => tally.flush());

type ProjectChange =
  | { readonly kind: 'name'; readonly value: string }
  | { readonly kind: 'summary'; readonly value: string }
  | { readonly kind: 'status'; readonly value: 'operating' | 'suspended' };

interface Success<T> {
  readonly ifMatch: number;
  readonly version: number;
  readonly change: T;
}

const successesPerWorker = 4;

describe('concurrent edits, status changes and restatements of the same records', () => {
  it('end in the state of a serial order of the successful requests, as the audit trail shows', async () => {
    const org = unique('rel-conc');
    const owner = await tokenFor(['submitter'], org);
    const reviewer = await tokenFor(['reviewer']);
    const auth = { authorization: `Bearer ${owner}` };
    const unexpected: string[] = [];
    const check = (response: RawResponse, what: string) => {
      tally.add('requestsTried');
      if (response.status >= 500)
        unexpected.push(`${what}: ${response.status} ${response.text.slice(0, 200)}`);
      if (response.status === 412) expectProblem(response, what);
    };

    const created = await send({
      method: 'POST',
      path: '/projects',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(aProjectBody({ status: 'operating', statusEffectiveDate: '2024-01-10' })),
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const accepted = await send({
      method: 'POST',
      path: `/projects/${id}/review`,
      headers: { authorization: `Bearer ${reviewer}`, 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ decision: 'accepted', comment: 'Fine.' }),
    });
    expect(accepted.status).toBe(200);
    const period = monthsAgo(2);
    const firstReport = await send({
      method: 'PUT',
      path: `/projects/${id}/metrics/${period}`,
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(aReportBody({ generationMwh: 1 })),
    });
    expect(firstReport.status).toBe(201);

    const projectSuccesses: Array<Success<ProjectChange>> = [];
    const reportSuccesses: Array<Success<number>> = [];

    const projectWorker = async (kind: ProjectChange['kind'], n: number) => {
      let done = 0;
      for (let attempt = 0; done < successesPerWorker && attempt < 200; attempt++) {
        const current = await send({ method: 'GET', path: `/projects/${id}`, headers: auth });
        check(current, 'GET project');
        const version = current.json.version as number;
        const change: ProjectChange =
          kind === 'status'
            ? { kind, value: current.json.status === 'operating' ? 'suspended' : 'operating' }
            : { kind, value: `${kind} ${n}.${done} (${attempt})` };
        const response =
          change.kind === 'status'
            ? await send({
                method: 'POST',
                path: `/projects/${id}/status`,
                headers: { ...auth, 'content-type': 'application/json', 'if-match': `"${version}"` },
                body: JSON.stringify({ status: change.value, effectiveDate: todayUtc() }),
              })
            : await send({
                method: 'PATCH',
                path: `/projects/${id}`,
                headers: {
                  ...auth,
                  'content-type': 'application/merge-patch+json',
                  'if-match': `"${version}"`,
                },
                body: JSON.stringify({ [change.kind]: change.value }),
              });
        check(response, `${kind} change`);
        if (response.status === 200) {
          projectSuccesses.push({ ifMatch: version, version: response.json.version, change });
          done += 1;
        } else {
          expect(response.status, response.text.slice(0, 200)).toBe(412);
        }
      }
      expect(done).toBe(successesPerWorker);
    };

    const restater = async (n: number) => {
      let done = 0;
      for (let attempt = 0; done < successesPerWorker && attempt < 200; attempt++) {
        const current = await send({
          method: 'GET',
          path: `/projects/${id}/metrics/${period}`,
          headers: auth,
        });
        check(current, 'GET report');
        const version = Number(/^"(\d+)"$/.exec(current.headers.get('etag') ?? '')?.[1]);
        const generation = 1_000 + n * 100 + done + attempt / 1000;
        const response = await send({
          method: 'PUT',
          path: `/projects/${id}/metrics/${period}`,
          headers: { ...auth, 'content-type': 'application/json', 'if-match': `"${version}"` },
          body: JSON.stringify(aReportBody({ generationMwh: generation })),
        });
        check(response, 'restatement');
        if (response.status === 200) {
          const newVersion = Number(/^"(\d+)"$/.exec(response.headers.get('etag') ?? '')?.[1]);
          reportSuccesses.push({ ifMatch: version, version: newVersion, change: generation });
          done += 1;
        } else {
          expect(response.status, response.text.slice(0, 200)).toBe(412);
        }
      }
      expect(done).toBe(successesPerWorker);
    };

    await Promise.all([
      projectWorker('name', 1),
      projectWorker('name', 2),
      projectWorker('name', 3),
      projectWorker('summary', 4),
      projectWorker('summary', 5),
      projectWorker('status', 6),
      projectWorker('status', 7),
      restater(1),
      restater(2),
      restater(3),
    ]);
    expect(unexpected).toEqual([]);

    // The project: successes are a chain 2 -> 3 -> ... each on the version it read.
    const bySerialOrder = [...projectSuccesses].sort((a, b) => a.version - b.version);
    expect(bySerialOrder.map((s) => s.version)).toEqual(bySerialOrder.map((_, i) => i + 3));
    for (const success of bySerialOrder) expect(success.version).toBe(success.ifMatch + 1);

    const history: Array<{
      version: number;
      action: string;
      changes: Array<{ path: string; to?: unknown }>;
    }> = [];
    let cursor: string | undefined;
    do {
      const page = await send({
        method: 'GET',
        path: `/projects/${id}/history?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        headers: auth,
      });
      expect(page.status).toBe(200);
      history.push(...page.json.items);
      cursor = page.json.nextCursor ?? undefined;
    } while (cursor);
    expect(history.map((e) => e.version)).toEqual(history.map((_, i) => i + 1));

    // Replay in serial order on a model of the project and compare with the audit trail and the store.
    const model = {
      name: created.json.name as string,
      summary: created.json.summary as string,
      status: 'operating',
    };
    for (const success of bySerialOrder) {
      const entry = history.find((e) => e.version === success.version);
      const { kind, value } = success.change;
      expect(entry?.action).toBe(kind === 'status' ? 'status_changed' : 'edited');
      if (kind !== 'status') {
        expect(entry?.changes).toContainEqual(expect.objectContaining({ path: kind, to: value }));
      }
      model[kind] = value;
      tally.add('acknowledgedWritesChecked');
    }
    const stored = await send({ method: 'GET', path: `/projects/${id}`, headers: auth });
    expect(stored.json.version).toBe(2 + bySerialOrder.length);
    expect({ name: stored.json.name, summary: stored.json.summary, status: stored.json.status }).toEqual(
      model,
    );
    // Every change was to an accepted project: the project is a pending revision, and viewers still
    // read the version the reviewer accepted, untouched by the concurrent writes.
    expect(stored.json).toMatchObject({ reviewState: 'submitted', acceptedVersion: 2 });
    const published = await send({
      method: 'GET',
      path: `/projects/${id}`,
      headers: { authorization: `Bearer ${await tokenFor(['viewer'])}` },
    });
    expect(published.json).toMatchObject({
      version: 2,
      name: created.json.name,
      summary: created.json.summary,
      status: 'operating',
    });
    const statusSuccesses = bySerialOrder
      .filter((s) => s.change.kind === 'status')
      .map((s) => s.change.value);
    expect(
      (stored.json.statusHistory as Array<{ status: string }>)
        .slice(-statusSuccesses.length)
        .map((s) => s.status),
    ).toEqual(statusSuccesses);

    // The report: revisions 2..N, each holding the figures of the success that wrote it.
    const reportOrder = [...reportSuccesses].sort((a, b) => a.version - b.version);
    expect(reportOrder.map((s) => s.version)).toEqual(reportOrder.map((_, i) => i + 2));
    for (const success of reportOrder) {
      expect(success.version).toBe(success.ifMatch + 1);
      const revision = await send({
        method: 'GET',
        path: `/projects/${id}/metrics/${period}?revision=${success.version}`,
        headers: auth,
      });
      expect(revision.status).toBe(200);
      expect(revision.json.generationMwh).toBe(success.change);
      tally.add('acknowledgedWritesChecked');
    }
    const latest = await send({ method: 'GET', path: `/projects/${id}/metrics/${period}`, headers: auth });
    expect(latest.json.generationMwh).toBe(reportOrder.at(-1)?.change);
  });
});
