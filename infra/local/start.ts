/**
 * `npm start`: the whole tracker on one machine. DynamoDB Local (persisted under `.local/`, or in
 * memory with `--in-memory`), the tables from the shared definitions, the API on 127.0.0.1:$PORT
 * (another interface only with `--host`) through the local gateway, the local issuer, the indicator schedule, and the web pages built into
 * `.local/web` (or the state folder's `web`).
 */
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { buildWebAssets } from '../../functions/web/build.ts';
import { createDocumentClient, createDynamoClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoOutbox } from '../../shared/adapters/dynamodb/outbox.ts';
import { LocalClientRegistry } from '../../shared/adapters/local/client-registry.ts';
import { mailEnvironment, tokenEnvironment } from '../../shared/config/env.ts';
import {
  type FunctionDefinition,
  functionDefinitions,
  functionNameEnvVar,
  functions,
} from '../../shared/routes.ts';
import { defaultIndicatorSchedule, defaultReminderSchedule } from '../../shared/schedule.ts';
import { outboxTableDefinitions } from '../../shared/tables.ts';
import { ensureTables, localTableEnvironment, localTableName } from './create-tables.ts';
import { type DynamoDbLocal, LocalSetupError, startDynamoDbLocal } from './dynamodb-local.ts';
import { type LocalEventBus, startLocalEventBus, subscribedFunctions } from './event-bus.ts';
import { createGateway, type LambdaHandler, lambdaContext, tokenEndpointPath } from './gateway.ts';
import { loadIssuerKeys, localAudience, localIssuer } from './issuer.ts';
import { createLambdaEndpoint } from './lambda-endpoint.ts';
import { localStateDir, projectRoot } from './paths.ts';
import { type LocalS3, localBucketEnvironment, startLocalS3 } from './s3-local.ts';
import { type LocalScheduler, startLocalScheduler } from './scheduler.ts';

const usage = `Usage: npm start -- [--in-memory] [--no-sample-data] [--no-events] [--dynamodb-endpoint URL] [--schedule "rate(5 minutes)"] [--host ADDRESS] [--quiet]
  --no-events leaves domain events in the outboxes (the next start delivers them): for benchmarks of the request path alone.
  PORT (default 3000) sets the API port; CORS_ORIGINS (comma-separated) enables CORS for those origins;
  S3_PORT (default: any free port) sets the local S3-compatible server's port.
  --host (default 127.0.0.1) is the interface the API listens on; anything else exposes it to the network.`;

interface StartOptions {
  readonly inMemory: boolean;
  readonly sampleData: boolean;
  /** Whether the in-process event bus runs (`--no-events` leaves the outboxes for a later start). */
  readonly events: boolean;
  readonly dynamodbEndpoint: string | undefined;
  readonly schedule: string;
  readonly quiet: boolean;
  readonly port: number;
  /** The interface the API listens on: loopback unless the operator says otherwise (docs/operations.md). */
  readonly host: string;
}

function readOptions(): StartOptions {
  const { values } = parseArgs({
    options: {
      'in-memory': { type: 'boolean', default: false },
      'no-sample-data': { type: 'boolean', default: false },
      'no-events': { type: 'boolean', default: false },
      'dynamodb-endpoint': { type: 'string' },
      schedule: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new LocalSetupError(`PORT must be a port number, not "${process.env.PORT}"`);
  }
  return {
    inMemory: values['in-memory'],
    sampleData: !values['no-sample-data'],
    events: !values['no-events'],
    dynamodbEndpoint: values['dynamodb-endpoint'],
    schedule: values.schedule ?? process.env.INDICATOR_SCHEDULE ?? defaultIndicatorSchedule,
    quiet: values.quiet,
    port,
    host: values.host,
  };
}

async function listen(
  server: Server | ReturnType<typeof createGateway>,
  port: number,
  host = '127.0.0.1',
): Promise<number> {
  return new Promise((resolveListen, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalSetupError(
              `Port ${port} on ${host} is already in use. Stop what runs there, or pick another: PORT=3001 npm start`,
            )
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolveListen(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Fails fast, before Java starts, when the port is taken. */
async function checkPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await listen(probe, port, host);
  await new Promise((resolveClose) => probe.close(resolveClose));
}

async function loadHandler(entry: string): Promise<LambdaHandler> {
  const module = (await import(pathToFileURL(join(projectRoot, entry)).href)) as { handler?: LambdaHandler };
  if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler`);
  return module.handler;
}

/** One line about a job invocation's result for the console. */
function summarizeJob(result: unknown): string {
  const r = result as {
    outcome?: string;
    run?: { runId?: string; counts?: Record<string, number> };
    reason?: string;
  };
  if (r?.outcome === 'published' && r.run) {
    const counts = Object.entries(r.run.counts ?? {})
      .map(([name, count]) => `${count} ${name}`)
      .join(', ');
    return `published run ${r.run.runId} (${counts})`;
  }
  return r?.outcome ? `${r.outcome}${r.reason ? `: ${r.reason}` : ''}` : JSON.stringify(result);
}

async function main(): Promise<void> {
  const options = readOptions();
  await checkPortFree(options.port, options.host);

  let database: DynamoDbLocal | undefined;
  let scheduler: LocalScheduler | undefined;
  let reminderScheduler: LocalScheduler | undefined;
  let gateway: ReturnType<typeof createGateway> | undefined;
  let lambdaEndpoint: ReturnType<typeof createLambdaEndpoint> | undefined;
  let objectStore: LocalS3 | undefined;
  let eventBus: LocalEventBus | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    gateway?.closeAllConnections();
    gateway?.close();
    lambdaEndpoint?.closeAllConnections();
    lambdaEndpoint?.close();
    await scheduler?.stop();
    await reminderScheduler?.stop();
    await eventBus?.stop();
    await objectStore?.stop();
    await database?.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    const dataDir = join(localStateDir(), 'dynamodb');
    // The pages and their assets, built as CDK builds them for the web function (esbuild), while
    // DynamoDB Local starts; awaited before the gateway opens.
    const webDir = join(localStateDir(), 'web');
    const clientRegistryFile = join(localStateDir(), 'issuer', 'clients.json');
    const webBuilt = buildWebAssets(webDir);
    // Kept from counting as unhandled if start-up fails before it is awaited.
    webBuilt.catch(() => undefined);
    let endpoint = options.dynamodbEndpoint;
    if (!endpoint) {
      database = await startDynamoDbLocal(options.inMemory ? {} : { dataDir });
      endpoint = database.endpoint;
    }

    const localName = (definition: FunctionDefinition) => `jucip-local-${definition.id}`;
    const keys = await loadIssuerKeys();
    // Only functions that another function invokes: HTTP functions are reached through the gateway,
    // which verifies tokens, never through this unsigned invoke endpoint.
    const invoked = functionDefinitions.filter((target) =>
      functionDefinitions.some((definition) => definition.invokes?.includes(target.id)),
    );
    lambdaEndpoint = createLambdaEndpoint({
      functionsByName: new Map(invoked.map((definition) => [localName(definition), definition])),
      keys,
      loadHandler: (definition) => loadHandler(definition.entry),
      onError: (name, error) => console.error(`[lambda] ${name} failed:`, error),
    });
    const lambdaPort = await listen(lambdaEndpoint, 0);

    // The S3-compatible server, its buckets and the functions its object events trigger.
    const s3Dir = join(localStateDir(), 's3');
    const mailDir = join(localStateDir(), 'mail');
    const corsOrigins = (process.env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    objectStore = await startLocalS3({
      directory: s3Dir,
      resetOnClose: options.inMemory,
      port: Number(process.env.S3_PORT ?? 0),
      corsOrigins,
      functions: functionDefinitions,
      invoke: async (definition, event) =>
        (await loadHandler(definition.entry))(
          event as never,
          lambdaContext(definition, crypto.randomUUID(), Date.now() + definition.timeoutSeconds * 1000),
        ),
      onResult: (definition, result) => {
        if (!options.quiet) console.log(`[s3] ${definition.id}: ${JSON.stringify(result)}`);
      },
      onError: (definition, error) => console.error(`[s3] ${definition.id} failed after retries:`, error),
    });

    Object.assign(process.env, {
      ...localTableEnvironment(),
      ...localBucketEnvironment(objectStore.endpoint),
      ...Object.fromEntries(
        functionDefinitions.map((definition) => [functionNameEnvVar(definition.id), localName(definition)]),
      ),
      LAMBDA_ENDPOINT: `http://127.0.0.1:${lambdaPort}`,
      WEB_ASSETS_DIR: webDir,
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      DYNAMODB_ENDPOINT: endpoint,
      STAGE: 'local',
      POWERTOOLS_SERVICE_NAME: 'jucip-tracker',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      LOCAL_CLIENT_REGISTRY: clientRegistryFile,
      // Notification e-mails become .eml files here (docs/notifications.md).
      [mailEnvironment.directory]: mailDir,
      // Links in e-mails point at this runtime.
      [mailEnvironment.baseUrl]:
        process.env[mailEnvironment.baseUrl] ??
        `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${options.port}`,
      [mailEnvironment.from]:
        process.env[mailEnvironment.from] ?? 'JUCIP tracker <notifications@jucip.local>',
      // Public routes verify an optional token themselves, locally against the local issuer's key.
      [tokenEnvironment.issuerUrl]: localIssuer,
      [tokenEnvironment.audience]: localAudience,
      [tokenEnvironment.publicKeyFile]: join(localStateDir(), 'issuer', 'public.pem'),
    });
    // The shared logger may have been created by an import before the level above was set.
    const { logger } = await import('../../shared/observability/logger.ts');
    logger.setLogLevel(
      (process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN') as Parameters<typeof logger.setLogLevel>[0],
    );

    const admin = new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const created = await ensureTables(admin);
    admin.destroy();

    const seed = await import('./seed.ts');
    const fxRatesSeeded = await seed.seedFxRates();
    const factorsSeeded = await seed.seedEmissionFactors();
    const samples = options.sampleData ? await seed.loadSampleData() : undefined;
    const seeded = [
      fxRatesSeeded > 0 ? `${fxRatesSeeded} SAMPLE FX rates` : '',
      factorsSeeded > 0 ? `${factorsSeeded} SAMPLE emission factors` : '',
    ].filter(Boolean);
    const sampleSummary = !options.sampleData
      ? 'off (--no-sample-data)'
      : samples && samples.projects > 0
        ? `loaded ${samples.projects} sample projects, ${samples.reports} monthly reports (${samples.verified} verified, ${samples.rejected} rejected, ${samples.restated} restated)`
        : 'kept what the database has';

    await webBuilt;
    const machineClients = new LocalClientRegistry(clientRegistryFile, () => String(process.env.TOKEN_URL));
    gateway = createGateway({
      keys,
      machineClients,
      loadHandler: (definition) => loadHandler(definition.entry),
      corsOrigins,
      ...(options.quiet
        ? {}
        : {
            onRequest: ({ method, path, status, ms }) => console.log(`${method} ${path} ${status} ${ms}ms`),
          }),
    });
    const port = await listen(gateway, options.port, options.host);
    process.env.TOKEN_URL = `http://127.0.0.1:${port}${tokenEndpointPath}`;

    // The domain events: the outboxes, drained of what an earlier run left, then read continually.
    const subscribers = subscribedFunctions(functionDefinitions);
    const outboxClient = createDocumentClient(createDynamoClient(endpoint));
    eventBus = !options.events
      ? undefined
      : startLocalEventBus({
          outboxes: outboxTableDefinitions.map(
            (definition) => new DynamoOutbox(outboxClient, localTableName(definition)),
          ),
          subscribers: subscribers.map(({ definition, types }) => ({
            id: definition.id,
            types,
            deliver: async (event) =>
              (await loadHandler(definition.entry))(
                event as never,
                lambdaContext(definition, crypto.randomUUID(), Date.now() + definition.timeoutSeconds * 1000),
              ),
          })),
          onError: (id, event, error, attempt) =>
            console.error(
              event
                ? `[events] ${id} failed on ${event.type} ${event.id} (attempt ${attempt}), will retry:`
                : '[events] reading the outbox failed, will retry:',
              error,
            ),
        });

    const job = functions['indicator-job'];
    const jobHandler = loadHandler(job.entry);
    scheduler = startLocalScheduler({
      expression: options.schedule,
      invoke: async (event) =>
        (await jobHandler)(
          event as never,
          lambdaContext(job, crypto.randomUUID(), Date.now() + job.timeoutSeconds * 1000),
        ),
      onResult: (result) => console.log(`[scheduler] indicator job: ${summarizeJob(result)}`),
      onError: (error) => console.error('[scheduler] indicator job failed:', error),
    });

    const reminders = functions['reminder-job'];
    const reminderHandler = loadHandler(reminders.entry);
    reminderScheduler = startLocalScheduler({
      expression: defaultReminderSchedule,
      invoke: async (event) =>
        (await reminderHandler)(
          event as never,
          lambdaContext(reminders, crypto.randomUUID(), Date.now() + reminders.timeoutSeconds * 1000),
        ),
      onResult: (result) => {
        if (!options.quiet) console.log(`[scheduler] reminder job: ${JSON.stringify(result)}`);
      },
      onError: (error) => console.error('[scheduler] reminder job failed:', error),
    });

    const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
    console.log(
      [
        '',
        'JUCIP clean-energy cooperation tracker: local runtime is up',
        `  API          ${url}`,
        `  Health       ${url}/health`,
        `  Dashboard    ${url}/`,
        `  API docs     ${url}/docs`,
        `  Database     DynamoDB Local at ${endpoint} (${options.dynamodbEndpoint ? 'external' : options.inMemory ? 'in memory: gone on exit' : `persisted in ${dataDir}`})`,
        `  Tables       ${created.length > 0 ? `created ${created.join(', ')}` : 'already present'}`,
        `  S3           s3rver at ${objectStore.endpoint} (${options.inMemory ? 'in memory: gone on exit' : `objects in ${s3Dir}`}); evidence uploads are checked on arrival`,
        `  Mail         notification e-mails are written as .eml files to ${mailDir}`,
        `  Schedule     indicator job ${options.schedule}, and once now; reminder job ${defaultReminderSchedule}, and once now`,
        `  Events       in-process bus: ${subscribers.length > 0 ? subscribers.map(({ definition, types }) => `${definition.id} (${types.join(', ')})`).join('; ') : 'no subscribers'} (docs/events.md)`,
        `  Sample data  ${sampleSummary}`,
        ...(seeded.length > 0 ? [`  Reference    seeded ${seeded.join(' and ')}`] : []),
        ...(['127.0.0.1', '::1', 'localhost'].includes(options.host)
          ? []
          : [`  Warning      --host ${options.host}: the API is reachable from other machines`]),
        '  Token        TOKEN=$(npm run -s token -- --role submitter --org my-org)',
        `               curl -H "Authorization: Bearer $TOKEN" ${url}/...`,
        `  Clients      machine clients get tokens at ${url}${tokenEndpointPath} (docs/machine-clients.md)`,
        '  Stop         Ctrl-C',
        '',
      ].join('\n'),
    );
  } catch (error) {
    if (error instanceof LocalSetupError) console.error(`\nCannot start: ${error.message}\n`);
    else console.error('\nCannot start:', error);
    await shutdown(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof LocalSetupError ? `\nCannot start: ${error.message}\n` : error);
  process.exit(1);
});
