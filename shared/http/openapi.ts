/**
 * The OpenAPI 3.1 document of the API, built from the route table and the zod schemas that validate
 * requests (`z.toJSONSchema`, input side for requests, output side for the stored records returned),
 * plus the per-route descriptions in `openapi/operations.ts`. Deterministic and JSON-serialisable;
 * the web build serves it as `GET /openapi.json`.
 */
import * as z from 'zod';
import {
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  MalformedInputError,
  NotFoundError,
  RangeNotSatisfiableError,
  ValidationError,
  VersionConflictError,
  VersionRequiredError,
} from '../domain/errors.ts';
import { ulidPattern } from '../domain/ids.ts';
import { metricReportSchema, periodSchema } from '../domain/metrics/schema.ts';
import { notificationSchema } from '../domain/notifications/schema.ts';
import {
  createdMachineClientSchema,
  machineClientSchema,
  organisationSchema,
} from '../domain/organisations/schema.ts';
import { roles } from '../domain/policy.ts';
import { redactedAuditEntrySchema } from '../domain/projects/history.ts';
import {
  auditEntrySchema,
  lifecycleStatusSchema,
  programSchema,
  projectSchema,
  reviewStateSchema,
  technologySchema,
} from '../domain/projects/schema.ts';
import { emissionFactorIdSchema, emissionFactorSchema } from '../domain/reference/emission-factors.ts';
import { fxCurrencySchema, fxRateRecordSchema } from '../domain/reference/fx-rate-input.ts';
import { countryCodeSchema } from '../domain/reference/iso.ts';
import { reviewQueueEntrySchema } from '../domain/review-queue/schema.ts';
import { scopeDescriptions, scopeResourceServer } from '../domain/scopes.ts';
import { type RouteDefinition, routeKey, routes } from '../routes.ts';
import { documentRegistrationResponseSchema, documentViewSchema } from './documents.ts';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './errors.ts';
import { maxBodyBytes } from './handler.ts';
import {
  handWrittenSchemas,
  headers as headerComponents,
  type JsonSchema,
  limitDescription,
  parameters as parameterComponents,
  schemaRef,
} from './openapi/components.ts';
import {
  type DomainErrorStatus,
  type OperationSpec,
  operations,
  type SuccessSpec,
  tags,
} from './openapi/operations.ts';
import { groupsClaim, orgClaim } from './principal.ts';
import { problemKindOf, problemResponse } from './problem.ts';
import { problemContentType } from './response.ts';

/** The media type of problem details, without its parameters. */
const problemMediaType = problemContentType.split(';')[0] as string;

/** The API's version as the document states it (the package version). */
export const apiVersion = '0.1.0';

/** The name of the OAuth 2.0 client-credentials scheme of machine clients (routes that name a scope). */
export const machineClientSchemeName = 'machineClient';

/** The name of the bearer scheme every token route requires. */
export const bearerSchemeName = 'cognitoIdToken';

/** A JSON-serialisable OpenAPI 3.1 document (only the top level is typed). */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers: readonly { readonly url: string }[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly paths: Record<string, Record<string, Record<string, unknown>>>;
  readonly components: {
    readonly securitySchemes: Record<string, unknown>;
    readonly schemas: Record<string, JsonSchema>;
    readonly responses: Record<string, unknown>;
    readonly parameters: Record<string, unknown>;
    readonly headers: Record<string, unknown>;
  };
}

type Methods = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Schemas several requests share, published once under these names. */
const sharedInputSchemas: Readonly<Record<string, z.core.$ZodType>> = {
  CountryCode: countryCodeSchema,
  Technology: technologySchema,
  Program: programSchema,
  LifecycleStatus: lifecycleStatusSchema,
  ReviewState: reviewStateSchema,
  Period: periodSchema,
  EmissionFactorId: emissionFactorIdSchema,
  FxCurrency: fxCurrencySchema,
};

/** The stored records the API returns, described by their zod schemas' output side. */
const outputSchemas: Readonly<Record<string, z.core.$ZodType>> = {
  CountryCode: countryCodeSchema,
  Technology: technologySchema,
  Program: programSchema,
  LifecycleStatus: lifecycleStatusSchema,
  ReviewState: reviewStateSchema,
  Project: projectSchema,
  AuditEntry: auditEntrySchema,
  RedactedAuditEntry: redactedAuditEntrySchema,
  MetricReport: metricReportSchema,
  Document: documentViewSchema,
  DocumentRegistrationResponse: documentRegistrationResponseSchema,
  EmissionFactor: emissionFactorSchema,
  FxRate: fxRateRecordSchema,
  Organisation: organisationSchema,
  MachineClient: machineClientSchema,
  CreatedMachineClient: createdMachineClientSchema,
  ReviewQueueEntry: reviewQueueEntrySchema,
  Notification: notificationSchema,
};

const ulidSchema: JsonSchema = { type: 'string', pattern: ulidPattern.source };

/** A path parameter: a description, a schema and an example. */
interface PathParameter {
  readonly description: string;
  readonly schema: JsonSchema;
  readonly example: string;
}

/** Every path parameter the route table uses. */
const pathParameters: Readonly<Record<string, PathParameter>> = {
  id: { description: 'The project’s id.', schema: ulidSchema, example: '01JQ8Z3K9V7M2T4X6B8N0C1D2E' },
  period: { description: 'The reporting month, `YYYY-MM`.', schema: schemaRef('Period'), example: '2026-09' },
  currency: {
    description: 'An ISO 4217 code other than USD.',
    schema: schemaRef('FxCurrency'),
    example: 'JPY',
  },
  year: {
    description: 'The year of the rate, from 1990 to the current year.',
    schema: { type: 'string', pattern: '^\\d{4}$' },
    example: '2025',
  },
  docId: { description: 'The document’s id.', schema: ulidSchema, example: '01JSB4C6D8E0F2G4H6J8K0M2N4' },
  runId: { description: 'The run’s id.', schema: ulidSchema, example: '01JR2M4P6Q8S0T2V4W6X8Y0Z1A' },
  file: { description: 'The asset’s file name.', schema: { type: 'string' }, example: 'dashboard.js' },
  orgId: {
    description: 'The organisation’s id (what projects and tokens name).',
    schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
    example: 'kanto-offshore',
  },
  clientId: {
    description: 'The machine client’s id (its OAuth `client_id`).',
    schema: { type: 'string' },
    example: '4m1v6q2k9s3b7n0c5x8z1r4t6y',
  },
};

/** Path parameters whose meaning differs on some routes (the emission factor's `id`). */
const pathParameterOverrides: Readonly<Record<string, Readonly<Record<string, PathParameter>>>> = {
  'PUT /emission-factors/{id}': {
    id: {
      description: 'The factor’s id, chosen by the admin.',
      schema: schemaRef('EmissionFactorId'),
      example: 'jp-national-2024',
    },
  },
};

/**
 * One problem response per status the API answers with problem details: each example is what
 * `problemResponse` really sends for a typical error of that kind.
 */
const problemCases: ReadonlyArray<{ readonly name: string; readonly error: Error; readonly when: string }> = [
  {
    name: 'BadRequest',
    error: new MalformedInputError('The query string is not valid', [
      { path: 'limit', message: 'Must be a whole number from 1 to 100' },
    ]),
    when: 'Malformed: bad JSON, a bad query parameter (unknown ones included), a bad cursor or Idempotency-Key.',
  },
  {
    name: 'Forbidden',
    error: new ForbiddenError('Your role or organisation does not allow this'),
    when: 'The caller’s role or organisation does not allow this.',
  },
  {
    name: 'NotFound',
    error: new NotFoundError('Project not found'),
    when: 'No such resource, or one the caller may not know exists.',
  },
  {
    name: 'Conflict',
    error: new ConflictError('External reference gem:G100000912345 is already registered'),
    when: 'A duplicate (e.g. an external reference already registered), or an identical idempotent request still in progress.',
  },
  {
    name: 'PreconditionFailed',
    error: new VersionConflictError('If-Match does not name the current version of the project'),
    when: '`If-Match` does not name the current version (or another write landed first).',
  },
  {
    name: 'PayloadTooLarge',
    error: new PayloadTooLargeError(maxBodyBytes),
    when: `The body is larger than the route accepts: ${maxBodyBytes} bytes, unless the route’s description gives its own limit.`,
  },
  {
    name: 'UnsupportedMediaType',
    error: new UnsupportedMediaTypeError(['application/json']),
    when: 'The body’s content type is not one the route reads.',
  },
  {
    name: 'RangeNotSatisfiable',
    error: new RangeNotSatisfiableError(5120),
    when: 'The `Range` starts past the end of the file; `Content-Range` gives its size.',
  },
  {
    name: 'UnprocessableContent',
    error: new ValidationError([
      {
        path: 'participants.1.country',
        message: 'Must be an assigned ISO 3166-1 alpha-2 country code, in uppercase (e.g. JP, US)',
      },
    ]),
    when: 'Well-formed but invalid: `errors` names every bad field (schema, lifecycle and accounting rules).',
  },
  {
    name: 'PreconditionRequired',
    error: new VersionRequiredError('This change needs If-Match with the ETag of the version you read'),
    when: '`If-Match` is missing where the change needs it.',
  },
  {
    name: 'InternalError',
    error: new Error('an unexpected failure'),
    when: 'An unexpected error; the detail says nothing internal.',
  },
  {
    name: 'ServiceUnavailable',
    error: new DependencyUnavailableError('The database is unavailable; retry shortly'),
    when: 'A dependency (the database) is unavailable; retry after `Retry-After` seconds.',
  },
];

const exampleInstance = '/projects/01JQ8Z3K9V7M2T4X6B8N0C1D2E';

function statusOf(error: Error): number {
  return problemKindOf(error).status;
}

function problemResponseComponents(): Record<string, unknown> {
  const components: Record<string, unknown> = {};
  for (const { name, error, when } of problemCases) {
    const sent = problemResponse(error, exampleInstance);
    components[name] = {
      description: when,
      headers: {
        'X-Request-Id': { $ref: '#/components/headers/RequestId' },
        ...(sent.headers?.['retry-after']
          ? { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } }
          : {}),
      },
      content: {
        [problemMediaType]: { schema: schemaRef('Problem'), example: JSON.parse(String(sent.body)) },
      },
    };
  }
  const gateway = (description: string, message: string, extra: Record<string, unknown> = {}) => ({
    description,
    headers: extra,
    content: { 'application/json': { schema: schemaRef('GatewayError'), example: { message } } },
  });
  components.Unauthorized = gateway(
    'No token, or one the JWT authorizer refuses (signature, issuer, audience, expiry); answered by API Gateway, not by a function.',
    'Unauthorized',
    { 'WWW-Authenticate': { $ref: '#/components/headers/WwwAuthenticate' } },
  );
  components.TooManyRequests = gateway('Throttled by API Gateway.', 'Too Many Requests');
  return components;
}

const responseNameByStatus: Readonly<Record<number, string>> = {
  ...Object.fromEntries(problemCases.map(({ name, error }) => [statusOf(error), name])),
  401: 'Unauthorized',
  429: 'TooManyRequests',
};

/** Converts a zod registry, publishing every schema under its id and pointing `$ref`s at the components. */
function componentsOf(
  schemas: Readonly<Record<string, z.core.$ZodType>>,
  io: 'input' | 'output',
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const converted = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas;
  return Object.fromEntries(
    Object.entries(converted).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as JsonSchema;
      return [id, rest];
    }),
  );
}

function queryId(spec: OperationSpec): string {
  return `${spec.operationId}Query`;
}

function bodyMediaTypes(spec: OperationSpec): Record<string, unknown> | undefined {
  const body = spec.body;
  if (!body) return undefined;
  return Object.fromEntries(
    body.mediaTypes.map((mediaType) => {
      const textExample = body.textExamples?.[mediaType];
      if (textExample !== undefined) return [mediaType, { schema: { type: 'string' }, example: textExample }];
      return [mediaType, { schema: schemaRef(body.name), example: body.example }];
    }),
  );
}

function pathParametersOf(route: RouteDefinition): Record<string, unknown>[] {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  return names.map((name) => {
    const definition = pathParameterOverrides[routeKey(route)]?.[name] ?? pathParameters[name];
    if (!definition) throw new Error(`${routeKey(route)}: no description of path parameter ${name}`);
    return { name, in: 'path', required: true, ...definition };
  });
}

function queryParametersOf(
  spec: OperationSpec,
  schemas: Record<string, JsonSchema>,
): Record<string, unknown>[] {
  if (!spec.query) return [];
  const converted = schemas[queryId(spec)];
  const properties = (converted?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((converted?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(name === 'limit' ? { description: limitDescription } : {}),
    ...(name === 'cursor'
      ? {
          description:
            'The `nextCursor` of the previous page; opaque, and bound to the listing (400 otherwise).',
        }
      : {}),
    schema,
  }));
}

/** The error statuses a route can answer, from its shape and its declared domain errors. */
export function errorStatusesOf(route: RouteDefinition, spec: OperationSpec): number[] {
  const statuses = new Set<number>(spec.errors ?? []);
  if (route.auth === 'jwt' || spec.optionalBearer) statuses.add(401);
  if (spec.body) for (const status of [400, 413, 415]) statuses.add(status);
  if (spec.query) statuses.add(400);
  if (spec.ifMatch) statuses.add(412);
  if (spec.ifMatch === 'required') statuses.add(428);
  if (spec.idempotent) for (const status of [400, 409, 422]) statuses.add(status);
  statuses.add(429);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

function successResponse(spec: SuccessSpec): Record<string, unknown> {
  const responseHeaders: Record<string, unknown> = {
    'X-Request-Id': { $ref: '#/components/headers/RequestId' },
  };
  const headerNames: Record<string, string> = {
    ETag: 'ETag',
    Location: 'Location',
    IdempotentReplayed: 'Idempotent-Replayed',
    Link: 'Link',
    RetryAfter: 'Retry-After',
    OmittedProjects: 'Omitted-Projects',
    ObjectETag: 'ETag',
    ContentLength: 'Content-Length',
    ContentRange: 'Content-Range',
    AcceptRanges: 'Accept-Ranges',
  };
  for (const header of spec.headers ?? [])
    responseHeaders[headerNames[header] ?? header] = { $ref: `#/components/headers/${header}` };
  return {
    description: spec.description,
    headers: responseHeaders,
    ...(spec.content ? { content: spec.content } : {}),
  };
}

function operationOf(route: RouteDefinition, spec: OperationSpec, schemas: Record<string, JsonSchema>) {
  const parameters: unknown[] = [...pathParametersOf(route), ...queryParametersOf(spec, schemas)];
  if (spec.ifMatch === 'required') parameters.push({ $ref: '#/components/parameters/IfMatchRequired' });
  if (spec.ifMatch === 'optional') parameters.push({ $ref: '#/components/parameters/IfMatchOptional' });
  if (spec.idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
  const responses: Record<string, unknown> = {};
  for (const [status, success] of Object.entries(spec.responses)) {
    if (success) responses[status] = successResponse(success);
  }
  for (const status of errorStatusesOf(route, spec)) {
    const own = spec.errorResponses?.[status as DomainErrorStatus];
    responses[String(status)] = own
      ? successResponse(own)
      : { $ref: `#/components/responses/${responseNameByStatus[status]}` };
  }
  const body = bodyMediaTypes(spec);
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    // `{}` first on public routes whose token is optional (see `OperationSpec.optionalBearer`).
    security:
      route.auth === 'jwt'
        ? [{ [bearerSchemeName]: [] }, ...(route.scope ? [{ [machineClientSchemeName]: [route.scope] }] : [])]
        : spec.optionalBearer
          ? [{}, { [bearerSchemeName]: [] }]
          : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            ...(spec.body?.description ? { description: spec.body.description } : {}),
            content: body,
          },
        }
      : {}),
    responses,
  };
}

/** Throws unless the table and the descriptions name exactly the same routes. */
function checkCoverage(
  table: readonly RouteDefinition[],
  specs: Readonly<Record<string, OperationSpec>>,
): void {
  const keys = table.map(routeKey);
  const undescribed = keys.filter((key) => !Object.hasOwn(specs, key));
  const unrouted = Object.keys(specs).filter((key) => !keys.includes(key));
  if (undescribed.length > 0 || unrouted.length > 0) {
    throw new Error(
      `The OpenAPI descriptions do not match the route table: undescribed routes [${undescribed.join(', ')}], descriptions without a route [${unrouted.join(', ')}]`,
    );
  }
  const ids = Object.values(specs).map((spec) => spec.operationId);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) throw new Error(`Repeated operationIds: ${repeated.join(', ')}`);
}

function mergeSchemas(...sets: Record<string, JsonSchema>[]): Record<string, JsonSchema> {
  const merged: Record<string, JsonSchema> = {};
  for (const set of sets) {
    for (const [name, schema] of Object.entries(set)) {
      const existing = merged[name];
      if (existing && JSON.stringify(existing) !== JSON.stringify(schema)) {
        throw new Error(`Schema ${name} differs between the requests and the responses`);
      }
      merged[name] = schema;
    }
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
}

function securitySchemes(): Record<string, unknown> {
  return {
    [bearerSchemeName]: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: [
        'A Cognito user pool ID token (locally, a token of the local issuer: `npm run token`), checked by API Gateway’s JWT authorizer (signature, issuer, audience, expiry).',
        `Roles come from the \`${groupsClaim}\` claim: ${roles.map((role) => `\`${role}\``).join(', ')} (a caller may hold several).`,
        `A submitter acts for the organisation in \`${orgClaim}\`.`,
      ].join(' '),
    },
    [machineClientSchemeName]: {
      type: 'oauth2',
      description:
        'Machine clients of partner organisations (docs/machine-clients.md): an admin creates one with `POST /organisations/{orgId}/clients`; it gets 15-minute access tokens from the token URL with HTTP Basic client authentication and acts as a submitter of its organisation on the routes whose scope its token holds (403 naming the scope otherwise). In AWS the token URL is the `TokenUrl` stack output (the Cognito domain); locally `/oauth2/token` on the API.',
      flows: {
        clientCredentials: {
          tokenUrl: '/oauth2/token',
          scopes: Object.fromEntries(
            Object.entries(scopeDescriptions).map(([name, text]) => [`${scopeResourceServer}/${name}`, text]),
          ),
        },
      },
    },
  };
}

/**
 * Builds the OpenAPI 3.1 document of `table` (the route table by default) from the per-route
 * descriptions.
 * @throws Error when a route has no description, a description has no route, or a schema cannot be converted
 */
export function buildOpenApiDocument(
  table: readonly RouteDefinition[] = routes,
  specs: Readonly<Record<string, OperationSpec>> = operations,
): OpenApiDocument {
  checkCoverage(table, specs);
  const inputs: Record<string, z.core.$ZodType> = { ...sharedInputSchemas };
  for (const spec of Object.values(specs)) {
    if (spec.body) inputs[spec.body.name] = spec.body.schema;
    if (spec.query) inputs[queryId(spec)] = spec.query;
  }
  const inputComponents = componentsOf(inputs, 'input');
  const queryIds = new Set(
    Object.values(specs)
      .filter((spec) => spec.query)
      .map(queryId),
  );
  const requestSchemas = Object.fromEntries(
    Object.entries(inputComponents).filter(([id]) => !queryIds.has(id)),
  );
  const schemas = mergeSchemas(requestSchemas, componentsOf(outputSchemas, 'output'), {
    ...handWrittenSchemas,
  });

  const paths: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const route of table) {
    const spec = specs[routeKey(route)] as OperationSpec;
    const method = route.method.toLowerCase() as Methods;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, Record<string, unknown>>)[method] = operationOf(
      route,
      spec,
      inputComponents,
    );
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'JUCIP clean-energy cooperation tracker API',
      version: apiVersion,
      description: [
        'Tracks Japan–U.S. clean-energy technology cooperation under JUCIP: projects, their monthly reports and the green-growth indicators computed from them.',
        'JSON bodies; every error is an RFC 9457 problem document (`application/problem+json`), except the 401 and 429 that API Gateway answers itself. With `Accept-Language: ja`, a problem’s `title`, `detail` and `errors[].message` are in Japanese.',
        'Every write is a conditional write: read the `ETag`, send it back in `If-Match`. Listings take `limit` and an opaque `cursor` and answer `{items, nextCursor}`.',
        'A path the API does not know answers 404, and a known path with another method 405 (with `Allow`), both as problem details.',
      ].join('\n\n'),
    },
    servers: [{ url: '/' }],
    tags: tags.map((tag) => ({ ...tag })),
    paths,
    components: {
      securitySchemes: securitySchemes(),
      schemas,
      responses: problemResponseComponents(),
      parameters: { ...parameterComponents },
      headers: { ...headerComponents },
    },
  };
}
