/**
 * The baseline of the API overhead benchmark (`api-overhead.ts`): a bare `node:http` server that
 * answers `GET /projects/{id}` and `PUT /projects/{id}/metrics/{period}` with the same DynamoDB
 * calls as the real functions (same DocumentClient settings, same items, same conditions) and the
 * same JSON, but with no gateway emulation, no JWT check, no validation, no middleware and no
 * domain services. It trusts its input: it is only ever sent the benchmark's own valid requests.
 *
 * Run as its own process, as the local runtime is: `node --import tsx test/bench/bare-server.ts`
 * with PORT, DYNAMODB_ENDPOINT, PROJECTS_TABLE_NAME, METRICS_TABLE_NAME and BENCH_SUBJECT (the
 * subject the real API reads from the token) set. Listens on 127.0.0.1 only; stops on SIGINT or
 * SIGTERM, and when its parent goes away (the IPC channel closes).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { latestItem, revisionItem } from '../../shared/adapters/dynamodb/metrics-table.ts';
import { outboxPuts } from '../../shared/adapters/dynamodb/outbox.ts';
import { reportSubmittedEvent } from '../../shared/domain/events/decisions.ts';
import { accountEmissions, calcVersion } from '../../shared/domain/metrics/accounting.ts';
import type { MetricReport, MetricReportInput } from '../../shared/domain/metrics/schema.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`bare-server: missing environment variable ${name}`);
  return value;
}

const port = Number(required('PORT'));
const projectsTable = required('PROJECTS_TABLE_NAME');
const metricsTable = required('METRICS_TABLE_NAME');
const subject = required('BENCH_SUBJECT');
const client = createDocumentClient(required('DYNAMODB_ENDPOINT'));

const projectKeyAttributes = [
  'pk',
  'sk',
  'entity',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
];
const jsonHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'private, no-cache',
};

const projectPath = /^\/projects\/([^/]+)$/;
const metricsPath = /^\/projects\/([^/]+)\/metrics\/([^/]+)$/;

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { ...jsonHeaders, ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function getProject(id: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await client.send(
    new GetCommand({
      TableName: projectsTable,
      Key: { pk: `PROJECT#${id}`, sk: 'PROJECT' },
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  for (const key of projectKeyAttributes) delete Item[key];
  return Item;
}

async function putReport(res: ServerResponse, id: string, period: string, input: MetricReportInput) {
  const project = await getProject(id);
  if (!project) return reply(res, 404, { title: 'Not Found' });
  const { Item: previous } = await client.send(
    new GetCommand({
      TableName: metricsTable,
      Key: { pk: `PROJECT#${id}`, sk: `LATEST#${period}` },
      ConsistentRead: true,
    }),
  );
  // The benchmark only creates months; a restatement is not part of the baseline.
  if (previous) return reply(res, 409, { title: 'Conflict' });
  const { projectTco2e, baselineTco2e, reductionsTco2e } = accountEmissions(input);
  const report = {
    projectId: id,
    period,
    revision: 1,
    version: 1,
    generationMwh: input.generationMwh,
    projectEmissions: input.projectEmissions,
    baseline: input.baseline,
    leakageTco2e: input.leakageTco2e,
    gwpSet: input.gwpSet,
    methodology: input.methodology,
    dataQuality: input.dataQuality,
    evidenceUrls: input.evidenceUrls,
    projectTco2e,
    baselineTco2e,
    reductionsTco2e,
    calcVersion,
    verification: { state: 'self_reported' },
    submittedAt: new Date().toISOString(),
    submittedBy: subject,
    orgId: project.orgId,
  } as MetricReport;
  for (const [key, value] of Object.entries(report)) {
    if (value === undefined) delete (report as Record<string, unknown>)[key];
  }
  // The same three items as the real write: the revision, the month's latest copy (waiting in the
  // review queue) and the submission's event in the outbox.
  const owner = { orgId: String(project.orgId), hostCountry: String(project.hostCountry) };
  const event = reportSubmittedEvent({ id, orgId: owner.orgId, hostCountry: owner.hostCountry }, report, {
    occurredAt: report.submittedAt,
  });
  await client.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: metricsTable,
            Item: revisionItem(report),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: metricsTable,
            Item: latestItem(report, owner),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...outboxPuts(metricsTable, [event]),
      ],
    }),
  );
  reply(res, 201, report, { etag: '"1"', location: `/projects/${id}/metrics/${period}` });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (req.method === 'GET' && path === '/health') return reply(res, 200, { status: 'ok' });
  const project = req.method === 'GET' ? projectPath.exec(path) : null;
  if (project?.[1]) {
    const found = await getProject(project[1]);
    if (!found) return reply(res, 404, { title: 'Not Found' });
    return reply(res, 200, found, { etag: `"${String(found.version)}"` });
  }
  const metrics = req.method === 'PUT' ? metricsPath.exec(path) : null;
  if (metrics?.[1] && metrics[2]) {
    return putReport(res, metrics[1], metrics[2], (await readJson(req)) as MetricReportInput);
  }
  reply(res, 404, { title: 'Not Found' });
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error('[bare-server] request failed:', error);
    if (!res.headersSent) reply(res, 500, { title: 'Internal Server Error' });
    else res.destroy();
  });
});

const stop = () => {
  server.closeAllConnections();
  server.close(() => {
    client.destroy();
    process.exit(0);
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
// Never outlive the benchmark: it starts this server with an IPC channel, which closes when it exits.
process.on('disconnect', stop);

server.listen(port, '127.0.0.1', () => console.log(`bare server listening on http://127.0.0.1:${port}`));
