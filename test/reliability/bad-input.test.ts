/**
 * Bad input at scale: fast-check generates requests to every write route of the real local runtime,
 * each carrying at least one thing that must make it fail (an unknown field, a value of a type no
 * field takes, malformed or too deeply nested JSON, an oversized body, a wrong content type, a bad
 * `If-Match` or `Idempotency-Key`, an id, period, currency or year that cannot exist) plus random
 * noise in the known fields (wrong types, huge numbers, NaN-like strings, long and unicode strings,
 * deep nesting). Every answer must be a 4xx problem document, never a 5xx; after each batch a full
 * scan of all five tables must equal the one taken before. Listings get bad cursors and periods.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../support/api-client.ts';
import { aFactorBody, aFactorId, anFxRateBody, aReportBody, monthsAgo } from '../support/metric-bodies.ts';
import { aProjectBody, unique } from '../support/project-bodies.ts';
import { Tally } from './support/collector.ts';
import { dumpTables, expectUnchanged } from './support/database.ts';
import { expectProblem, inPool, problemPaths, type RawRequest, send } from './support/http.ts';

/** Requests per batch (sent 8 at a time) and batches per write route: 10 routes x 42 x 25 = 10,500. */
const batchSize = 25;
const batchesPerRoute = 42;
const concurrency = 8;

const tally = new Tally('bad input to write routes (fast-check)');
const listingTally = new Tally('bad cursors and periods on listings');
afterAll(() => {
  tally.flush();
  listingTally.flush();
});

type Body = Record<string, unknown>;

/** One way a request is certain to be refused, and what the refusal must say. */
interface Poison {
  readonly kind: string;
  /** A field the problem's `errors` must name (by prefix) when the answer is 422. */
  readonly field?: string;
}

interface WriteRoute {
  readonly name: string;
  readonly method: string;
  /** Path for the given path parameters (already valid unless a poison replaces them). */
  readonly path: (params: Record<string, string>) => string;
  readonly params: () => Record<string, string>;
  /** Path parameters a poison may replace with something that cannot exist, and how to tell a valid one. */
  readonly paramChecks: Record<string, RegExp | undefined>;
  readonly token: () => string;
  readonly contentType: string;
  readonly validBody: (() => unknown) | undefined;
  readonly fields: readonly string[];
  readonly headers: () => Record<string, string>;
  readonly versioned: boolean;
  readonly idempotent: boolean;
}

// ---------- generators ----------

const hugeNumber = fc.constantFrom(
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  1e-320,
  5e-324,
  2 ** 64,
  -0,
);
const nanLike = fc.constantFrom(
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-0',
  '0x10',
  '1_000',
  ' 1',
  '١٢',
  'null',
);
const longString = fc.integer({ min: 201, max: 3_000 }).map((n) => 'x'.repeat(n));
const unicodeString = fc.string({ unit: 'grapheme', maxLength: 60 });
const oddString = fc.constantFrom(
  '\u0000',
  '\uFEFF',
  '\u202Eevil',
  '😀'.repeat(300),
  '<script>',
  "' OR 1=1 --",
  '{{7*7}}',
  '../../etc/passwd',
);
const deep = (depth: number, leaf: unknown = 1): unknown => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { n: value };
  return value;
};
/** Noise for a known field: any JSON, wrong types, huge numbers, NaN-like, long, unicode, nested values. */
const noise: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hugeNumber,
  nanLike,
  longString,
  unicodeString,
  oddString,
  fc.integer({ min: 5, max: 60 }).map((d) => deep(d)),
  fc.constantFrom(null, true, false, [], {}),
);
/** A value no field of the API accepts: an object or array of objects whose only key is unknown, or a boolean. */
const neverValid: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(true, false),
  noise.map((v) => ({ '\u0000unknown': v })),
  noise.map((v) => [{ '\u0000unknown': v }]),
);
const unknownKey = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => `zz_${s}`);

const contentTypes = fc.constantFrom(
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'image/png',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
);
const badIfMatch = fc.oneof(
  fc.constantFrom('"0"', '"999999"', '"-1"', '"1.5"', '"abc"', '1', 'W/"x"', '""', '"1", "2"', '"NaN"'),
  fc.integer({ min: 50, max: 1e9 }).map((n) => `"${n}"`),
);
const badIdempotencyKey = fc.oneof(
  fc.constantFrom('has space', 'tab\tkey', ''),
  fc.integer({ min: 256, max: 2000 }).map((n) => 'k'.repeat(n)),
);
const junkSegment = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    '..',
    '%00',
    'NaN',
    '-1',
    '0',
    '9'.repeat(400),
    'a'.repeat(1500),
    '2024-13',
    '0000-00',
    'undefined',
  ),
);
const malformedJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => {
    const text = JSON.stringify({ a: v, b: 1 });
    return text.slice(0, Math.max(1, text.length - 2));
  }),
  fc.constantFrom(
    '{',
    '{"a":}',
    "{'a':1}",
    '{"a":1,}',
    'NaN',
    '{"a":NaN}',
    '\uFEFF{',
    '[1,2',
    'undefined',
    '{"a":1}{',
  ),
);

// ---------- the routes and their fixtures ----------

let owner = '';
let reviewer = '';
let admin = '';
let projectId = '';
let projectVersion = '';
let period = '';
let reportVersion = '';
let factorId = '';

const routes: WriteRoute[] = [];

beforeAll(async () => {
  const org = unique('rel-bad');
  owner = await tokenFor(['submitter'], org);
  reviewer = await tokenFor(['reviewer']);
  admin = await tokenFor(['admin'], 'operators');
  const json = (token: string, body: unknown, extra: Record<string, string> = {}) => ({
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra },
    body: JSON.stringify(body),
  });
  const created = await send({ method: 'POST', path: '/projects', ...json(owner, aProjectBody()) });
  expect(created.status).toBe(201);
  projectId = created.json.id;
  const accepted = await send({
    method: 'POST',
    path: `/projects/${projectId}/review`,
    ...json(reviewer, { decision: 'accepted', comment: 'Fine.' }, { 'if-match': '"1"' }),
  });
  expect(accepted.status).toBe(200);
  projectVersion = accepted.headers.get('etag') ?? '';
  period = monthsAgo(2);
  const report = await send({
    method: 'PUT',
    path: `/projects/${projectId}/metrics/${period}`,
    ...json(owner, aReportBody()),
  });
  expect(report.status).toBe(201);
  reportVersion = report.headers.get('etag') ?? '';
  factorId = aFactorId();
  const factor = await send({
    method: 'PUT',
    path: `/emission-factors/${factorId}`,
    ...json(admin, aFactorBody()),
  });
  expect(factor.status).toBe(201);

  const idPattern = undefined; // any id other than the fixture's names no project: 404
  routes.push(
    {
      name: 'POST /projects',
      method: 'POST',
      path: () => '/projects',
      params: () => ({}),
      paramChecks: {},
      token: () => owner,
      contentType: 'application/json',
      validBody: () => aProjectBody(),
      fields: [
        'name',
        'summary',
        'technology',
        'programs',
        'hostCountry',
        'location',
        'participants',
        'capacity',
        'investments',
        'externalRefs',
        'status',
        'statusEffectiveDate',
      ],
      headers: () => ({}),
      versioned: false,
      idempotent: true,
    },
    {
      name: 'POST /projects/import',
      method: 'POST',
      path: () => '/projects/import',
      params: () => ({}),
      paramChecks: {},
      token: () => owner,
      contentType: 'application/json',
      validBody: undefined,
      fields: [],
      headers: () => ({}),
      versioned: false,
      idempotent: false,
    },
    {
      name: 'PATCH /projects/{id}',
      method: 'PATCH',
      path: (p) => `/projects/${p.id}`,
      params: () => ({ id: projectId }),
      paramChecks: { id: idPattern },
      token: () => owner,
      contentType: 'application/merge-patch+json',
      validBody: () => ({ name: 'Renamed by a patch' }),
      fields: [
        'name',
        'summary',
        'technology',
        'technologyDetail',
        'programs',
        'hostCountry',
        'location',
        'participants',
        'capacity',
        'investments',
        'externalRefs',
      ],
      headers: () => ({ 'if-match': projectVersion }),
      versioned: true,
      idempotent: false,
    },
    {
      name: 'POST /projects/{id}/status',
      method: 'POST',
      path: (p) => `/projects/${p.id}/status`,
      params: () => ({ id: projectId }),
      paramChecks: { id: idPattern },
      token: () => owner,
      contentType: 'application/json',
      validBody: () => ({ status: 'construction', effectiveDate: '2024-01-01', note: 'Started.' }),
      fields: ['status', 'effectiveDate', 'note'],
      headers: () => ({ 'if-match': projectVersion }),
      versioned: true,
      idempotent: false,
    },
    {
      name: 'POST /projects/{id}/review',
      method: 'POST',
      path: (p) => `/projects/${p.id}/review`,
      params: () => ({ id: projectId }),
      paramChecks: { id: idPattern },
      token: () => reviewer,
      contentType: 'application/json',
      validBody: () => ({ decision: 'changes_requested', comment: 'More detail please.' }),
      fields: ['decision', 'comment'],
      headers: () => ({ 'if-match': projectVersion }),
      versioned: true,
      idempotent: false,
    },
    {
      name: 'PUT /projects/{id}/metrics/{period}',
      method: 'PUT',
      path: (p) => `/projects/${p.id}/metrics/${p.period}`,
      params: () => ({ id: projectId, period }),
      paramChecks: { id: idPattern, period: /^\d{4}-\d{2}$/ },
      token: () => owner,
      contentType: 'application/json',
      validBody: () => aReportBody({ generationMwh: 1_300 }),
      fields: ['generationMwh', 'projectEmissions', 'baseline', 'leakageTco2e', 'gwpSet', 'dataQuality'],
      headers: () => ({ 'if-match': reportVersion }),
      versioned: true,
      idempotent: false,
    },
    {
      name: 'POST /projects/{id}/metrics/{period}/verification',
      method: 'POST',
      path: (p) => `/projects/${p.id}/metrics/${p.period}/verification`,
      params: () => ({ id: projectId, period }),
      paramChecks: { id: idPattern, period: /^\d{4}-\d{2}$/ },
      token: () => reviewer,
      contentType: 'application/json',
      validBody: () => ({ decision: 'verified', comment: 'Checked against the meter.' }),
      fields: ['decision', 'comment'],
      headers: () => ({ 'if-match': reportVersion }),
      versioned: true,
      idempotent: false,
    },
    {
      name: 'PUT /emission-factors/{id}',
      method: 'PUT',
      path: (p) => `/emission-factors/${p.id}`,
      params: () => ({ id: factorId }),
      paramChecks: { id: /^[a-z0-9-]+$/ },
      token: () => admin,
      contentType: 'application/json',
      validBody: () => aFactorBody({ tco2PerMwh: 0.46 }),
      fields: ['region', 'year', 'tco2PerMwh', 'method', 'source'],
      headers: () => ({}),
      versioned: false,
      idempotent: false,
    },
    {
      name: 'PUT /fx-rates/{currency}/{year}',
      method: 'PUT',
      path: (p) => `/fx-rates/${p.currency}/${p.year}`,
      params: () => ({ currency: 'JPY', year: '2024' }),
      paramChecks: { currency: /^[A-Z]{3}$/, year: /^\d{4}$/ },
      token: () => admin,
      contentType: 'application/json',
      validBody: () => anFxRateBody({ usdPerUnit: 0.0067 }),
      fields: ['usdPerUnit', 'source'],
      headers: () => ({}),
      versioned: false,
      idempotent: false,
    },
    {
      name: 'POST /indicators/runs',
      method: 'POST',
      path: () => '/indicators/runs',
      params: () => ({}),
      paramChecks: {},
      token: () => admin,
      contentType: 'application/json',
      // The route reads no body, so only a bad Idempotency-Key makes it refuse.
      validBody: undefined,
      fields: [],
      headers: () => ({}),
      versioned: false,
      idempotent: true,
    },
  );
});

interface Generated {
  readonly request: RawRequest;
  readonly poison: Poison;
}

/** The arbitrary of requests to one route, each carrying one poison and some noise. */
function requestsTo(route: WriteRoute): fc.Arbitrary<Generated> {
  const bodyFields = route.fields;
  const noisyBody = (base: unknown): fc.Arbitrary<unknown> =>
    bodyFields.length === 0 || typeof base !== 'object' || base === null
      ? fc.constant(base)
      : fc
          .array(fc.tuple(fc.constantFrom(...bodyFields), noise), { maxLength: 3 })
          .map((entries) => ({ ...(base as Body), ...Object.fromEntries(entries) }));

  const poisons: Array<
    fc.Arbitrary<{
      body: unknown | string;
      raw: boolean;
      poison: Poison;
      headers?: Record<string, string>;
      params?: Record<string, string>;
    }>
  > = [];
  const base = route.validBody?.();
  if (route.name === 'POST /projects/import') {
    // Every row carries its own poison: the import answers per row, and must create or update nothing.
    const badRow = fc
      .tuple(
        unknownKey,
        noise,
        fc.constantFrom(...['name', 'technology', 'participants', 'investments', 'hostCountry']),
        neverValid,
      )
      .map(([key, value, field, wrong]) => ({ ...aProjectBody(), [key]: value, [field]: wrong }));
    poisons.push(
      fc
        .array(badRow, { minLength: 1, maxLength: 5 })
        .map((rows) => ({ body: rows, raw: false, poison: { kind: 'bad rows' } })),
      fc.array(noise, { minLength: 1, maxLength: 5 }).map((rows) => ({
        body: rows.map((r) =>
          typeof r === 'object' && r !== null && !Array.isArray(r) ? { ...r, zz_x: 1 } : r,
        ),
        raw: false,
        poison: { kind: 'junk rows' },
      })),
      fc.integer({ min: 501, max: 520 }).map((n) => ({
        body: Array.from({ length: n }, () => ({ zz: 1 })),
        raw: false,
        poison: { kind: 'too many rows' },
      })),
      fc.string({ maxLength: 300 }).map((csv) => ({
        body: `zz_header,${csv}\nx,y`,
        raw: true,
        poison: { kind: 'csv without the columns' },
        headers: { 'content-type': 'text/csv' },
      })),
    );
  }
  if (base !== undefined && route.fields.length > 0) {
    poisons.push(
      fc.tuple(unknownKey, noise).chain(([key, value]) =>
        noisyBody(base).map((body) => ({
          body: { ...(body as Body), [key]: value },
          raw: false,
          poison: { kind: 'unknown field', field: key },
        })),
      ),
      fc.tuple(fc.constantFrom(...route.fields), neverValid).chain(([field, wrong]) =>
        noisyBody(base).map((body) => ({
          body: { ...(body as Body), [field]: wrong },
          raw: false,
          poison: { kind: 'value of a type no field takes', field },
        })),
      ),
      fc
        .oneof(
          fc
            .jsonValue({ maxDepth: 1 })
            .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
          fc.constant([]),
        )
        .map((v) => ({ body: v, raw: false, poison: { kind: 'not an object' } })),
      fc
        .tuple(fc.constantFrom(...route.fields), fc.integer({ min: 200, max: 1_500 }))
        .map(([field, depth]) => ({
          body: `{"${field}":${'['.repeat(depth)}${']'.repeat(depth)}}`,
          raw: true,
          poison: { kind: 'nested too deep' },
        })),
    );
  }
  if (route.validBody) {
    poisons.push(
      malformedJson.map((text) => ({ body: text, raw: true, poison: { kind: 'malformed JSON' } })),
      fc.constant(0).map(() => ({ body: '', raw: true, poison: { kind: 'empty body' } })),
      contentTypes.chain((type) =>
        noisyBody(base).map((body) => ({
          body,
          raw: false,
          poison: { kind: 'unsupported content type' },
          headers: { 'content-type': type },
        })),
      ),
      fc.integer({ min: 256 * 1024 + 1, max: 270 * 1024 }).map((n) => ({
        body: JSON.stringify({ [route.fields[0] ?? 'x']: 'x'.repeat(n) }),
        raw: true,
        poison: { kind: 'body over 256 KiB' },
      })),
    );
  }
  if (route.versioned) {
    poisons.push(
      badIfMatch.chain((ifMatch) =>
        noisyBody(base).map((body) => ({
          body,
          raw: false,
          poison: { kind: 'stale or malformed If-Match' },
          headers: { 'if-match': ifMatch },
        })),
      ),
    );
    if (route.name !== 'PUT /projects/{id}/metrics/{period}') {
      poisons.push(
        noisyBody(base).map((body) => ({
          body,
          raw: false,
          poison: { kind: 'no If-Match' },
          headers: { 'if-match': '' },
        })),
      );
    }
  }
  if (route.idempotent) {
    poisons.push(
      badIdempotencyKey.chain((key) =>
        noisyBody(base).map((body) => ({
          body: route.fields.length ? body : undefined,
          raw: false,
          poison: { kind: 'bad Idempotency-Key' },
          headers: { 'idempotency-key': key },
        })),
      ),
    );
  }
  for (const [param, valid] of Object.entries(route.paramChecks)) {
    poisons.push(
      fc
        .tuple(
          junkSegment.filter((s) => !valid?.test(s)),
          noisyBody(base),
        )
        .map(([segment, body]) => ({
          body,
          raw: false,
          poison: { kind: `bad ${param} in the path` },
          params: { [param]: encodeURIComponent(segment) },
        })),
    );
  }

  return fc.oneof(...poisons).map(({ body, raw, poison, headers, params }) => {
    const merged: Record<string, string> = {
      authorization: `Bearer ${route.token()}`,
      'content-type': route.contentType,
      ...route.headers(),
      ...headers,
    };
    for (const [name, value] of Object.entries(merged))
      if (value === '' && name !== 'idempotency-key') delete merged[name];
    const text = body === undefined ? undefined : raw ? String(body) : JSON.stringify(body);
    return {
      request: {
        method: route.method,
        path: route.path({ ...route.params(), ...params }),
        headers: merged,
        ...(text !== undefined ? { body: text } : {}),
      },
      poison,
    };
  });
}

function checkRefusal(
  route: WriteRoute,
  { request, poison }: Generated,
  response: Awaited<ReturnType<typeof send>>,
) {
  const context = {
    route: route.name,
    poison,
    path: request.path.slice(0, 120),
    status: response.status,
    body: response.text.slice(0, 400),
  };
  if (route.name === 'POST /projects/import' && response.status === 200) {
    // The import answers per row; every row must have been refused, naming what was wrong.
    const results = response.json?.results ?? response.json?.rows ?? response.json?.items;
    expect(Array.isArray(results), JSON.stringify(context)).toBe(true);
    for (const row of results) {
      expect(row.outcome, JSON.stringify(context)).toBe('rejected');
      expect(row.errors?.length, JSON.stringify(context)).toBeGreaterThan(0);
    }
    return;
  }
  expect(response.status, JSON.stringify(context)).toBeGreaterThanOrEqual(400);
  expect(response.status, JSON.stringify(context)).toBeLessThan(500);
  expect(response.status, JSON.stringify(context)).not.toBe(401);
  expectProblem(response, context);
  if (response.status === 422) {
    expect(response.json.errors?.length ?? 0, JSON.stringify(context)).toBeGreaterThan(0);
  }
  if (response.json.errors !== undefined) {
    for (const error of response.json.errors) {
      expect(error, JSON.stringify(context)).toMatchObject({
        path: expect.any(String),
        message: expect.any(String),
      });
    }
  }
  if (response.status === 422 && poison.field !== undefined) {
    const paths = problemPaths(response);
    expect(
      paths.some((p) => p === poison.field || p.startsWith(`${poison.field}.`)),
      JSON.stringify({ ...context, paths }),
    ).toBe(true);
  }
}

/** Runs a property; on failure throws the failing check's message and the seed, not the whole (huge) counterexample. */
async function briefly(what: string, assertion: () => Promise<void>): Promise<void> {
  try {
    await assertion();
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined;
    const seed = /\{ seed: [^}]+\}/.exec((error as Error).message)?.[0] ?? '';
    throw new Error(`${what}: ${(cause?.message ?? (error as Error).message).slice(0, 3_000)} ${seed}`);
  }
}

describe('bad input to every write route', () => {
  it('gets 4xx problem documents, never a 5xx, and leaves every table unchanged', async () => {
    const kindsSeen = new Set<string>();
    const before = await dumpTables();
    expect(before.projects?.length).toBeGreaterThan(0);
    for (const route of routes) {
      await briefly(route.name, () =>
        fc.assert(
          fc.asyncProperty(
            fc.array(requestsTo(route), { minLength: batchSize, maxLength: batchSize }),
            async (batch) => {
              const responses = await inPool(batch, concurrency, (generated) => send(generated.request));
              tally.add('requestsTried', batch.length);
              batch.forEach((generated, i) => {
                kindsSeen.add(`${route.name}: ${generated.poison.kind}`);
                checkRefusal(route, generated, responses[i] as Awaited<ReturnType<typeof send>>);
              });
              const after = await dumpTables();
              tally.add('databaseDumpsCompared');
              expectUnchanged(before, after, route.name);
            },
          ),
          { numRuns: batchesPerRoute, endOnFailure: true },
        ),
      );
    }
    // The generation reached every route and every kind of poison it defines.
    expect(tally.get('requestsTried')).toBeGreaterThanOrEqual(10_000);
    expect(new Set([...kindsSeen].map((k) => k.split(':')[0])).size).toBe(routes.length);
  });
});

describe('bad cursors, periods and limits on the listings', () => {
  it('get 400 problem documents naming the parameter', async () => {
    const listings: Array<readonly [string, string]> = [
      ['/projects', 'cursor'],
      [`/projects/${projectId}/history`, 'cursor'],
      [`/projects/${projectId}/metrics`, 'cursor'],
      ['/indicators', 'cursor'],
      ['/indicators/runs', 'cursor'],
      ['/emission-factors', 'cursor'],
      ['/fx-rates', 'cursor'],
      ['/indicators', 'period'],
      [`/projects/${projectId}/metrics`, 'from'],
      [`/projects/${projectId}/metrics`, 'to'],
      ['/projects', 'limit'],
      ['/indicators', 'granularity'],
    ];
    const badValue = (param: string) =>
      param === 'cursor'
        ? fc
            .oneof(
              fc.string({ minLength: 1, maxLength: 80 }),
              fc.base64String({ minLength: 4, maxLength: 200 }),
              fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
              fc.constant('x'.repeat(3000)),
            )
            .filter((s) => s.trim().length > 0)
        : param === 'limit'
          ? fc.oneof(fc.constantFrom('0', '101', '-1', '1.5', 'NaN', '1e3', 'abc', '99999999999999999999'))
          : param === 'granularity'
            ? fc
                .string({ minLength: 1, maxLength: 20 })
                .filter((s) => !['month', 'quarter', 'year'].includes(s))
            : fc
                .oneof(
                  junkSegment,
                  fc.constantFrom('2024-00', '2024-13', '24-01', '2024-1', '2024/01', '١٢٣٤-٠١'),
                )
                .filter(
                  (s) =>
                    !/^\d{4}-(0[1-9]|1[0-2])$/.test(s) && !/^\d{4}(-Q[1-4])?$/.test(s) && s.trim().length > 0,
                );
    const before = await dumpTables();
    for (const [path, param] of listings) {
      await briefly(`${path}?${param}`, () =>
        fc.assert(
          fc.asyncProperty(fc.array(badValue(param), { minLength: 10, maxLength: 10 }), async (values) => {
            const responses = await inPool(values, concurrency, (value) =>
              send({
                method: 'GET',
                path: `${path}?${new URLSearchParams({ [param]: value })}`,
                headers: { authorization: `Bearer ${owner}` },
              }),
            );
            listingTally.add('requestsTried', values.length);
            responses.forEach((response, i) => {
              const context = {
                path,
                param,
                value: values[i]?.slice(0, 80),
                status: response.status,
                body: response.text.slice(0, 300),
              };
              expect(response.status, JSON.stringify(context)).toBe(400);
              expectProblem(response, context);
              expect(problemPaths(response), JSON.stringify(context)).toContain(param);
            });
          }),
          { numRuns: 6, endOnFailure: true },
        ),
      );
    }
    expectUnchanged(before, await dumpTables(), 'listings');
    listingTally.add('databaseDumpsCompared');
  });
});
