/**
 * Crash safety: a local runtime of its own against a persistent DynamoDB Local this test starts,
 * SIGKILLs under a steady stream of writes, and restarts on the same port and data folder. Every
 * write that got a 2xx must be there afterwards; during the outage every answer must come within a
 * bound and be a 503 problem with Retry-After (or a 2xx/4xx from before the kill took effect), never
 * a 500 or a hang; the runtime must recover by itself, without a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { issueToken, loadIssuerKeys } from '../../infra/local/issuer.ts';
import { ensureOrganisation } from '../../infra/local/organisations.ts';
import { type LocalProcess, stopLocal, tempStateDir, waitForStatus } from '../support/local-process.ts';
import { aProjectBody, unique } from '../support/project-bodies.ts';
import { Tally } from './support/collector.ts';
import { expectProblem, type RawResponse, send } from './support/http.ts';
import { launchRuntime } from './support/runtime.ts';

const tally = new Tally('crash safety (SIGKILL DynamoDB Local)');

/** API Gateway gives up after 30 s; the API must answer well within it, outage or not. */
const responseBoundMs = 20_000;

let database: DynamoDbLocal | undefined;
let local: LocalProcess | undefined;
const folders: string[] = [];

afterAll(async () => {
  tally.flush();
  if (local) await stopLocal(local, 'SIGTERM').catch(() => undefined);
  await database?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

interface Acknowledged {
  readonly id: string;
  /** The versions of the project acknowledged with a 2xx, and the name each set. */
  readonly versions: Map<number, string>;
}

describe('SIGKILL of DynamoDB Local under a stream of writes', () => {
  it('loses no acknowledged write, answers 503 with Retry-After while down, and recovers by itself', {
    timeout: 240_000,
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jucip-crash-db-'));
    const dbPort = await freePort();
    database = await startDynamoDbLocal({ dataDir, port: dbPort });
    const stateDir = tempStateDir();
    folders.push(dataDir, stateDir);
    const runtime = await launchRuntime(database.endpoint, stateDir);
    local = runtime.local;
    const { baseUrl } = runtime;
    await waitForStatus(`${baseUrl}/health`, 200, 90_000, local);
    const keys = await loadIssuerKeys(join(stateDir, 'issuer'));
    const orgId = unique('rel-crash');
    await ensureOrganisation(baseUrl, keys, orgId);
    const token = await issueToken(keys, { roles: ['submitter'], orgId });
    const auth = { authorization: `Bearer ${token}` };

    const acknowledged = new Map<string, Acknowledged>();
    const outageAnswers: RawResponse[] = [];
    const unexpected: string[] = [];
    let phase: 'before' | 'down' | 'after' = 'before';
    let stop = false;
    let slowest = 0;

    const record = (response: RawResponse, what: string) => {
      tally.add('requestsTried');
      slowest = Math.max(slowest, response.ms);
      if (response.status >= 500 && response.status !== 503)
        unexpected.push(`${what}: ${response.status} ${response.text.slice(0, 200)}`);
      if (response.status === 503) outageAnswers.push(response);
    };

    const writer = async (n: number) => {
      let mine: { id: string; version: number } | undefined;
      let i = 0;
      while (!stop) {
        i += 1;
        if (!mine || i % 3 === 0) {
          const body = aProjectBody({ name: `Crash test ${n}-${i}` });
          const response = await send(
            {
              method: 'POST',
              path: '/projects',
              headers: { ...auth, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            },
            baseUrl,
          );
          record(response, 'POST /projects');
          if (response.status === 201) {
            mine = { id: response.json.id, version: 1 };
            acknowledged.set(mine.id, { id: mine.id, versions: new Map([[1, body.name]]) });
          }
        } else {
          const name = `Renamed ${n}-${i}`;
          const response = await send(
            {
              method: 'PATCH',
              path: `/projects/${mine.id}`,
              headers: {
                ...auth,
                'content-type': 'application/merge-patch+json',
                'if-match': `"${mine.version}"`,
              },
              body: JSON.stringify({ name }),
            },
            baseUrl,
          );
          record(response, 'PATCH /projects/{id}');
          if (response.status === 200) {
            mine.version = response.json.version;
            acknowledged.get(mine.id)?.versions.set(mine.version, name);
          } else if (response.status === 412) {
            // A PATCH that got a 503 may have landed after all: read where the project is now.
            const current = await send(
              { method: 'GET', path: `/projects/${mine.id}`, headers: auth },
              baseUrl,
            );
            record(current, 'GET /projects/{id}');
            if (current.status === 200) mine.version = current.json.version;
          }
        }
        if (phase === 'down') await sleep(100);
      }
    };

    const writers = Promise.all([1, 2, 3, 4].map(writer));
    await sleep(3_000);
    const beforeKill = acknowledged.size;
    expect(beforeKill, 'writes succeed before the kill').toBeGreaterThan(0);

    // The kill: no shutdown, no flush.
    phase = 'down';
    database.process.kill('SIGKILL');
    tally.add('faultsInjected');
    await new Promise((resolve) => database?.process.once('exit', resolve));
    const downSince = Date.now();
    const health = await send({ method: 'GET', path: '/health' }, baseUrl);
    expect(health.status).toBe(503);
    while (outageAnswers.length < 8 && Date.now() - downSince < 60_000) await sleep(250);
    expect(outageAnswers.length, 'the API answered 503 while the database was down').toBeGreaterThan(0);

    // Restart on the same port and folder; the runtime is not touched.
    database = await startDynamoDbLocal({ dataDir, port: dbPort });
    phase = 'after';
    const upAgain = Date.now();
    const ackedAtRestart = acknowledged.size;
    while (acknowledged.size < ackedAtRestart + 8 && Date.now() - upAgain < 60_000) await sleep(250);
    const recoveredInMs = Date.now() - upAgain;
    stop = true;
    await writers;

    expect(unexpected).toEqual([]);
    expect(slowest, 'every answer came within the bound').toBeLessThan(responseBoundMs);
    expect(
      acknowledged.size,
      'writes succeed again after the restart, with no restart of the runtime',
    ).toBeGreaterThan(ackedAtRestart);
    expect(recoveredInMs).toBeLessThan(60_000);
    for (const answer of outageAnswers) {
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      expectProblem(answer, 'outage');
      expect(answer.json.title).toBe('Service unavailable');
    }

    // Every acknowledged write is there: the project, each acknowledged version in its history, and
    // the latest acknowledged name unless a later (unacknowledged, 503) write landed.
    for (const { id, versions } of acknowledged.values()) {
      const project = await send({ method: 'GET', path: `/projects/${id}`, headers: auth }, baseUrl);
      expect(project.status, id).toBe(200);
      const history = await send(
        { method: 'GET', path: `/projects/${id}/history?limit=100`, headers: auth },
        baseUrl,
      );
      expect(history.status).toBe(200);
      const entries = history.json.items as Array<{
        version: number;
        changes: Array<{ path: string; to?: unknown }>;
      }>;
      for (const [version, name] of versions) {
        const entry = entries.find((e) => e.version === version);
        expect(entry, `${id} version ${version}`).toBeDefined();
        if (version > 1)
          expect(entry?.changes).toContainEqual(expect.objectContaining({ path: 'name', to: name }));
        tally.add('acknowledgedWritesChecked');
      }
      const latest = Math.max(...versions.keys());
      expect(project.json.version).toBeGreaterThanOrEqual(latest);
      if (project.json.version === latest) expect(project.json.name).toBe(versions.get(latest));
    }
    console.log(
      `[crash safety] ${tally.get('requestsTried')} requests, ${acknowledged.size} projects acknowledged (${beforeKill} before the kill), ` +
        `${outageAnswers.length} 503 answers, slowest answer ${Math.round(slowest)} ms, writes recovered ${recoveredInMs} ms after the restart`,
    );
  });
});
