import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { metricsImportBodyTypes } from '../../../functions/metrics-import/import.ts';
import { importBodyTypes } from '../../../functions/projects-import/import.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { IndicatorComputation } from '../../../shared/domain/indicators/compute.ts';
import { publishedItem, suppressionPattern } from '../../../shared/domain/indicators/disclosure.ts';
import {
  checkMetricsCsvHeader,
  metricsCsvColumnOf,
  metricsRowFromCsvRecord,
} from '../../../shared/domain/metrics/import.ts';
import { metricReportInputSchema, metricReportSchema } from '../../../shared/domain/metrics/schema.ts';
import { redactAuditEntry } from '../../../shared/domain/projects/history.ts';
import { bodyFromCsvRecord, checkCsvHeader, importColumns } from '../../../shared/domain/projects/import.ts';
import { editableFieldsOf } from '../../../shared/domain/projects/project.ts';
import {
  auditEntrySchema,
  projectCreateSchema,
  projectSchema,
} from '../../../shared/domain/projects/schema.ts';
import { emissionFactorSchema } from '../../../shared/domain/reference/emission-factors.ts';
import { fxRateRecordSchema } from '../../../shared/domain/reference/fx-rate-input.ts';
import { scopes } from '../../../shared/domain/scopes.ts';
import { parseCsv } from '../../../shared/http/csv.ts';
import {
  auditEntryExample,
  emissionFactorExample,
  fxRateExample,
  importCsvExample,
  metricReportExample,
  metricsImportCsvExample,
  metricsImportResultExample,
  projectExample,
  projectsCsvExample,
} from '../../../shared/http/openapi/examples.ts';
import { type OperationSpec, operations } from '../../../shared/http/openapi/operations.ts';
import {
  apiVersion,
  bearerSchemeName,
  buildOpenApiDocument,
  machineClientSchemeName,
} from '../../../shared/http/openapi.ts';
import { problemResponse } from '../../../shared/http/problem.ts';
import { type RouteDefinition, routeKey, routes } from '../../../shared/routes.ts';
import { lastCompleteMonth, portfolio } from '../domain/indicators/arbitraries.ts';

type Json = Record<string, unknown>;

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of a document, with its route key (`GET /projects/{id}`). */
function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): [string, Json][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods
      .filter((method) => item[method] !== undefined)
      .map((method): [string, Json] => [`${method.toUpperCase()} ${path}`, item[method] as Json]),
  );
}

/** The value a local `$ref` (`#/components/...`) points at, or undefined. */
function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document);
}

function allRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) allRefs(item, found);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else allRefs(value, found);
    }
  }
  return found;
}

/** A response of an operation, following a `$ref` to `components.responses`. */
function responseOf(document: unknown, operation: Json, status: string): Json | undefined {
  const response = (operation.responses as Json)[status] as Json | undefined;
  if (response && typeof response.$ref === 'string') return resolvePointer(document, response.$ref) as Json;
  return response;
}

function parameterNames(document: unknown, operation: Json, location: string): string[] {
  return ((operation.parameters ?? []) as Json[])
    .map((parameter) =>
      typeof parameter.$ref === 'string' ? (resolvePointer(document, parameter.$ref) as Json) : parameter,
    )
    .filter((parameter) => parameter.in === location)
    .map((parameter) => parameter.name as string);
}

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument();

  it('is a valid OpenAPI 3.1 document for the real validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Json);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is refused by the validator when a response loses its description (the check can fail)', async () => {
    const broken = structuredClone(document) as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, Json> }>>;
    };
    delete broken.paths['/health']?.get?.responses['200']?.description;
    const result = await new Validator().validate(broken as unknown as Json);
    expect(result.valid).toBe(false);
  });

  it('resolves every $ref it contains', () => {
    const refs = allRefs(document);
    expect(refs.length).toBeGreaterThan(50);
    expect(
      refs.filter((ref) => !ref.startsWith('#/') || resolvePointer(document, ref) === undefined),
    ).toEqual([]);
  });

  it('has exactly the routes of the route table, with the same path templates and methods', () => {
    const documented = operationsOf(document)
      .map(([key]) => key)
      .sort();
    expect(documented).toEqual(routes.map(routeKey).sort());
  });

  it('names each path parameter of a template once, as a required path parameter', () => {
    for (const [key, operation] of operationsOf(document)) {
      const template = key.split(' ')[1] ?? '';
      const inTemplate = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(parameterNames(document, operation, 'path'), key).toEqual(inTemplate);
    }
  });

  it('gives every operation a unique operationId, a summary and a tag the document declares', () => {
    const ids = operationsOf(document).map(([, operation]) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const tagNames = document.tags.map((tag) => tag.name);
    for (const [key, operation] of operationsOf(document)) {
      expect(typeof operation.summary, key).toBe('string');
      expect(tagNames, key).toContain((operation.tags as string[])[0]);
    }
  });

  it('requires the bearer token exactly on the routes the table protects, and documents their 401', () => {
    const byKey = new Map(routes.map((route) => [routeKey(route), route]));
    for (const [key, operation] of operationsOf(document)) {
      const statuses = Object.keys(operation.responses as Json);
      const route = byKey.get(key);
      if (route?.auth === 'jwt') {
        // People's bearer token, or a machine client's token holding the route's scope.
        expect(operation.security, key).toEqual([
          { [bearerSchemeName]: [] },
          ...(route.scope ? [{ [machineClientSchemeName]: [route.scope] }] : []),
        ]);
        expect(statuses, key).toContain('401');
      } else if (operations[key]?.optionalBearer) {
        // Public indicator reads: a token is optional and, when given, checked (401 if invalid).
        expect(operation.security, key).toEqual([{}, { [bearerSchemeName]: [] }]);
        expect(statuses, key).toContain('401');
      } else {
        expect(operation.security, key).toEqual([]);
        expect(statuses, key).not.toContain('401');
      }
    }
    expect(document.components.securitySchemes[bearerSchemeName]).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('describes machine clients as an OAuth 2.0 client-credentials scheme with every tracker scope', () => {
    const scheme = document.components.securitySchemes[machineClientSchemeName] as Json;

    expect(scheme.type).toBe('oauth2');
    const flow = (scheme.flows as Json).clientCredentials as Json;
    expect(Object.keys(flow.scopes as Json).sort()).toEqual([...scopes].sort());
    expect(operationsOf(document).find(([key]) => key === 'POST /projects')?.[1].security).toContainEqual({
      [machineClientSchemeName]: ['tracker/projects.write'],
    });
  });

  it('names the real groups and claims in the bearer scheme', () => {
    const description = (document.components.securitySchemes[bearerSchemeName] as Json).description as string;
    for (const word of ['cognito:groups', 'custom:orgId', 'viewer', 'submitter', 'reviewer', 'admin']) {
      expect(description).toContain(word);
    }
  });

  it('documents a body on every write that reads one, with the errors the body middleware raises', () => {
    const bodiless = new Set([
      'POST /indicators/runs',
      'POST /reminders/runs',
      'DELETE /organisations/{orgId}/clients/{clientId}',
      'POST /me/notifications/{id}/read',
    ]);
    for (const [key, operation] of operationsOf(document)) {
      const isWrite = !key.startsWith('GET ');
      expect(operation.requestBody !== undefined, key).toBe(isWrite && !bodiless.has(key));
      if (operation.requestBody === undefined) continue;
      expect(Object.keys(operation.responses as Json), key).toEqual(
        expect.arrayContaining(['400', '413', '415']),
      );
    }
  });

  it('documents 412 and 428 wherever If-Match is required, and 409/422 wherever Idempotency-Key is read', () => {
    for (const [key, operation] of operationsOf(document)) {
      const refs = ((operation.parameters ?? []) as Json[]).map((parameter) => parameter.$ref);
      const statuses = Object.keys(operation.responses as Json);
      if (refs.includes('#/components/parameters/IfMatchRequired')) {
        expect(statuses, key).toEqual(expect.arrayContaining(['412', '428']));
      }
      if (refs.includes('#/components/parameters/IdempotencyKey')) {
        expect(statuses, key).toEqual(expect.arrayContaining(['409', '422']));
      }
    }
    const ifMatch = operationsOf(document)
      .filter(([, operation]) =>
        ((operation.parameters ?? []) as Json[]).some((p) => String(p.$ref).includes('IfMatch')),
      )
      .map(([key]) => key)
      .sort();
    expect(ifMatch).toEqual(
      [
        'PATCH /projects/{id}',
        'POST /projects/{id}/status',
        'POST /projects/{id}/review',
        'PUT /projects/{id}/metrics/{period}',
        'POST /projects/{id}/metrics/{period}/verification',
        'PUT /organisations/{orgId}',
      ].sort(),
    );
  });

  it('answers errors as problem details, except the 401 and 429 API Gateway answers itself', () => {
    for (const [key, operation] of operationsOf(document)) {
      for (const status of Object.keys(operation.responses as Json).filter((s) => Number(s) >= 400)) {
        const content = Object.keys((responseOf(document, operation, status)?.content ?? {}) as Json);
        const expected =
          status === '401' || status === '429' ? 'application/json' : 'application/problem+json';
        expect(content, `${key} ${status}`).toEqual([expected]);
      }
    }
  });

  it('describes the problem document the API really sends', () => {
    const problem = document.components.schemas.Problem as { properties: Json; required: string[] };
    const sent = JSON.parse(
      String(problemResponse(new ValidationError([{ path: 'name', message: 'Required' }]), '/projects').body),
    ) as Json;
    expect(Object.keys(sent).sort()).toEqual(Object.keys(problem.properties).sort());
    expect(problem.required.every((field) => field in sent)).toBe(true);
  });

  it('publishes each request body as its zod schema converts, fields and required fields alike', () => {
    for (const [key, spec] of Object.entries(operations) as [string, OperationSpec][]) {
      if (!spec.body) continue;
      const expected = z.toJSONSchema(spec.body.schema, { io: 'input' }) as Json;
      const published = document.components.schemas[spec.body.name] as Json;
      expect(published.type, key).toBe(expected.type);
      expect(Object.keys((published.properties ?? {}) as Json), key).toEqual(
        Object.keys((expected.properties ?? {}) as Json),
      );
      expect(published.required, key).toEqual(expected.required);
    }
  });

  it('takes each query parameter from the zod schema the handler parses the query with', () => {
    for (const [key, spec] of Object.entries(operations) as [string, OperationSpec][]) {
      const operation = operationsOf(document).find(([k]) => k === key)?.[1] as Json;
      const expected = spec.query
        ? Object.keys((z.toJSONSchema(spec.query, { io: 'input' }) as Json).properties as Json)
        : [];
      expect(parameterNames(document, operation, 'query'), key).toEqual(expected);
    }
  });

  it('has request examples that its zod schemas accept', () => {
    const writes = Object.entries(operations).filter(([, spec]) => spec.body);
    expect(writes.length).toBeGreaterThanOrEqual(9);
    for (const [key, spec] of writes) {
      const result = spec.body && z.safeParse(spec.body.schema, spec.body.example);
      expect(result?.error?.issues ?? [], key).toEqual([]);
    }
  });

  it('has a CSV import example that the import reads as valid project bodies', () => {
    const { columns, records } = parseCsv(importCsvExample);
    expect(() => checkCsvHeader(columns)).not.toThrow();
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(z.safeParse(projectCreateSchema, bodyFromCsvRecord(record)).error?.issues ?? []).toEqual([]);
    }
  });

  it('has a projects CSV example that imports as the project example’s fields', () => {
    const { columns, records } = parseCsv(projectsCsvExample);

    expect(columns).toEqual(importColumns);
    const {
      status: _status,
      statusEffectiveDate: _date,
      ...fields
    } = projectCreateSchema.parse(bodyFromCsvRecord(records[0] ?? {}));
    expect(fields).toEqual(editableFieldsOf(projectExample));
  });

  it('has a metrics CSV import example whose rows fare as its result example says', () => {
    const { columns, records } = parseCsv(metricsImportCsvExample);
    expect(() => checkMetricsCsvHeader(columns)).not.toThrow();
    const errorsOf = records.map((record) => {
      const {
        projectId: _id,
        externalRef: _ref,
        period: _period,
        ...report
      } = metricsRowFromCsvRecord(record);
      const issues = z.safeParse(metricReportInputSchema, report).error?.issues ?? [];
      const columnOf = metricsCsvColumnOf(metricsRowFromCsvRecord(record));
      return issues.map((issue) => columnOf(issue.path.join('.')));
    });
    expect(errorsOf).toEqual(
      metricsImportResultExample.results.map((r) => (r.errors ?? []).map((e) => e.path)),
    );
  });

  it('accepts on the metrics import route the media types its handler reads', () => {
    expect(operations['POST /metrics/import']?.body?.mediaTypes).toEqual(metricsImportBodyTypes);
  });

  it('has record examples that the stored records’ zod schemas accept', () => {
    const cases: [z.core.$ZodType, unknown][] = [
      [projectSchema, projectExample],
      [auditEntrySchema, auditEntryExample],
      [metricReportSchema, metricReportExample],
      [emissionFactorSchema, emissionFactorExample],
      [fxRateRecordSchema, fxRateExample],
    ];
    for (const [schema, example] of cases)
      expect(z.safeParse(schema, example).error?.issues ?? []).toEqual([]);
  });

  it('has every example fit the schema the document gives it', async () => {
    const validator = new Validator();
    await validator.validate(structuredClone(document) as unknown as Json);
    const resolved = validator.resolveRefs() as unknown as { paths: Record<string, Record<string, Json>> };
    let checked = 0;
    for (const [key, operation] of operationsOf(resolved)) {
      const bodies = [
        ...Object.entries(((operation.requestBody as Json | undefined)?.content ?? {}) as Json),
        ...Object.values(operation.responses as Json).flatMap((response) =>
          Object.entries(((response as Json).content ?? {}) as Json),
        ),
      ] as [string, Json][];
      for (const [mediaType, media] of bodies) {
        if (media.example === undefined) continue;
        const schema = z.fromJSONSchema(media.schema as Parameters<typeof z.fromJSONSchema>[0]);
        const result = z.safeParse(schema, media.example);
        expect(result.error?.issues ?? [], `${key} ${mediaType}`).toEqual([]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('describes both history shapes: whole entries and redacted ones', async () => {
    const validator = new Validator();
    await validator.validate(structuredClone(document) as unknown as Json);
    const resolved = validator.resolveRefs() as unknown as { components: { schemas: Json } };
    const pageSchema = z.fromJSONSchema(
      resolved.components.schemas.AuditEntryPage as Parameters<typeof z.fromJSONSchema>[0],
    );
    const page = (item: unknown) => ({ items: [item], nextCursor: null });

    expect(z.safeParse(pageSchema, page(auditEntryExample)).success).toBe(true);
    expect(z.safeParse(pageSchema, page(redactAuditEntry(auditEntryExample))).success).toBe(true);
    expect(
      z.safeParse(pageSchema, page({ ...redactAuditEntry(auditEntryExample), comment: 'leaked' })).success,
    ).toBe(false);
  });

  it('describes the indicator items the computation really publishes', async () => {
    const validator = new Validator();
    await validator.validate(structuredClone(document) as unknown as Json);
    const resolved = validator.resolveRefs() as unknown as { components: { schemas: Json } };
    const itemSchema = z.fromJSONSchema(
      resolved.components.schemas.IndicatorItem as Parameters<typeof z.fromJSONSchema>[0],
    );
    let checked = 0;
    fc.assert(
      fc.property(portfolio({ maxProjects: 3 }), (projects) => {
        const computation = new IndicatorComputation({ lastCompleteMonth });
        for (const [project, reports] of projects) computation.addProject(project, reports);
        const { items, statistics } = computation.resultWithStatistics();
        const pattern = suppressionPattern(items, statistics);
        items.forEach((item, i) => {
          for (const audience of ['public', 'authenticated'] as const) {
            const served = publishedItem(item, pattern[i] ?? {}, audience);
            expect(z.safeParse(itemSchema, served).error?.issues ?? []).toEqual([]);
          }
          checked += 1;
        });
      }),
      { numRuns: 25 },
    );
    expect(checked).toBeGreaterThan(0);
  }, 60_000);

  it('describes accepted versions, pending changes, the withdrawn decision and the four-eyes problem', () => {
    const components = (document as unknown as { components: { schemas: Record<string, Json> } }).components;
    const project = components.schemas.Project as { properties: Record<string, Json>; required: string[] };
    const review = components.schemas.Review as { properties: Record<string, Json> };
    const reviewOperation = operationsOf(document).find(([key]) => key === 'POST /projects/{id}/review')?.[1];

    expect(project.properties.acceptedVersion).toMatchObject({
      type: 'integer',
      description: expect.any(String),
    });
    expect(project.properties.pendingChanges).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(project.required).not.toContain('acceptedVersion');
    const deref = (schema: Json | undefined) =>
      typeof schema?.$ref === 'string' ? (resolvePointer(document, schema.$ref) as Json) : schema;
    expect(deref(review.properties.decision)).toMatchObject({ enum: expect.arrayContaining(['withdrawn']) });
    expect(deref(project.properties.reviewState)).toMatchObject({
      enum: expect.arrayContaining(['withdrawn']),
    });
    expect(reviewOperation?.description).toMatch(/four-eyes/);
  });

  it('accepts on the import route the media types its handler reads', () => {
    expect(operations['POST /projects/import']?.body?.mediaTypes).toEqual(importBodyTypes);
  });

  it('is plain JSON and the same on every call', () => {
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    expect(JSON.stringify(buildOpenApiDocument())).toBe(JSON.stringify(document));
  });

  it('states the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as Json;
    expect(document.info.version).toBe(apiVersion);
    expect(apiVersion).toBe(pkg.version);
  });

  describe('drift guard', () => {
    const extra: RouteDefinition = {
      method: 'DELETE',
      path: '/projects/{id}',
      auth: 'jwt',
      function: 'projects-write',
    };

    it('refuses a route the descriptions do not cover', () => {
      expect(() => buildOpenApiDocument([...routes, extra])).toThrow(
        /undescribed routes \[DELETE \/projects\/\{id\}\]/,
      );
    });

    it('refuses a description whose route left the table', () => {
      const fewer = routes.filter((route) => routeKey(route) !== 'GET /fx-rates');
      expect(() => buildOpenApiDocument(fewer)).toThrow(/descriptions without a route \[GET \/fx-rates\]/);
    });

    it('refuses a path parameter it cannot describe', () => {
      const odd: RouteDefinition = {
        method: 'GET',
        path: '/projects/{slug}',
        auth: 'jwt',
        function: 'projects-read',
      };
      const specs = {
        ...operations,
        [routeKey(odd)]: { ...operations['GET /projects/{id}'], operationId: 'odd' },
      };
      expect(() => buildOpenApiDocument([...routes, odd], specs as Record<string, OperationSpec>)).toThrow(
        /path parameter slug/,
      );
    });

    it('refuses two operations with one operationId', () => {
      const specs = {
        ...operations,
        'GET /fx-rates': { ...(operations['GET /fx-rates'] as OperationSpec), operationId: 'getHealth' },
      };
      expect(() => buildOpenApiDocument(routes, specs)).toThrow(/Repeated operationIds: getHealth/);
    });
  });
});
