/**
 * API overhead: what the local API Gateway emulation, the JWT check, validation, middleware and the
 * adapters cost per request, against a bare `node:http` server that makes the same DynamoDB calls.
 *
 * - one DynamoDB Local (in memory), seeded with accepted projects of one organisation
 * - the real local runtime (`infra/local/start.ts`, as `npm start` runs it, pointed at that
 *   DynamoDB Local) and the bare server (`bare-server.ts`), each its own Node process started the
 *   same way (`node --import tsx`), both listening on 127.0.0.1
 * - `autocannon` against each, the same requests with the same headers (the bare server ignores
 *   the token): `GET /projects/{id}` (one consistent GetItem) rotating over the projects, and
 *   `PUT /projects/{id}/metrics/{period}` with a valid body, each request the first report of a
 *   fresh (project, month), so that both servers make exactly the same calls per request: GetItem
 *   of the project, GetItem of the month's latest report, TransactWriteItems of two puts
 * - before measuring, one request of each route to each server: both must answer the same status
 *   and JSON, and write the same items; then a warm-up run of each server per route
 * - measured runs interleaved, the order flipped every round (real, bare / bare, real / …) so
 *   that drift (the metrics table grows with every PUT) hits both alike; each figure is the median
 *   of the runs, with every run's raw numbers in `details`
 *
 * Any non-2xx answer, socket error or timeout in any run (warm-up included) makes the figures
 * invalid: the benchmark throws. Everything it starts is stopped at the end, also on error.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { ensureTables, localTableEnvironment } from '../../infra/local/create-tables.ts';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { issueToken, loadIssuerKeys } from '../../infra/local/issuer.ts';
import { createDocumentClient, createDynamoClient } from '../../shared/adapters/dynamodb/client.ts';
import { projectItem } from '../../shared/adapters/dynamodb/projects-table.ts';
import type { Principal } from '../../shared/domain/policy.ts';
import { createProject } from '../../shared/domain/projects/project.ts';
import type { Project } from '../../shared/domain/projects/schema.ts';
import {
  type LocalProcess,
  launchLocal,
  projectRoot,
  stopLocal,
  waitForStatus,
} from '../support/local-process.ts';
import { aReportBody } from '../support/metric-bodies.ts';
import { aProjectBody } from '../support/project-bodies.ts';
import { type BenchFigure, median } from './report.ts';

// ---------------------------------------------------------------------------------------------
// autocannon (CommonJS, no types of its own): the part of its programmatic API used here.

interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: CannonRequest) => CannonRequest;
  onResponse?: (status: number, body: string) => void;
}

interface CannonOptions {
  readonly url: string;
  readonly connections: number;
  /** Seconds. */
  readonly duration: number;
  readonly pipelining: number;
  /** Seconds before a request counts as a timeout. */
  readonly timeout: number;
  readonly requests: CannonRequest[];
}

interface CannonResult {
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly mismatches: number;
  readonly non2xx: number;
  readonly resets: number;
  readonly '2xx': number;
  readonly statusCodeStats: Record<string, { count: number }>;
  /** Per-second samples of completed requests. */
  readonly requests: { readonly average: number; readonly sent: number };
  /** Milliseconds, 2xx responses only. */
  readonly latency: {
    readonly average: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
}

const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: CannonOptions,
) => Promise<CannonResult>;

// ---------------------------------------------------------------------------------------------

export interface ApiOverheadOptions {
  /** Measured runs per server and route (the budget figures want ≥ 3); `BENCH_API_RUNS`, default 3. */
  readonly runs?: number;
  /** Seconds per measured run; `BENCH_API_DURATION`, default 10. */
  readonly durationSeconds?: number;
  /** Seconds of warm-up per server and route; `BENCH_API_WARMUP`, default 3. */
  readonly warmupSeconds?: number;
  /** Concurrent connections; `BENCH_API_CONNECTIONS`, default 10. */
  readonly connections?: number;
}

const throughputBudget = 0.75;
const p99Budget = 1.5;
const baselineName =
  'bare node:http server making the same DynamoDB calls (no gateway, JWT, validation or middleware)';

/** Accepted projects seeded; PUTs use (project, month) pairs, months from 1999-01 to last month. */
const projectCount = 1_000;
const firstPeriod = '1999-01';
/** Every project is under construction since this date, so that every month from `firstPeriod` may be reported. */
const constructionSince = '2000-01-01';
const orgId = 'bench-org';
const subject = 'bench-submitter';

type ServerName = 'real' | 'bare';

interface Server {
  readonly name: ServerName;
  readonly url: string;
  readonly process: LocalProcess;
}

interface RunRecord {
  readonly server: ServerName;
  readonly round: number | 'warm-up';
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly completed2xx: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly durationSeconds: number;
}

interface Route {
  readonly label: string;
  readonly calls: string;
  readonly expectedStatus: number;
  /** A fresh autocannon request (with its own `setupRequest`) for one run. */
  readonly request: () => CannonRequest;
  /** Why a failed run may have failed, beyond the status codes. */
  readonly explain: () => string;
}

function numberSetting(given: number | undefined, envName: string, fallback: number, min: number): number {
  const value = given ?? (process.env[envName] ? Number(process.env[envName]) : fallback);
  if (!Number.isFinite(value) || value < min) throw new Error(`${envName} must be a number ≥ ${min}`);
  return value;
}

/** Months `YYYY-MM` from `first` up to the month before the current one (UTC). */
function periodsUntilLastMonth(first: string): string[] {
  const now = new Date();
  const end = now.getUTCFullYear() * 12 + now.getUTCMonth() - 1;
  const periods: string[] = [];
  for (let m = Number(first.slice(0, 4)) * 12 + Number(first.slice(5, 7)) - 1; m <= end; m += 1) {
    periods.push(`${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}`);
  }
  return periods;
}

/** Accepted projects owned by `orgId`, under construction since `constructionSince`. */
function benchProjects(count: number): Project[] {
  const newId = monotonicFactory();
  const principal: Principal = { subject, roles: ['submitter'], orgId };
  const now = new Date().toISOString();
  return Array.from({ length: count }, () => {
    const { project } = createProject(
      aProjectBody({ status: 'construction', statusEffectiveDate: constructionSince }),
      { principal, now, newId: () => newId(), usdPerUnit: () => undefined },
    );
    // Stored as a reviewer's acceptance stores it (docs/review-and-publication.md), so that the bare
    // server, which returns the item as it is, answers what the real API answers.
    return { ...project, reviewState: 'accepted', acceptedVersion: project.version, pendingChanges: [] };
  });
}

async function seedProjects(client: DynamoDBDocumentClient, table: string, projects: readonly Project[]) {
  for (let start = 0; start < projects.length; start += 25) {
    let pending: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
      [table]: projects
        .slice(start, start + 25)
        .map((project) => ({ PutRequest: { Item: projectItem(project) } })),
    };
    for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt += 1) {
      if (attempt > 20) throw new Error('DynamoDB Local keeps leaving seed items unprocessed');
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = UnprocessedItems as typeof pending;
    }
  }
}

/** Starts the bare server as its own process group, with an IPC channel so that it never outlives us. */
function launchBare(env: Record<string, string>): LocalProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/bench/bare-server.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = `${output}${chunk.toString()}`.slice(-8_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolveExit(code);
    }),
  );
  return { child, output: () => output, exited };
}

async function waitForOutput(local: LocalProcess, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!local.output().includes(text)) {
    if (local.child.exitCode !== null) throw new Error(`The process exited:\n${local.output()}`);
    if (Date.now() > deadline) throw new Error(`No "${text}" within ${timeoutMs} ms:\n${local.output()}`);
    await sleep(100);
  }
}

async function call(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; etag: string | null; json: Record<string, unknown> }> {
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${method} ${url} answered ${response.status} with a body that is not JSON: ${text}`);
  }
  return { status: response.status, etag: response.headers.get('etag'), json };
}

function without(record: Record<string, unknown> | undefined, ...keys: string[]): Record<string, unknown> {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

function mustMatch(what: string, real: unknown, bare: unknown): void {
  if (!isDeepStrictEqual(real, bare)) {
    throw new Error(
      `The bare server does not do what the real API does (${what}):\nreal: ${JSON.stringify(real)}\nbare: ${JSON.stringify(bare)}`,
    );
  }
}

function record(server: ServerName, round: number | 'warm-up', result: CannonResult): RunRecord {
  return {
    server,
    round,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    completed2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
  };
}

/** Kills what is still running, synchronously: for an exit or a signal in the middle of a run. */
function killNow(
  children: readonly (ChildProcess | undefined)[],
  groups: readonly (ChildProcess | undefined)[],
) {
  for (const child of groups) {
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
  }
  for (const child of children) {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

export async function benchApiOverhead(options: ApiOverheadOptions = {}): Promise<BenchFigure[]> {
  const runs = Math.round(numberSetting(options.runs, 'BENCH_API_RUNS', 3, 1));
  const durationSeconds = numberSetting(options.durationSeconds, 'BENCH_API_DURATION', 10, 1);
  const warmupSeconds = numberSetting(options.warmupSeconds, 'BENCH_API_WARMUP', 3, 0);
  const connections = Math.round(numberSetting(options.connections, 'BENCH_API_CONNECTIONS', 10, 1));

  const stateDir = mkdtempSync(join(tmpdir(), 'jucip-bench-api-'));
  let database: DynamoDbLocal | undefined;
  let real: LocalProcess | undefined;
  let bare: LocalProcess | undefined;
  let client: DynamoDBDocumentClient | undefined;

  const emergencyStop = () => killNow([database?.process], [real?.child, bare?.child]);
  const onSignal = (signal: NodeJS.Signals) => {
    emergencyStop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.on('exit', emergencyStop);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    // One DynamoDB Local, its tables, and the seed.
    database = await startDynamoDbLocal();
    const admin = createDynamoClient(database.endpoint);
    await ensureTables(admin);
    admin.destroy();
    const tables = localTableEnvironment();
    const projectsTable = tables.PROJECTS_TABLE_NAME as string;
    const metricsTable = tables.METRICS_TABLE_NAME as string;
    client = createDocumentClient(database.endpoint);
    const projects = benchProjects(projectCount);
    await seedProjects(client, projectsTable, projects);
    const ids = projects.map((project) => project.id);

    // A token the real API accepts: a submitter of the projects' organisation.
    const keys = await loadIssuerKeys(join(stateDir, 'issuer'));
    const token = await issueToken(keys, { roles: ['submitter'], orgId, subject, expiresInSeconds: 7_200 });

    // Both servers, as child processes.
    const realPort = await freePort();
    real = launchLocal({
      args: [
        '--dynamodb-endpoint',
        database.endpoint,
        '--no-sample-data',
        // The events of the writes stay in the outbox: in AWS other functions deliver them, off the
        // request path, and the bare server delivers none either.
        '--no-events',
        '--quiet',
        '--schedule',
        'rate(1 day)',
      ],
      env: { PORT: String(realPort), JUCIP_LOCAL_DIR: stateDir, CORS_ORIGINS: '' },
    });
    const barePort = await freePort();
    bare = launchBare({
      PORT: String(barePort),
      DYNAMODB_ENDPOINT: database.endpoint,
      PROJECTS_TABLE_NAME: projectsTable,
      METRICS_TABLE_NAME: metricsTable,
      BENCH_SUBJECT: subject,
    });
    const servers: Record<ServerName, Server> = {
      real: { name: 'real', url: `http://127.0.0.1:${realPort}`, process: real },
      bare: { name: 'bare', url: `http://127.0.0.1:${barePort}`, process: bare },
    };
    await waitForStatus(`${servers.real.url}/health`, 200, 60_000, real);
    // The runtime runs the indicator job once at start; let it finish before measuring.
    await waitForOutput(real, '[scheduler] indicator job', 60_000);
    await waitForStatus(`${servers.bare.url}/health`, 200, 60_000, bare);

    // The requests. PUTs take (project, month) pairs in order, never the same pair twice.
    const periods = periodsUntilLastMonth(firstPeriod);
    const pairCapacity = ids.length * periods.length;
    let nextPair = 0;
    const takePair = () => {
      const index = nextPair % pairCapacity;
      nextPair += 1;
      return {
        id: ids[index % ids.length] as string,
        period: periods[Math.floor(index / ids.length)] as string,
      };
    };
    let nextProject = 0;
    const authorization = `Bearer ${token}`;
    const reportBody = JSON.stringify(aReportBody());

    // The same answers and the same writes from both servers, before any measuring.
    const checkId = ids[0] as string;
    const readHeaders = { authorization };
    const realGet = await call(`${servers.real.url}/projects/${checkId}`, 'GET', readHeaders);
    const bareGet = await call(`${servers.bare.url}/projects/${checkId}`, 'GET', readHeaders);
    mustMatch('GET status and ETag', [200, `"${projects[0]?.version}"`], [realGet.status, realGet.etag]);
    mustMatch('GET status, ETag and body', realGet, bareGet);
    const writeHeaders = { authorization, 'content-type': 'application/json' };
    const realPair = takePair();
    const barePair = takePair();
    const realPut = await call(
      `${servers.real.url}/projects/${realPair.id}/metrics/${realPair.period}`,
      'PUT',
      writeHeaders,
      reportBody,
    );
    const barePut = await call(
      `${servers.bare.url}/projects/${barePair.id}/metrics/${barePair.period}`,
      'PUT',
      writeHeaders,
      reportBody,
    );
    mustMatch('PUT status and ETag', [201, '"1"'], [realPut.status, realPut.etag]);
    const varying = ['projectId', 'period', 'submittedAt'];
    mustMatch(
      'PUT status, ETag and body',
      { ...realPut, json: without(realPut.json, ...varying) },
      { ...barePut, json: without(barePut.json, ...varying) },
    );
    const storedItems = async (pair: { id: string; period: string }) =>
      Promise.all(
        [`LATEST#${pair.period}`, `REV#${pair.period}#00000001`].map(async (sk) => {
          const { Item } = await (client as DynamoDBDocumentClient).send(
            new GetCommand({
              TableName: metricsTable,
              Key: { pk: `PROJECT#${pair.id}`, sk },
              ConsistentRead: true,
            }),
          );
          return without(Item, 'pk', 'sk', 'gsi1sk', ...varying);
        }),
      );
    mustMatch('items written by PUT', await storedItems(realPair), await storedItems(barePair));

    const routes: Route[] = [
      {
        label: 'GET /projects/{id}',
        calls: 'GetItem (consistent) of the project',
        expectedStatus: 200,
        request: () => ({
          method: 'GET',
          headers: { authorization },
          setupRequest: (request) => {
            request.path = `/projects/${ids[nextProject % ids.length]}`;
            nextProject += 1;
            return request;
          },
        }),
        explain: () => '',
      },
      {
        label: 'PUT /projects/{id}/metrics/{period}',
        calls:
          'GetItem (consistent) of the project, GetItem (consistent) of the month’s latest report, TransactWriteItems of 2 conditional puts (revision 1 and latest)',
        expectedStatus: 201,
        request: () => ({
          method: 'PUT',
          headers: { authorization, 'content-type': 'application/json' },
          body: reportBody,
          setupRequest: (request) => {
            const pair = takePair();
            request.path = `/projects/${pair.id}/metrics/${pair.period}`;
            return request;
          },
        }),
        explain: () =>
          nextPair > pairCapacity
            ? ` All ${pairCapacity} (project, month) pairs were used up (${nextPair} PUTs), so months were reported twice: use fewer or shorter runs.`
            : '',
      },
    ];

    const measure = async (route: Route, server: Server, round: number | 'warm-up', seconds: number) => {
      let firstFailure: { status: number; body: string } | undefined;
      const request = route.request();
      request.onResponse = (status, body) => {
        if (status !== route.expectedStatus && !firstFailure)
          firstFailure = { status, body: body.slice(0, 1_000) };
      };
      const result = await autocannon({
        url: server.url,
        connections,
        duration: seconds,
        pipelining: 1,
        timeout: 10,
        requests: [request],
      });
      const run = record(server.name, round, result);
      const unexpected = Object.keys(result.statusCodeStats).filter(
        (code) => Number(code) !== route.expectedStatus,
      );
      if (
        result.non2xx > 0 ||
        result.errors > 0 ||
        result.timeouts > 0 ||
        result.mismatches > 0 ||
        unexpected.length > 0 ||
        result['2xx'] === 0
      ) {
        throw new Error(
          `API overhead benchmark invalid: ${route.label} on the ${server.name} server (run ${round}) had ` +
            `${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts ` +
            `(status codes ${JSON.stringify(result.statusCodeStats)}; expected only ${route.expectedStatus}).` +
            route.explain() +
            (firstFailure ? `\nFirst unexpected answer: ${firstFailure.status} ${firstFailure.body}` : '') +
            `\nServer output:\n${server.process.output().slice(-2_000)}`,
        );
      }
      await sleep(500);
      return run;
    };

    const figures: BenchFigure[] = [];
    for (const route of routes) {
      const warmUps: RunRecord[] = [];
      if (warmupSeconds > 0) {
        for (const server of [servers.real, servers.bare]) {
          warmUps.push(await measure(route, server, 'warm-up', warmupSeconds));
        }
      }
      const measured: RunRecord[] = [];
      for (let round = 0; round < runs; round += 1) {
        const order = round % 2 === 0 ? [servers.real, servers.bare] : [servers.bare, servers.real];
        for (const server of order) measured.push(await measure(route, server, round + 1, durationSeconds));
      }
      const of = (server: ServerName, pick: (run: RunRecord) => number) =>
        measured.filter((run) => run.server === server).map(pick);
      const details = {
        runs: measured,
        warmUps,
        runsPerServer: runs,
        durationSeconds,
        warmupSeconds,
        connections,
        order: 'interleaved, the order flipped every round: real, bare / bare, real / …',
        dynamodbCallsPerRequest: route.calls,
        dynamodb: 'one DynamoDB Local (in memory) shared by both servers',
        seededProjects: ids.length,
        real: 'infra/local/start.ts as a child process (local API Gateway with JWT checks, the functions’ handlers)',
        bare: 'test/bench/bare-server.ts as a child process',
      };
      const realRps = median(of('real', (run) => run.reqPerSec));
      const bareRps = median(of('bare', (run) => run.reqPerSec));
      const throughputRatio = realRps / bareRps;
      figures.push({
        name: `API overhead throughput: ${route.label}`,
        unit: 'req/s',
        measured: realRps,
        baseline: bareRps,
        baselineName,
        ratio: throughputRatio,
        budget: `>= ${throughputBudget}x`,
        pass: throughputRatio >= throughputBudget,
        details,
      });
      const realP99 = median(of('real', (run) => run.p99Ms));
      const bareP99 = median(of('bare', (run) => run.p99Ms));
      const p99Ratio = realP99 / bareP99;
      figures.push({
        name: `API overhead p99 latency: ${route.label}`,
        unit: 'ms',
        measured: realP99,
        baseline: bareP99,
        baselineName,
        ratio: p99Ratio,
        budget: `<= ${p99Budget}x`,
        pass: p99Ratio <= p99Budget,
        details,
      });
    }
    return figures;
  } finally {
    const problems: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (error) {
        problems.push(error);
      }
    };
    if (bare) await attempt(() => stopLocal(bare as LocalProcess, 'SIGTERM'));
    if (real) await attempt(() => stopLocal(real as LocalProcess, 'SIGINT'));
    client?.destroy();
    if (database) await attempt(() => (database as DynamoDbLocal).stop());
    emergencyStop();
    process.off('exit', emergencyStop);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    rmSync(stateDir, { recursive: true, force: true });
    if (problems.length > 0) console.error('[bench api-overhead] cleaning up:', ...problems);
  }
}
