/**
 * The HTTP routes and the Lambda functions behind them, defined once. CDK builds the HTTP API and
 * one function per entry from these tables; the local runtime routes requests with the same ones.
 */
import type { BucketAccess, BucketId } from './buckets.ts';
import { type EventType, eventTypes } from './domain/events/types.ts';
import { built } from './domain/pure.ts';
import type { Scope } from './domain/scopes.ts';
import type { TableId } from './tables.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `public`: no token. `jwt`: API Gateway's JWT authorizer (Cognito in AWS, the local issuer locally). */
export type RouteAuth = 'public' | 'jwt';

export type FunctionId =
  | 'public-read'
  | 'releases-read'
  | 'fallback'
  | 'projects-read'
  | 'iati-export'
  | 'projects-write'
  | 'projects-import'
  | 'metrics-write'
  | 'metrics-import'
  | 'reference-admin'
  | 'indicators-admin'
  | 'indicator-job'
  | 'indicator-shard'
  | 'indicator-publish'
  | 'web'
  | 'organisations'
  | 'documents-write'
  | 'documents-read'
  | 'document-check'
  | 'notifications'
  | 'notifier'
  | 'event-publisher'
  | 'reminder-job'
  | 'reminders-admin';

export type TableAccess = 'read' | 'readwrite';

/**
 * An event source besides HTTP routes, the schedule and other functions: `object_created` invokes
 * the function (asynchronously) for every object created under the bucket's object prefix;
 * `domain_event` for every domain event of the given types (`shared/domain/events/schema.ts`), in
 * AWS through a rule on the stack's event bus, locally through the in-process bus. The function
 * receives the EventBridge event whose `detail` is the event's envelope. `outbox`: the new outbox
 * items of every table that keeps one, through DynamoDB Streams (AWS only; locally the in-process
 * bus publishes the outboxes itself, `docs/events.md`).
 */
export type FunctionTrigger =
  | { readonly kind: 'object_created'; readonly bucket: BucketId }
  | { readonly kind: 'domain_event'; readonly types: readonly EventType[] }
  | { readonly kind: 'outbox' };

export interface FunctionDefinition {
  readonly id: FunctionId;
  /** Entry module, relative to the project root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** The tables the function may touch and how; IAM grants and environment follow from this alone. */
  readonly tables: Partial<Readonly<Record<TableId, TableAccess>>>;
  /**
   * Functions it invokes asynchronously: it gets `lambda:InvokeFunction` on each and its name in
   * `<ID>_FUNCTION_NAME` (e.g. `INDICATOR_JOB_FUNCTION_NAME`).
   */
  readonly invokes?: readonly FunctionId[];
  /** Whether it puts events on the stack's EventBridge bus (`EVENT_BUS_NAME`, `events:PutEvents` on that bus). */
  readonly publishesEvents?: boolean;
  /** The buckets it may touch, and how, under their object prefix; IAM and environment follow. */
  readonly buckets?: Partial<Readonly<Record<BucketId, readonly BucketAccess[]>>>;
  /** Events that invoke it besides its routes. */
  readonly triggers?: readonly FunctionTrigger[];
  /**
   * A step of the indicator workflow (`docs/indicator-job.md`): in AWS the Step Functions state
   * machine invokes it synchronously (and gets the name in `INDICATOR_WORKFLOW_STEPS`); locally the
   * indicator job runs the same step in its own process.
   */
  readonly workflowStep?: boolean;
  /** Reserved concurrency in AWS: at most this many instances at once (the indicator job runs alone). */
  readonly reservedConcurrency?: number;
  /**
   * Whether it creates and deletes machine clients' app clients in the user pool (`USER_POOL_ID`,
   * `TOKEN_URL`; `cognito-idp:CreateUserPoolClient` and `DeleteUserPoolClient` on that pool only).
   */
  readonly managesMachineClients?: boolean;
  /**
   * Whether it verifies an optional bearer token itself on its public routes (which get no
   * authorizer): it gets the user pool's issuer and app client in `TOKEN_ISSUER_URL` and
   * `TOKEN_AUDIENCE` (see `shared/adapters/auth/token-verifier.ts`).
   */
  readonly readsOptionalTokens?: boolean;
  /**
   * Whether it sends e-mail: through SES v2 from the configured identity (`MAIL_FROM`,
   * `SES_IDENTITY_ARN`; `ses:SendEmail` on that identity only) in AWS, as `.eml` files locally
   * (docs/notifications.md).
   */
  readonly sendsEmail?: boolean;
}

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/projects/{id}`. */
  readonly path: string;
  readonly auth: RouteAuth;
  readonly function: FunctionId;
  /**
   * The largest body the route accepts, when it is not the API's default (`maxBodyBytes` in
   * `shared/http/handler.ts`); the handler refuses a larger one with 413 before parsing it.
   */
  readonly maxBodyBytes?: number;
  /**
   * The scope a machine client needs to call this `jwt` route (checked once, in
   * `shared/http/principal.ts`); a `jwt` route without one is closed to machine clients.
   */
  readonly scope?: Scope;
}

export const functions: Readonly<Record<FunctionId, FunctionDefinition>> = {
  'public-read': {
    id: 'public-read',
    entry: 'functions/public-read/handler.ts',
    description: 'Public reads: health, indicators, reference data',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { reference: 'read', indicators: 'read' },
    readsOptionalTokens: true,
  },
  'releases-read': {
    id: 'releases-read',
    entry: 'functions/releases-read/handler.ts',
    description: 'Public reads of the release files (docs/releases.md)',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { indicators: 'read' },
    buckets: { releases: ['read', 'list'] },
  },
  web: {
    id: 'web',
    entry: 'functions/web/handler.ts',
    description: 'The public dashboard, the API reference page, the OpenAPI document and their assets',
    memoryMb: 256,
    timeoutSeconds: 3,
    tables: {},
  },
  fallback: {
    id: 'fallback',
    entry: 'functions/fallback/handler.ts',
    description: 'Answers unknown paths (404) and wrong methods (405) with problem details',
    memoryMb: 256,
    timeoutSeconds: 3,
    tables: {},
  },
  'projects-read': {
    id: 'projects-read',
    entry: 'functions/projects-read/handler.ts',
    description: 'Project and report reads within the visibility rules, and the import CSV templates',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { projects: 'read', metrics: 'read', organisations: 'read' },
  },
  'iati-export': {
    id: 'iati-export',
    entry: 'functions/iati-export/handler.ts',
    description: 'The accepted projects as an IATI activity file (docs/iati.md)',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { projects: 'read', organisations: 'read' },
  },
  'projects-write': {
    id: 'projects-write',
    entry: 'functions/projects-write/handler.ts',
    description: 'Project writes: create, edit, status, review',
    memoryMb: 1024,
    timeoutSeconds: 29,
    tables: { projects: 'readwrite', reference: 'read', idempotency: 'readwrite', organisations: 'read' },
  },
  'projects-import': {
    id: 'projects-import',
    entry: 'functions/projects-import/handler.ts',
    description: 'Bulk project import: a CSV or a JSON array of projects',
    // Up to 500 projects parse, validate and write in one request: more memory is more CPU.
    memoryMb: 1024,
    timeoutSeconds: 29,
    tables: { projects: 'readwrite', reference: 'read', organisations: 'read' },
  },
  'metrics-write': {
    id: 'metrics-write',
    entry: 'functions/metrics-write/handler.ts',
    description: 'Monthly reports: submission, restatement, verification',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { metrics: 'readwrite', projects: 'read', reference: 'read', organisations: 'read' },
  },
  'metrics-import': {
    id: 'metrics-import',
    entry: 'functions/metrics-import/handler.ts',
    description: 'Bulk monthly reports: the import (its CSV template is served by projects-read)',
    // A 5,000-row import parses, validates and writes in parallel: more memory is more CPU.
    memoryMb: 1024,
    timeoutSeconds: 29,
    tables: {
      metrics: 'readwrite',
      projects: 'read',
      reference: 'read',
      idempotency: 'readwrite',
      organisations: 'read',
    },
  },
  'reference-admin': {
    id: 'reference-admin',
    entry: 'functions/reference-admin/handler.ts',
    description: 'Admin writes of emission factors and FX rates',
    memoryMb: 256,
    timeoutSeconds: 10,
    tables: { reference: 'readwrite', organisations: 'read' },
  },
  'indicators-admin': {
    id: 'indicators-admin',
    entry: 'functions/indicators-admin/handler.ts',
    description: 'Admin: run the indicator job now',
    memoryMb: 256,
    timeoutSeconds: 10,
    tables: { indicators: 'readwrite', idempotency: 'readwrite', organisations: 'read' },
    invokes: ['indicator-job'],
  },
  'indicator-job': {
    id: 'indicator-job',
    entry: 'functions/indicator-job/handler.ts',
    description: 'Computes and publishes the green-growth indicators',
    memoryMb: 1024,
    timeoutSeconds: 900,
    tables: { projects: 'read', metrics: 'read', indicators: 'readwrite' },
    buckets: { releases: ['put'], jobs: ['put', 'read'] },
    reservedConcurrency: 1,
    workflowStep: true,
  },
  'indicator-shard': {
    id: 'indicator-shard',
    entry: 'functions/indicator-shard/handler.ts',
    description: 'Indicator workflow: reads one shard of projects and stores its partial result',
    memoryMb: 1024,
    timeoutSeconds: 300,
    tables: { projects: 'read', metrics: 'read' },
    buckets: { jobs: ['put', 'read'] },
    workflowStep: true,
  },
  'indicator-publish': {
    id: 'indicator-publish',
    entry: 'functions/indicator-publish/handler.ts',
    description: 'Indicator workflow: merges the partial results, writes the items and publishes the run',
    memoryMb: 2048,
    timeoutSeconds: 900,
    tables: { indicators: 'readwrite' },
    buckets: { jobs: ['read'], releases: ['put'] },
    workflowStep: true,
  },
  organisations: {
    id: 'organisations',
    entry: 'functions/organisations/handler.ts',
    description: 'Partner organisations and their machine clients',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { organisations: 'readwrite' },
    managesMachineClients: true,
  },
  'documents-write': {
    id: 'documents-write',
    entry: 'functions/documents-write/handler.ts',
    description: 'Evidence documents: registration and their presigned upload forms',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { projects: 'readwrite', organisations: 'read' },
    buckets: { evidence: ['put'] },
  },
  'documents-read': {
    id: 'documents-read',
    entry: 'functions/documents-read/handler.ts',
    description: 'Evidence documents: reads, with presigned download links',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { projects: 'read', organisations: 'read' },
    buckets: { evidence: ['read'] },
  },
  'document-check': {
    id: 'document-check',
    entry: 'functions/document-check/handler.ts',
    description: 'Checks each uploaded evidence document (size, SHA-256, file type) and decides its state',
    memoryMb: 512,
    timeoutSeconds: 120,
    tables: { projects: 'readwrite' },
    buckets: { evidence: ['read', 'delete'] },
    triggers: [{ kind: 'object_created', bucket: 'evidence' }],
  },
  notifications: {
    id: 'notifications',
    entry: 'functions/notifications/handler.ts',
    description: 'The caller’s in-app notifications: list, mark read',
    memoryMb: 256,
    timeoutSeconds: 10,
    tables: { notifications: 'readwrite', organisations: 'read' },
  },
  notifier: {
    id: 'notifier',
    entry: 'functions/notifier/handler.ts',
    description: 'Tells organisations and reviewers about domain events: in the app and by e-mail',
    memoryMb: 256,
    timeoutSeconds: 30,
    tables: { notifications: 'readwrite', organisations: 'read' },
    sendsEmail: true,
    triggers: [{ kind: 'domain_event', types: eventTypes }],
  },
  'event-publisher': {
    id: 'event-publisher',
    entry: 'functions/event-publisher/handler.ts',
    description: 'Publishes the domain events of the outboxes on the event bus (docs/events.md)',
    memoryMb: 256,
    timeoutSeconds: 30,
    // Reads no table: the stream hands it the outbox items, and it may delete only those.
    tables: {},
    publishesEvents: true,
    triggers: [{ kind: 'outbox' }],
  },
  'reminder-job': {
    id: 'reminder-job',
    entry: 'functions/reminder-job/handler.ts',
    description: 'Reminds organisations of overdue monthly reports (ReportDue, docs/events.md)',
    memoryMb: 512,
    timeoutSeconds: 300,
    tables: { projects: 'readwrite', metrics: 'read' },
  },
  'reminders-admin': {
    id: 'reminders-admin',
    entry: 'functions/reminders-admin/handler.ts',
    description: 'Admin: run the reminder job now',
    memoryMb: 256,
    timeoutSeconds: 10,
    tables: { projects: 'readwrite', organisations: 'read' },
    invokes: ['reminder-job'],
  },
};

// Built through `built` (`shared/domain/pure.ts`): the functions read the route table, not these
// definitions, which their bundles then leave out.
export const functionDefinitions: readonly FunctionDefinition[] = /* @__PURE__ */ built(() =>
  Object.values(functions),
);

/** Functions that API Gateway invokes (every function a route or the fallback points at). */
export const httpFunctionIds: readonly FunctionId[] = [
  'public-read',
  'releases-read',
  'fallback',
  'projects-read',
  'iati-export',
  'projects-write',
  'projects-import',
  'metrics-write',
  'metrics-import',
  'reference-admin',
  'indicators-admin',
  'web',
  'organisations',
  'documents-write',
  'documents-read',
  'notifications',
  'reminders-admin',
];

/**
 * Every route, once. `as const` keeps each route's method and path as literal types, from which
 * {@link RouteKey} is derived: a handler's bindings and the OpenAPI operations are keyed by it, so a
 * route key that names no route fails the typecheck.
 */
const routeTable = [
  { method: 'GET', path: '/', auth: 'public', function: 'web' },
  { method: 'GET', path: '/docs', auth: 'public', function: 'web' },
  { method: 'GET', path: '/openapi.json', auth: 'public', function: 'web' },
  { method: 'GET', path: '/assets/{file}', auth: 'public', function: 'web' },
  { method: 'GET', path: '/health', auth: 'public', function: 'public-read' },
  { method: 'GET', path: '/projects', auth: 'jwt', function: 'projects-read', scope: 'tracker/read' },
  {
    method: 'POST',
    path: '/projects',
    auth: 'jwt',
    function: 'projects-write',
    scope: 'tracker/projects.write',
  },
  {
    method: 'POST',
    path: '/projects/import',
    auth: 'jwt',
    function: 'projects-import',
    scope: 'tracker/projects.write',
  },
  {
    method: 'GET',
    path: '/projects/import/template',
    auth: 'jwt',
    function: 'projects-read',
    scope: 'tracker/read',
  },
  { method: 'GET', path: '/projects/{id}', auth: 'jwt', function: 'projects-read', scope: 'tracker/read' },
  {
    method: 'PATCH',
    path: '/projects/{id}',
    auth: 'jwt',
    function: 'projects-write',
    scope: 'tracker/projects.write',
  },
  {
    method: 'POST',
    path: '/projects/{id}/status',
    auth: 'jwt',
    function: 'projects-write',
    scope: 'tracker/projects.write',
  },
  { method: 'POST', path: '/projects/{id}/review', auth: 'jwt', function: 'projects-write' },
  {
    method: 'GET',
    path: '/projects/{id}/history',
    auth: 'jwt',
    function: 'projects-read',
    scope: 'tracker/read',
  },
  {
    method: 'GET',
    path: '/projects/{id}/metrics',
    auth: 'jwt',
    function: 'projects-read',
    scope: 'tracker/read',
  },
  {
    method: 'GET',
    path: '/projects/{id}/metrics/{period}',
    auth: 'jwt',
    function: 'projects-read',
    scope: 'tracker/read',
  },
  {
    method: 'PUT',
    path: '/projects/{id}/metrics/{period}',
    auth: 'jwt',
    function: 'metrics-write',
    scope: 'tracker/metrics.write',
  },
  {
    method: 'POST',
    path: '/projects/{id}/metrics/{period}/verification',
    auth: 'jwt',
    function: 'metrics-write',
  },
  {
    method: 'POST',
    path: '/metrics/import',
    auth: 'jwt',
    function: 'metrics-import',
    scope: 'tracker/metrics.write',
    // 5,000 CSV rows of monthly reports are about 1 MB, a JSON array about twice that. Lambda takes
    // at most 6 MB of event, and API Gateway base64-encodes a body it does not see as text (4/3 larger).
    maxBodyBytes: 4 * 1024 * 1024,
  },
  {
    method: 'GET',
    path: '/metrics/import/template',
    auth: 'jwt',
    function: 'projects-read',
    scope: 'tracker/metrics.write',
  },
  {
    method: 'POST',
    path: '/projects/{id}/documents',
    auth: 'jwt',
    function: 'documents-write',
    scope: 'tracker/metrics.write',
  },
  {
    method: 'GET',
    path: '/projects/{id}/documents',
    auth: 'jwt',
    function: 'documents-read',
    scope: 'tracker/read',
  },
  {
    method: 'GET',
    path: '/projects/{id}/documents/{docId}',
    auth: 'jwt',
    function: 'documents-read',
    scope: 'tracker/read',
  },
  { method: 'GET', path: '/emission-factors', auth: 'public', function: 'public-read' },
  { method: 'PUT', path: '/emission-factors/{id}', auth: 'jwt', function: 'reference-admin' },
  { method: 'GET', path: '/fx-rates', auth: 'public', function: 'public-read' },
  { method: 'PUT', path: '/fx-rates/{currency}/{year}', auth: 'jwt', function: 'reference-admin' },
  { method: 'GET', path: '/indicators', auth: 'public', function: 'public-read' },
  { method: 'GET', path: '/indicators/runs', auth: 'public', function: 'public-read' },
  { method: 'POST', path: '/indicators/runs', auth: 'jwt', function: 'indicators-admin' },
  { method: 'GET', path: '/indicators/runs/{runId}', auth: 'public', function: 'public-read' },
  { method: 'GET', path: '/releases', auth: 'public', function: 'releases-read' },
  { method: 'GET', path: '/releases/{runId}', auth: 'public', function: 'releases-read' },
  { method: 'GET', path: '/releases/{runId}/{file}', auth: 'public', function: 'releases-read' },
  {
    method: 'GET',
    path: '/projects/iati.xml',
    auth: 'jwt',
    function: 'iati-export',
    scope: 'tracker/read',
  },
  { method: 'POST', path: '/reminders/runs', auth: 'jwt', function: 'reminders-admin' },
  { method: 'GET', path: '/organisations', auth: 'jwt', function: 'organisations' },
  {
    method: 'GET',
    path: '/organisations/{orgId}',
    auth: 'jwt',
    function: 'organisations',
    scope: 'tracker/read',
  },
  { method: 'PUT', path: '/organisations/{orgId}', auth: 'jwt', function: 'organisations' },
  { method: 'POST', path: '/organisations/{orgId}/clients', auth: 'jwt', function: 'organisations' },
  { method: 'GET', path: '/organisations/{orgId}/clients', auth: 'jwt', function: 'organisations' },
  {
    method: 'DELETE',
    path: '/organisations/{orgId}/clients/{clientId}',
    auth: 'jwt',
    function: 'organisations',
  },
  { method: 'GET', path: '/review-queue', auth: 'jwt', function: 'projects-read' },
  {
    method: 'GET',
    path: '/me/notifications',
    auth: 'jwt',
    function: 'notifications',
    scope: 'tracker/read',
  },
  {
    method: 'POST',
    path: '/me/notifications/{id}/read',
    auth: 'jwt',
    function: 'notifications',
    scope: 'tracker/read',
  },
] as const satisfies readonly RouteDefinition[];

/** The routes CDK, the local runtime, the OpenAPI document and the README's table are built from. */
export const routes: readonly RouteDefinition[] = routeTable;

/** The API Gateway route key of a route, as a type: `GET /projects/{id}` for each route of the table. */
export type RouteKey = RouteKeyOf<(typeof routeTable)[number]>;

type RouteKeyOf<Route> = Route extends {
  readonly method: infer M extends string;
  readonly path: infer P extends string;
}
  ? `${M} ${P}`
  : never;

/** The API Gateway route key of a route, e.g. `GET /projects/{id}`. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

export interface RouteMatch {
  readonly route: RouteDefinition;
  readonly pathParameters: Record<string, string>;
}

/** A path template split once: literal segments, and `{param}` segments by their name. */
type Segment = { readonly literal: string } | { readonly param: string };

interface RouteIndex {
  readonly byKey: ReadonlyMap<string, RouteDefinition>;
  /** The routes by their number of segments, each with its segments. */
  readonly bySegmentCount: ReadonlyMap<number, readonly { route: RouteDefinition; segments: Segment[] }[]>;
}

/**
 * Each route table's index, built on its first lookup: every request looks its route up (the local
 * gateway to route it, the function to read its scope and body limit), and splitting every
 * template again for each request was a measurable part of the local runtime's overhead.
 */
const indexes = new WeakMap<readonly RouteDefinition[], RouteIndex>();

function indexOf(table: readonly RouteDefinition[]): RouteIndex {
  let index = indexes.get(table);
  if (index) return index;
  const byKey = new Map<string, RouteDefinition>();
  const bySegmentCount = new Map<number, { route: RouteDefinition; segments: Segment[] }[]>();
  for (const route of table) {
    if (!byKey.has(routeKey(route))) byKey.set(routeKey(route), route);
    const segments = route.path.split('/').map((part): Segment => {
      const param = /^\{(\w+)\}$/.exec(part)?.[1];
      return param ? { param } : { literal: part };
    });
    const sameLength = bySegmentCount.get(segments.length) ?? [];
    sameLength.push({ route, segments });
    bySegmentCount.set(segments.length, sameLength);
  }
  index = { byKey, bySegmentCount };
  indexes.set(table, index);
  return index;
}

function segmentsMatch(
  segments: readonly Segment[],
  parts: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const actual = parts[i] ?? '';
    if ('literal' in segment) {
      if (segment.literal !== actual) return undefined;
      continue;
    }
    if (actual === '') return undefined;
    try {
      params[segment.param] = decodeURIComponent(actual);
    } catch {
      return undefined;
    }
  }
  return params;
}

/**
 * Finds the route for a method and path the way API Gateway does: literal segments beat
 * `{param}` segments. Answers `{ allowed }` with the methods of the path when only the method is wrong.
 */
export function matchRoute(
  method: string,
  path: string,
  table: readonly RouteDefinition[] = routes,
): RouteMatch | { readonly allowed: HttpMethod[] } | undefined {
  const parts = path.split('/');
  const candidates = (indexOf(table).bySegmentCount.get(parts.length) ?? [])
    .map(({ route, segments }) => ({ route, pathParameters: segmentsMatch(segments, parts) }))
    .filter((c): c is RouteMatch => c.pathParameters !== undefined)
    .sort((a, b) => Object.keys(a.pathParameters).length - Object.keys(b.pathParameters).length);
  if (candidates.length === 0) return undefined;
  const exact = candidates.find((c) => c.route.method === method);
  if (exact) return exact;
  return { allowed: [...new Set(candidates.map((c) => c.route.method))] };
}

/** The route a route key (`GET /projects/{id}`) names, if any. */
export function routeByKey(
  key: string,
  table: readonly RouteDefinition[] = routes,
): RouteDefinition | undefined {
  return indexOf(table).byKey.get(key);
}

/** The largest body a route accepts: its own `maxBodyBytes`, else `fallback` (the API's default). */
export function maxBodyBytesOf(
  key: string,
  fallback: number,
  table: readonly RouteDefinition[] = routes,
): number {
  return routeByKey(key, table)?.maxBodyBytes ?? fallback;
}

/** The environment variable through which a function learns another's name (`INDICATOR_JOB_FUNCTION_NAME`). */
export function functionNameEnvVar(id: FunctionId): string {
  return `${id.toUpperCase().replaceAll('-', '_')}_FUNCTION_NAME`;
}

/** The steps of the indicator workflow, which its state machine invokes. */
export const workflowStepFunctionIds: readonly FunctionId[] = /* @__PURE__ */ built(() =>
  functionDefinitions
    .filter((definition) => definition.workflowStep === true)
    .map((definition) => definition.id),
);

/** Functions that a trigger on their definition invokes (S3 object events). */
export const triggeredFunctionIds: readonly FunctionId[] = /* @__PURE__ */ built(() =>
  functionDefinitions
    .filter((definition) => (definition.triggers ?? []).length > 0)
    .map((definition) => definition.id),
);
