/**
 * What the route table does not say about each route, for the OpenAPI document: summary, tag, the
 * zod schemas of its query and body, its success responses, and the errors its domain code can
 * raise. Keyed by route key; the document's builder refuses a table route without an entry and an
 * entry without a route. Which errors the middleware and the route's shape imply (401 on a token
 * route, 400/413/415 on a body, 412/428 with `If-Match`, 409/422 with `Idempotency-Key`) the
 * builder adds itself, so they are not repeated here.
 */
import * as z from 'zod';
import { documentRegistrationSchema } from '../../domain/documents/schema.ts';
import { metricReportInputSchema, verificationSchema } from '../../domain/metrics/schema.ts';
import { maxImportRows } from '../../domain/projects/import.ts';
import {
  projectCreateSchema,
  projectPatchSchema,
  reviewSchema,
  statusChangeSchema,
} from '../../domain/projects/schema.ts';
import { emissionFactorInputSchema } from '../../domain/reference/emission-factors.ts';
import { fxRateInputSchema } from '../../domain/reference/fx-rate-input.ts';
import { indicatorsQuerySchema } from '../indicators.ts';
import { metricsGetQuerySchema, metricsListQuerySchema } from '../metrics.ts';
import { projectListQuerySchema } from '../projects.ts';
import { pageOnlyQuerySchema } from '../query.ts';
import { type JsonSchema, schemaRef } from './components.ts';
import {
  documentAvailableExample,
  documentRegistrationExample,
  documentRegistrationResponseExample,
  documentRejectedExample,
} from './document-examples.ts';
import {
  auditEntryExample,
  emissionFactorExample,
  emissionFactorInputExample,
  fxRateExample,
  fxRateInputExample,
  healthExample,
  healthUnavailableExample,
  importCsvExample,
  importJsonExample,
  importResultExample,
  indicatorRunExample,
  indicatorsCsvExample,
  indicatorsExample,
  metricReportExample,
  metricReportInputExample,
  projectCreateExample,
  projectExample,
  projectPatchExample,
  reviewExample,
  runAcceptedExample,
  statusChangeExample,
  verificationExample,
} from './examples.ts';

/** Error statuses a route's own code can answer (beyond those the builder derives). */
export type DomainErrorStatus = 403 | 404 | 409 | 412 | 422 | 428 | 503;

/** The headers of `components.headers` a success response may carry. */
export type ResponseHeader = 'ETag' | 'Location' | 'IdempotentReplayed' | 'Link' | 'RetryAfter';

export interface MediaSpec {
  readonly schema: JsonSchema;
  readonly example?: unknown;
}

export interface SuccessSpec {
  readonly description: string;
  /** Body by media type; none for an empty body. */
  readonly content?: Readonly<Record<string, MediaSpec>>;
  readonly headers?: readonly ResponseHeader[];
}

export interface BodySpec {
  /** The component name the body schema is published under. */
  readonly name: string;
  /** The zod schema the handler validates the body with. */
  readonly schema: z.core.$ZodType;
  /** The media types the route's binding accepts; JSON ones get `schema`. */
  readonly mediaTypes: readonly string[];
  /** A body that parses with `schema`. */
  readonly example: unknown;
  /** Examples of the non-JSON media types (e.g. CSV text). */
  readonly textExamples?: Readonly<Record<string, string>>;
  readonly description?: string;
}

export interface OperationSpec {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: Tag;
  /** The strict object schema the handler parses the query string with. */
  readonly query?: z.core.$ZodType;
  readonly body?: BodySpec;
  /** Whether the route reads `If-Match`: `required` (428 without it) or `optional`. */
  readonly ifMatch?: 'required' | 'optional';
  /** Whether the route honours `Idempotency-Key`. */
  readonly idempotent?: boolean;
  readonly responses: Readonly<Partial<Record<200 | 201 | 202, SuccessSpec>>>;
  readonly errors?: readonly DomainErrorStatus[];
  /** Error responses whose body differs from the shared problem response of their status. */
  readonly errorResponses?: Readonly<Partial<Record<DomainErrorStatus, SuccessSpec>>>;
}

export const tags = [
  { name: 'Web', description: 'The dashboard, this reference, the OpenAPI document and their assets.' },
  { name: 'Health', description: 'Whether the API and its database answer.' },
  {
    name: 'Projects',
    description: 'Japan–U.S. clean-energy cooperation projects, their lifecycle and review.',
  },
  { name: 'Metrics', description: 'Monthly reports (MRV): generation, emissions, baselines, verification.' },
  {
    name: 'Evidence',
    description:
      'Evidence documents for MRV: registered here, uploaded straight to storage with a presigned POST, checked on arrival.',
  },
  {
    name: 'Reference data',
    description: 'Grid emission factors and FX rates, kept by admins; each change a new version.',
  },
  {
    name: 'Indicators',
    description: 'The published green-growth indicators and the runs that compute them.',
  },
] as const;
export type Tag = (typeof tags)[number]['name'];

const json = 'application/json';

function jsonOf(schema: string | JsonSchema, example?: unknown): Readonly<Record<string, MediaSpec>> {
  const media: MediaSpec = {
    schema: typeof schema === 'string' ? schemaRef(schema) : schema,
    ...(example === undefined ? {} : { example }),
  };
  return { [json]: media };
}

const html = { 'text/html': { schema: { type: 'string' } } };

const projectPage = { items: [projectExample], nextCursor: null };

/** The per-route descriptions, keyed by `routeKey(route)`. */
export const operations: Readonly<Record<string, OperationSpec>> = {
  'GET /': {
    operationId: 'getDashboard',
    summary: 'The public dashboard',
    description: 'Headline indicators and charts, as an HTML page with bundled assets (no CDN).',
    tag: 'Web',
    responses: { 200: { description: 'The dashboard page.', content: html } },
  },
  'GET /docs': {
    operationId: 'getApiReference',
    summary: 'The API reference',
    description: 'This document, rendered as a human-readable HTML page (assets bundled, no CDN).',
    tag: 'Web',
    responses: { 200: { description: 'The API reference page.', content: html } },
  },
  'GET /openapi.json': {
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI document',
    description:
      'An OpenAPI 3.1 document of every route, generated from the zod schemas that validate requests.',
    tag: 'Web',
    responses: {
      200: {
        description: 'The OpenAPI document.',
        content: { [json]: { schema: { type: 'object', required: ['openapi', 'info', 'paths'] } } },
      },
    },
  },
  'GET /assets/{file}': {
    operationId: 'getAsset',
    summary: 'A built asset of the web pages',
    description: 'Scripts, style sheets and images of the dashboard and the API reference.',
    tag: 'Web',
    responses: {
      200: {
        description: 'The asset, with the media type of its extension.',
        content: {
          'text/javascript': { schema: { type: 'string' } },
          'text/css': { schema: { type: 'string' } },
          'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } },
        },
      },
    },
    errors: [404],
  },
  'GET /health': {
    operationId: 'getHealth',
    summary: 'Health of the API and its database',
    description: 'Answers 503 (with `Retry-After`) when the database is unreachable.',
    tag: 'Health',
    responses: {
      200: { description: 'The API and its database answer.', content: jsonOf('Health', healthExample) },
    },
    errors: [503],
    errorResponses: {
      503: {
        description: 'The database is unreachable: a problem document that also names the dependency.',
        content: {
          'application/problem+json': {
            schema: schemaRef('HealthUnavailable'),
            example: healthUnavailableExample,
          },
        },
        headers: ['RetryAfter'],
      },
    },
  },
  'GET /projects': {
    operationId: 'listProjects',
    summary: 'List projects',
    description:
      'Newest first, within the caller’s visibility: viewers see accepted projects only; submitters accepted ones plus all of their own organisation’s; reviewers and admins see all. Unknown query parameters are refused (400).',
    tag: 'Projects',
    query: projectListQuerySchema,
    responses: { 200: { description: 'A page of projects.', content: jsonOf('ProjectPage', projectPage) } },
    errors: [403, 503],
  },
  'POST /projects': {
    operationId: 'createProject',
    summary: 'Register a project',
    description:
      'Submitters and admins with an organisation; the project belongs to the caller’s organisation and starts `submitted` for review. Investments are converted to USD at the commitment year’s rate.',
    tag: 'Projects',
    body: {
      name: 'ProjectCreate',
      schema: projectCreateSchema,
      mediaTypes: [json],
      example: projectCreateExample,
    },
    idempotent: true,
    responses: {
      201: {
        description: 'The project as stored.',
        content: jsonOf('Project', projectExample),
        headers: ['Location', 'ETag', 'IdempotentReplayed'],
      },
    },
    errors: [403, 409, 422, 503],
  },
  'POST /projects/import': {
    operationId: 'importProjects',
    summary: 'Create or update projects in bulk',
    description: `Up to ${maxImportRows} rows, as \`text/csv\` with the template’s columns or as a JSON array of \`POST /projects\` bodies. Rows are matched on \`externalRefs\` (each row needs one), so a re-import updates instead of duplicating. A row the rules refuse is reported as \`rejected\` and the others go on.`,
    tag: 'Projects',
    body: {
      name: 'ProjectImport',
      schema: z.array(projectCreateSchema).check(z.maxLength(maxImportRows)),
      mediaTypes: ['text/csv', json],
      example: importJsonExample,
      textExamples: { 'text/csv': importCsvExample },
    },
    responses: {
      200: { description: 'One outcome per row.', content: jsonOf('ImportResult', importResultExample) },
    },
    errors: [403, 422, 503],
  },
  'GET /projects/import/template': {
    operationId: 'getImportTemplate',
    summary: 'The import CSV template',
    description: 'The header row of every column the import reads, and one example row to copy.',
    tag: 'Projects',
    responses: {
      200: {
        description: 'The template, as an attachment.',
        content: { 'text/csv': { schema: { type: 'string' } } },
      },
    },
  },
  'GET /projects/{id}': {
    operationId: 'getProject',
    summary: 'Read a project',
    description: 'A project the caller may not see is answered 404, exactly like one that does not exist.',
    tag: 'Projects',
    responses: {
      200: { description: 'The project.', content: jsonOf('Project', projectExample), headers: ['ETag'] },
    },
    errors: [403, 404, 503],
  },
  'PATCH /projects/{id}': {
    operationId: 'patchProject',
    summary: 'Edit a project (JSON merge patch)',
    description:
      'RFC 7396: `null` removes an optional field; `location` and `capacity` merge member by member; arrays replace whole. The owning organisation’s submitters and admins.',
    tag: 'Projects',
    body: {
      name: 'ProjectPatch',
      schema: projectPatchSchema,
      mediaTypes: ['application/merge-patch+json', json],
      example: projectPatchExample,
    },
    ifMatch: 'required',
    responses: {
      200: { description: 'The project as now stored.', content: jsonOf('Project'), headers: ['ETag'] },
    },
    errors: [403, 404, 409, 422, 503],
  },
  'POST /projects/{id}/status': {
    operationId: 'changeProjectStatus',
    summary: 'Record a lifecycle transition',
    description:
      'Transitions follow the lifecycle table; the effective date is not in the future nor before the previous one.',
    tag: 'Projects',
    body: {
      name: 'StatusChange',
      schema: statusChangeSchema,
      mediaTypes: [json],
      example: statusChangeExample,
    },
    ifMatch: 'required',
    responses: {
      200: { description: 'The project as now stored.', content: jsonOf('Project'), headers: ['ETag'] },
    },
    errors: [403, 404, 422, 503],
  },
  'POST /projects/{id}/review': {
    operationId: 'reviewProject',
    summary: 'Review a project',
    description: 'Reviewers and admins; whoever created a project cannot review it (403).',
    tag: 'Projects',
    body: { name: 'Review', schema: reviewSchema, mediaTypes: [json], example: reviewExample },
    ifMatch: 'required',
    responses: {
      200: { description: 'The project as now stored.', content: jsonOf('Project'), headers: ['ETag'] },
    },
    errors: [403, 404, 422, 503],
  },
  'GET /projects/{id}/history': {
    operationId: 'getProjectHistory',
    summary: 'A project’s audit trail',
    description: 'Immutable entries, oldest first.',
    tag: 'Projects',
    query: pageOnlyQuerySchema,
    responses: {
      200: {
        description: 'A page of audit entries.',
        content: jsonOf('AuditEntryPage', { items: [auditEntryExample], nextCursor: null }),
      },
    },
    errors: [403, 404, 503],
  },
  'GET /projects/{id}/metrics': {
    operationId: 'listMetricReports',
    summary: 'A project’s monthly reports',
    description:
      'The latest revision of each month in `from`–`to` (both `YYYY-MM`, inclusive), oldest first.',
    tag: 'Metrics',
    query: metricsListQuerySchema,
    responses: {
      200: {
        description: 'A page of reports.',
        content: jsonOf('MetricReportPage', { items: [metricReportExample], nextCursor: null }),
      },
    },
    errors: [403, 404, 503],
  },
  'GET /projects/{id}/metrics/{period}': {
    operationId: 'getMetricReport',
    summary: 'A month’s report',
    description: 'The latest revision, or revision `n` with `?revision=n`.',
    tag: 'Metrics',
    query: metricsGetQuerySchema,
    responses: {
      200: {
        description: 'The report.',
        content: jsonOf('MetricReport', metricReportExample),
        headers: ['ETag'],
      },
    },
    errors: [403, 404, 503],
  },
  'PUT /projects/{id}/metrics/{period}': {
    operationId: 'putMetricReport',
    summary: 'Submit or restate a month’s report',
    description:
      'The first report of a month needs no `If-Match` (201); a restatement needs the report’s `ETag` (200, a new revision, verification back to `self_reported`). The same figures again change nothing (200).',
    tag: 'Metrics',
    body: {
      name: 'MetricReportInput',
      schema: metricReportInputSchema,
      mediaTypes: [json],
      example: metricReportInputExample,
    },
    ifMatch: 'optional',
    responses: {
      200: {
        description: 'The restated (or unchanged) report.',
        content: jsonOf('MetricReport'),
        headers: ['ETag'],
      },
      201: {
        description: 'The month’s first report.',
        content: jsonOf('MetricReport', metricReportExample),
        headers: ['Location', 'ETag'],
      },
    },
    errors: [403, 404, 409, 422, 428, 503],
  },
  'POST /projects/{id}/metrics/{period}/verification': {
    operationId: 'verifyMetricReport',
    summary: 'Verify or reject a month’s report',
    description: 'Reviewers and admins, on the latest revision.',
    tag: 'Metrics',
    body: {
      name: 'Verification',
      schema: verificationSchema,
      mediaTypes: [json],
      example: verificationExample,
    },
    ifMatch: 'required',
    responses: {
      200: {
        description: 'The report with its verification.',
        content: jsonOf('MetricReport'),
        headers: ['ETag'],
      },
    },
    errors: [403, 404, 422, 503],
  },
  'POST /projects/{id}/documents': {
    operationId: 'registerDocument',
    summary: 'Register an evidence document and get its upload form',
    description:
      'The owning organisation’s submitters and admins declare a file (`contentType` one of PDF, PNG, JPEG, CSV, XLSX, JSON, ZIP; at most 50 MB; its SHA-256 as hex) and get a presigned POST valid 15 minutes. Upload with `multipart/form-data` to `upload.url`: every entry of `upload.fields` first, then the file as `file` (e.g. `curl -F key=... -F file=@report.pdf`). The form accepts exactly the declared key, media type, size and SHA-256. The file name is kept as metadata only. When the file arrives, its size, SHA-256 and magic bytes are checked and the document becomes `available` or `rejected` (with a `rejection.reason`; the object is deleted); poll `GET /projects/{id}/documents/{docId}`.',
    tag: 'Evidence',
    body: {
      name: 'DocumentRegistration',
      schema: documentRegistrationSchema,
      mediaTypes: [json],
      example: documentRegistrationExample,
    },
    responses: {
      201: {
        description: 'The pending document with its upload form and when the form expires.',
        content: jsonOf('DocumentRegistrationResponse', documentRegistrationResponseExample),
        headers: ['Location'],
      },
    },
    errors: [403, 404, 422, 503],
  },
  'GET /projects/{id}/documents': {
    operationId: 'listDocuments',
    summary: 'A project’s evidence documents',
    description:
      'Oldest first; the owning organisation, reviewers and admins only (404 for anyone else). Available documents carry a `download` link valid 5 minutes.',
    tag: 'Evidence',
    query: pageOnlyQuerySchema,
    responses: {
      200: {
        description: 'A page of documents.',
        content: jsonOf('DocumentPage', {
          items: [documentAvailableExample, documentRejectedExample],
          nextCursor: null,
        }),
      },
    },
    errors: [403, 404, 503],
  },
  'GET /projects/{id}/documents/{docId}': {
    operationId: 'getDocument',
    summary: 'One evidence document',
    description:
      '`pending` until the file arrives and is checked; then `available` (with a `download` link valid 5 minutes) or `rejected` (with the reason).',
    tag: 'Evidence',
    responses: {
      200: {
        description: 'The document.',
        content: jsonOf('Document', documentAvailableExample),
      },
    },
    errors: [403, 404, 503],
  },
  'GET /emission-factors': {
    operationId: 'listEmissionFactors',
    summary: 'Grid emission factors',
    description: 'The current version of every factor, in id order.',
    tag: 'Reference data',
    query: pageOnlyQuerySchema,
    responses: {
      200: {
        description: 'A page of factors.',
        content: jsonOf('EmissionFactorPage', { items: [emissionFactorExample], nextCursor: null }),
      },
    },
    errors: [503],
  },
  'PUT /emission-factors/{id}': {
    operationId: 'putEmissionFactor',
    summary: 'Create or change an emission factor',
    description:
      'Admins. A changed factor becomes its next version (reports keep the version they used); the same content changes nothing.',
    tag: 'Reference data',
    body: {
      name: 'EmissionFactorInput',
      schema: emissionFactorInputSchema,
      mediaTypes: [json],
      example: emissionFactorInputExample,
    },
    responses: {
      200: {
        description: 'The factor, changed or as it was.',
        content: jsonOf('EmissionFactor'),
        headers: ['ETag'],
      },
      201: {
        description: 'The new factor.',
        content: jsonOf('EmissionFactor', emissionFactorExample),
        headers: ['ETag'],
      },
    },
    errors: [403, 412, 422, 503],
  },
  'GET /fx-rates': {
    operationId: 'listFxRates',
    summary: 'Annual average FX rates',
    description: 'The current version of every rate, by currency then year.',
    tag: 'Reference data',
    query: pageOnlyQuerySchema,
    responses: {
      200: {
        description: 'A page of rates.',
        content: jsonOf('FxRatePage', { items: [fxRateExample], nextCursor: null }),
      },
    },
    errors: [503],
  },
  'PUT /fx-rates/{currency}/{year}': {
    operationId: 'putFxRate',
    summary: 'Create or change an FX rate',
    description:
      'Admins. USD per unit of the currency, the year’s average; a changed rate becomes its next version.',
    tag: 'Reference data',
    body: { name: 'FxRateInput', schema: fxRateInputSchema, mediaTypes: [json], example: fxRateInputExample },
    responses: {
      200: { description: 'The rate, changed or as it was.', content: jsonOf('FxRate'), headers: ['ETag'] },
      201: { description: 'The new rate.', content: jsonOf('FxRate', fxRateExample), headers: ['ETag'] },
    },
    errors: [403, 412, 422, 503],
  },
  'GET /indicators': {
    operationId: 'getIndicators',
    summary: 'The latest published indicators',
    description:
      'Items of the latest published run matching the filters. CSV with `format=csv` or `Accept: text/csv`: long format, one row per number, 500 items a page unless `limit` is given, next page in `Link`.',
    tag: 'Indicators',
    query: indicatorsQuerySchema,
    responses: {
      200: {
        description: 'A page of indicator items, as JSON or CSV.',
        content: {
          ...jsonOf('IndicatorsPage', indicatorsExample),
          'text/csv': { schema: { type: 'string' }, example: indicatorsCsvExample },
        },
        headers: ['Link'],
      },
    },
    errors: [503],
  },
  'GET /indicators/runs': {
    operationId: 'listIndicatorRuns',
    summary: 'Indicator runs',
    description: 'Newest first, whatever their state.',
    tag: 'Indicators',
    query: pageOnlyQuerySchema,
    responses: {
      200: {
        description: 'A page of runs.',
        content: jsonOf('IndicatorRunPage', { items: [indicatorRunExample], nextCursor: null }),
      },
    },
    errors: [503],
  },
  'POST /indicators/runs': {
    operationId: 'startIndicatorRun',
    summary: 'Run the indicator job now',
    description: 'Admins. The job runs asynchronously; follow it at `Location`.',
    tag: 'Indicators',
    idempotent: true,
    responses: {
      202: {
        description: 'The run has started.',
        content: jsonOf('RunAccepted', runAcceptedExample),
        headers: ['Location', 'IdempotentReplayed'],
      },
    },
    errors: [403, 503],
  },
  'GET /indicators/runs/{runId}': {
    operationId: 'getIndicatorRun',
    summary: 'One indicator run',
    description:
      'The run, and a page of its items when it is published (none while running or after a failure).',
    tag: 'Indicators',
    query: pageOnlyQuerySchema,
    responses: {
      200: {
        description: 'The run.',
        content: jsonOf('IndicatorRunWithItems', {
          ...indicatorRunExample,
          items: indicatorsExample.items,
          nextCursor: null,
        }),
      },
    },
    errors: [404, 503],
  },
};
