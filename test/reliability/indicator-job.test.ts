/**
 * Indicator job faults, with the real job handler in child processes against the suite's database
 * and the real local runtime serving the results: a run SIGKILLed while it writes its items leaves
 * the previously published run served, byte for byte, and a later run publishes; a redelivery of
 * the killed run never moves the latest pointer back; duplicate concurrent deliveries of the same
 * scheduled event publish one run. (In-process fault injection after N writes, lease expiry and
 * the never-backwards pointer are unit- and integration-tested in test/integration/indicator-job.test.ts.)
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runIdForSchedule } from '../../functions/indicator-job/handler.ts';
import { tokenFor } from '../support/api-client.ts';
import { projectRoot } from '../support/local-process.ts';
import { aReportBody, monthsAgo } from '../support/metric-bodies.ts';
import { aProjectBody, unique } from '../support/project-bodies.ts';
import { Tally } from './support/collector.ts';
import { send } from './support/http.ts';

const tally = new Tally('indicator job faults');
afterAll(() => tally.flush());

interface Child {
  readonly pid: number;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runJob(scheduledTime: string, slow = false): Child {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/reliability/support/indicator-job-child.ts',
      scheduledTime,
      ...(slow ? ['slow'] : []),
    ],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
        S3_ENDPOINT: inject('s3Endpoint'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { pid: child.pid ?? 0, output: () => output, exited };
}

async function resultOf(
  child: Child,
): Promise<{ outcome: string; runId?: string; run?: { runId: string; inputsHash: string } }> {
  const { code } = await child.exited;
  const line = child
    .output()
    .split('\n')
    .find((l) => l.startsWith('RESULT '));
  expect(code, child.output().slice(-2000)).toBe(0);
  expect(line, child.output().slice(-2000)).toBeDefined();
  tally.add('requestsTried');
  return JSON.parse(line?.slice('RESULT '.length) ?? '{}');
}

/** The scheduled time `minutes` after the suite's start-up run (run ids must be later to become latest). */
const later = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d+Z$/, '.000Z');

async function served() {
  const response = await send({ method: 'GET', path: '/indicators?limit=100' });
  tally.add('requestsTried');
  expect(response.status).toBe(200);
  return response;
}

beforeAll(async () => {
  // Data for the runs to read: an accepted project with a report.
  const org = unique('rel-job');
  const owner = await tokenFor(['submitter'], org);
  const reviewer = await tokenFor(['reviewer']);
  const created = await send({
    method: 'POST',
    path: '/projects',
    headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
    body: JSON.stringify(aProjectBody()),
  });
  expect(created.status).toBe(201);
  const id = created.json.id;
  const accepted = await send({
    method: 'POST',
    path: `/projects/${id}/review`,
    headers: { authorization: `Bearer ${reviewer}`, 'content-type': 'application/json', 'if-match': '"1"' },
    body: JSON.stringify({ decision: 'accepted', comment: 'Fine.' }),
  });
  expect(accepted.status).toBe(200);
  for (const months of [2, 3, 4]) {
    const report = await send({
      method: 'PUT',
      path: `/projects/${id}/metrics/${monthsAgo(months)}`,
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      body: JSON.stringify(aReportBody({ generationMwh: 100 * months })),
    });
    expect(report.status).toBe(201);
  }
});

describe('the indicator job under faults', () => {
  it('killed mid-run, leaves the latest published run served; a later run publishes; a redelivery never moves it back', async () => {
    const first = await resultOf(runJob(later(1)));
    expect(first.outcome).toBe('published');
    const before = await served();
    expect(before.json.runId).toBe(first.run?.runId);
    tally.add('acknowledgedWritesChecked');

    const killedTime = later(2);
    const doomed = runJob(killedTime, true);
    const deadline = Date.now() + 60_000;
    while (!doomed.output().includes('WRITING') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(doomed.output(), 'the run reached its item writes').toContain('WRITING');
    process.kill(doomed.pid, 'SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');
    tally.add('faultsInjected');

    const during = await served();
    expect(during.json.runId).toBe(first.run?.runId);
    expect(during.text).toBe(before.text);
    const killedRunId = runIdForSchedule(killedTime);
    const killedRun = await send({ method: 'GET', path: `/indicators/runs/${killedRunId}` });
    tally.add('requestsTried');
    expect(killedRun.status).toBe(200);
    expect(killedRun.json.state).not.toBe('published');

    const next = await resultOf(runJob(later(3)));
    expect(next.outcome).toBe('published');
    const after = await served();
    expect(after.json.runId).toBe(next.run?.runId);
    tally.add('acknowledgedWritesChecked');
    // Unchanged inputs: the same hash, so the same items as the run before the kill.
    expect(next.run?.inputsHash).toBe(first.run?.inputsHash);
    expect(after.json.items).toEqual(before.json.items);

    // The killed run's delivery retried: its claim still holds, or it is older than the latest; never served.
    const retried = await resultOf(runJob(killedTime));
    expect(['skipped', 'published']).toContain(retried.outcome);
    expect((await served()).json.runId).toBe(next.run?.runId);
  });

  it('duplicate concurrent deliveries of one scheduled event publish one run', async () => {
    const time = later(5);
    const children = [runJob(time), runJob(time), runJob(time)];
    tally.add('faultsInjected', children.length - 1);
    const results = await Promise.all(children.map(resultOf));
    const runId = runIdForSchedule(time);
    const published = results.filter((r) => r.outcome === 'published');
    expect(published.length, JSON.stringify(results)).toBe(1);
    expect(published[0]?.run?.runId).toBe(runId);
    for (const r of results.filter((x) => x.outcome !== 'published')) expect(r.outcome).toBe('skipped');
    const runs = await send({ method: 'GET', path: '/indicators/runs?limit=100' });
    tally.add('requestsTried');
    const listed = (runs.json.items as Array<{ runId: string; state: string }>).filter(
      (r) => r.runId === runId,
    );
    expect(listed).toEqual([expect.objectContaining({ runId, state: 'published' })]);
    expect((await served()).json.runId).toBe(runId);
    tally.add('acknowledgedWritesChecked');
  });
});
