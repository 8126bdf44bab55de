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
import { maxMetricsImportRows, metricsImportRowSchema } from '../../domain/metrics/import.ts';
import { metricReportInputSchema, verificationSchema } from '../../domain/metrics/schema.ts';
import { machineClientInputSchema, organisationInputSchema } from '../../domain/organisations/schema.ts';
import { maxImportRows } from '../../domain/projects/import.ts';
import {
  projectCreateSchema,
  projectPatchSchema,
  reviewSchema,
  statusChangeSchema,
} from '../../domain/projects/schema.ts';
import { emissionFactorInputSchema } from '../../domain/reference/emission-factors.ts';
import { fxRateInputSchema } from '../../domain/reference/fx-rate-input.ts';
import { maxBodyBytesOf, type RouteKey } from '../../routes.ts';
import { maxBodyBytes } from '../handler.ts';
import { indicatorsQuerySchema } from '../indicators.ts';
import { metricsGetQuerySchema, metricsListQuerySchema } from '../metrics.ts';
import { notificationListQuerySchema } from '../notifications.ts';
import { projectListQuerySchema } from '../projects.ts';
import { pageOnlyQuerySchema } from '../query.ts';
import { reviewQueueQuerySchema } from '../review-queue.ts';
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
  metricsImportCsvExample,
  metricsImportJsonExample,
  metricsImportResultExample,
  projectCreateExample,
  projectExample,
  projectPatchExample,
  projectsCsvExample,
  releaseDescriptorExample,
  releaseListExample,
  reviewExample,
  runAcceptedExample,
  statusChangeExample,
  verificationExample,
} from './examples.ts';
import {
  createdMachineClientExample,
  machineClientExample,
  machineClientInputExample,
  organisationExample,
  organisationInputExample,
} from './organisation-examples.ts';
import { notificationExample, reviewQueueExample } from './workflow-examples.ts';

/** Error statuses a route's own code can answer (beyond those the builder derives). */
export type DomainErrorStatus = 403 | 404 | 409 | 412 | 416 | 422 | 428 | 503;

/** The headers of `components.headers` a success response may carry. */
export type ResponseHeader =
  | 'ETag'
  | 'Location'
  | 'IdempotentReplayed'
  | 'Link'
  | 'RetryAfter'
  | 'OmittedProjects'
  | 'ObjectETag'
  | 'ContentLength'
  | 'ContentRange'
  | 'AcceptRanges';

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
  readonly responses: Readonly<Partial<Record<200 | 201 | 202 | 204 | 206 | 302, SuccessSpec>>>;
  readonly errors?: readonly DomainErrorStatus[];
  /** Error responses whose body differs from the shared problem response of their status. */
  readonly errorResponses?: Readonly<Partial<Record<DomainErrorStatus, SuccessSpec>>>;
  /** A public route that serves more to a caller with a valid bearer token (which it then verifies). */
  readonly optionalBearer?: boolean;
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
  {
    name: 'Organisations',
    description:
      'Partner organisations, and their machine clients (OAuth 2.0 client credentials) for system-to-system submission.',
  },
  {
    name: 'Releases',
    description:
      'Each published indicator run as files: the long CSV, its Frictionless Data Package descriptor and a README.',
  },
  { name: 'Review', description: 'What waits for a reviewer’s decision, oldest first.' },
  {
    name: 'Notifications',
    description:
      'In-app notifications: decisions, rejected documents and due reports for organisations; submissions for reviewers.',
  },
  {
    name: 'Reminders',
    description:
      'Reminders of overdue monthly reports (the ReportDue event), sent daily or when an admin asks.',
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

/** The per-route descriptions, keyed by `routeKey(route)`: one for every route of the table, and no other. */
export const operations: Readonly<Record<string, OperationSpec>> = {
  'GET /': {
    operationId: 'getDashboard',
    summary: 'The public dashboard',
    description:
      'Headline indicators and charts, as an HTML page with bundled assets (no CDN). In English or Japanese: `?lang=en|ja`, else the language `Accept-Language` prefers.',
    tag: 'Web',
    responses: { 200: { description: 'The dashboard page.', content: html } },
  },
  'GET /docs': {
    operationId: 'getApiReference',
    summary: 'The API reference',
    description:
      'This document, rendered as a human-readable HTML page (assets bundled, no CDN). In English or Japanese: `?lang=en|ja`, else the language `Accept-Language` prefers.',
    tag: 'Web',
    responses: { 200: { description: 'The API reference page.', content: html } },
  },
  'GET /openapi.json': {
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI document',
    description:
      'An OpenAPI 3.1 document of every route, generated from the zod schemas that validate requests. `?lang=ja` gives its title, description and tag descriptions in Japanese.',
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
      'Newest first, within the caller’s visibility: viewers see accepted projects only; submitters accepted ones plus all of their own organisation’s; reviewers and admins see all. Callers outside a project’s organisation (other than reviewers and admins) get its accepted version (`acceptedVersion`), never a revision awaiting review, and their filters apply to it. Unknown query parameters are refused (400). Each request reads one bounded index page whatever the filters, so when filters match rarely a page can hold fewer items than `limit`, even none, with a `nextCursor` to go on: only a null `nextCursor` ends the listing. With `format=csv` or `Accept: text/csv`: the export, in exactly the columns of the import template, so that importing the file changes nothing; text cells that a spreadsheet would run as a formula start with an apostrophe; 100 projects a page unless `limit` is given, the next page in `Link`.',
    tag: 'Projects',
    query: projectListQuerySchema,
    responses: {
      200: {
        description: 'A page of projects, as JSON or as CSV rows of the import template.',
        content: {
          ...jsonOf('ProjectPage', projectPage),
          'text/csv': { schema: { type: 'string' }, example: projectsCsvExample },
        },
        headers: ['Link', 'OmittedProjects'],
      },
    },
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
    description: `Up to ${maxImportRows} rows, as \`text/csv\` with the template’s columns or as a JSON array of \`POST /projects\` bodies. Rows are matched on \`externalRefs\` (each row needs one), so a re-import updates instead of duplicating; a row identical to the stored project changes nothing. A row whose references already belong to another project the row cannot update is \`rejected\` with one answer that names neither that project nor its organisation, whether or not the caller may see it. A row the rules refuse is reported as \`rejected\` and the others go on. CSV cells written with a leading apostrophe before a formula character (as the exports write them) are read without it.`,
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
    description:
      'A project the caller may not see is answered 404, exactly like one that does not exist. Its organisation, reviewers and admins read the current record, with `acceptedVersion` and `pendingChanges` once a version is accepted; everyone else reads the accepted version only (its `ETag` is that version’s).',
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
      'RFC 7396: `null` removes an optional field; `location`, `capacity` and `expected` merge member by member; arrays replace whole: send `investments` back with the `id` of each investment to keep (one without an `id` is new), and its `disbursements` (each dated from `committedOn` to today, in the investment’s currency, adding up to at most its `amount`; each gets `usdAmount` at its own year’s rate). The owning organisation’s submitters and admins. An edit of an accepted project is a pending revision: `reviewState` goes back to `submitted` and the accepted version stays published until a reviewer accepts the revision. Plausibility limits (422): capacity ≤ 30,000 MW, ≤ 50,000 MWh, ≤ 10,000,000 t/yr; one investment ≤ 100 billion USD.',
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
      'Transitions follow the lifecycle table; the effective date is not in the future nor before the previous one. On an accepted project the transition is a pending revision, like an edit.',
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
    description:
      'Reviewers and admins. `accepted` publishes the submitted revision; `changes_requested` and `rejected` leave the accepted version, if any, published; `withdrawn` takes a published project out of publication (indicators from the next run, reads by viewers and other organisations at once). Four eyes: nobody decides on a revision they authored (created the project or changed it since it was last accepted), admins included: 403 with the problem type `/problems/four-eyes`.',
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
    description:
      'Immutable entries, oldest first. The owning organisation, reviewers and admins read every entry whole (`AuditEntry`). Everyone else who may see the project reads the redacted entries (`RedactedAuditEntry`): action, version, time and the paths of the changed fields, without who acted, review comments, notes or the changed values.',
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
      'The first report of a month needs no `If-Match` (201); a restatement needs the report’s `ETag` (200, a new revision, verification back to `self_reported`). The same figures again change nothing (200). `generationMwh` is at most the project’s current MW capacity × the hours of the month (422 otherwise).',
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
    description:
      'Reviewers and admins, on the latest revision. Four eyes: nobody verifies or rejects a revision they submitted, admins included: 403 with the problem type `/problems/four-eyes`.',
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
  'POST /metrics/import': {
    operationId: 'importMetricReports',
    summary: 'Submit or restate monthly reports in bulk',
    description: `Up to ${maxMetricsImportRows} rows (more: 422), as \`text/csv\` with the template’s columns or as a JSON array; the body may be up to ${maxBodyBytesOf('POST /metrics/import', maxBodyBytes) / 1024 / 1024} MiB (more: 413). Each row is a \`PUT /projects/{id}/metrics/{period}\` body plus \`period\` and the project: \`projectId\` or an external reference \`externalRef {system, id}\` (CSV: \`externalRefSystem\`, \`externalRefId\`). A row equal to the month’s latest revision is \`unchanged\` (nothing written); a different one restates it (revision n + 1, back to \`self_reported\`), on the condition that the revision read is still the latest: a row whose month changed meanwhile is \`rejected\`, never applied. A row for a project the caller may not report for is answered like one for no project. The later of two rows for the same project and month is rejected. A bad row never stops the others. Submitters (their organisation’s projects) and admins.`,
    tag: 'Metrics',
    body: {
      name: 'MetricsImport',
      schema: z.array(metricsImportRowSchema).check(z.maxLength(maxMetricsImportRows)),
      mediaTypes: ['text/csv', json],
      example: metricsImportJsonExample,
      textExamples: { 'text/csv': metricsImportCsvExample },
    },
    idempotent: true,
    responses: {
      200: {
        description: 'One outcome per row, in the rows’ order.',
        content: jsonOf('MetricsImportResult', metricsImportResultExample),
        headers: ['IdempotentReplayed'],
      },
    },
    errors: [403, 422, 503],
  },
  'GET /metrics/import/template': {
    operationId: 'getMetricsImportTemplate',
    summary: 'The monthly reports import CSV template',
    description:
      'The header row of every column the import reads, and two example rows (a project by id with an explicit baseline, one by external reference with a grid-factor baseline). Submitters and admins.',
    tag: 'Metrics',
    responses: {
      200: {
        description: 'The template, as an attachment.',
        content: { 'text/csv': { schema: { type: 'string' } } },
      },
    },
    errors: [403],
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
      'Items of the latest published run matching the filters. CSV with `format=csv` or `Accept: text/csv`: long format, one row per number, 500 items a page unless `limit` is given, next page in `Link`; its last column `conf_status` is `F` (free), `C` or `D` (suppressed: value empty for anonymous callers). Each request reads one bounded index page whatever the filters, so when filters match rarely a page can hold fewer items than `limit`, even none, with a `nextCursor` (CSV: a `Link`) to go on: only its absence ends the listing. Cells under disclosure control (`confStatus`) are null unless the request carries a valid bearer token (optional on this route; an invalid one gets 401).',
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
    optionalBearer: true,
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
    description:
      'Admins. The job runs asynchronously; follow it at `Location`. One run at a time: while a run is running, 409 with that run at `Location`.',
    tag: 'Indicators',
    idempotent: true,
    responses: {
      202: {
        description: 'The run has started.',
        content: jsonOf('RunAccepted', runAcceptedExample),
        headers: ['Location', 'IdempotentReplayed'],
      },
    },
    errors: [403, 409, 503],
  },
  'POST /reminders/runs': {
    operationId: 'startReminderRun',
    summary: 'Run the reminder job now',
    description:
      'Admins. Reminds the organisations of the operating projects without a report for the latest overdue month (a `ReportDue` event each, at most twice per project and month, a week apart; docs/events.md). The job runs asynchronously. One run at a time: while one is under way, 409.',
    tag: 'Reminders',
    responses: {
      202: {
        description: 'The run has started.',
        content: jsonOf(
          {
            type: 'object',
            properties: {
              runId: { type: 'string' },
              state: { const: 'running' },
              startedAt: { type: 'string', format: 'date-time' },
            },
            required: ['runId', 'state', 'startedAt'],
            additionalProperties: false,
          },
          { runId: '01JR2M4P6Q8S0T2V4W6X8Y0Z1B', state: 'running', startedAt: '2026-12-03T01:00:00.000Z' },
        ),
      },
    },
    errors: [403, 409, 503],
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
    optionalBearer: true,
  },
  'GET /releases': {
    operationId: 'listReleases',
    summary: 'Releases',
    description:
      'The releases of published indicator runs, newest first: each run’s files, written before the run became latest (docs/releases.md).',
    tag: 'Releases',
    query: pageOnlyQuerySchema,
    responses: {
      200: { description: 'A page of releases.', content: jsonOf('ReleasePage', releaseListExample) },
    },
    errors: [503],
  },
  'GET /releases/{runId}': {
    operationId: 'getReleaseDescriptor',
    summary: 'A release’s descriptor',
    description:
      'The release’s `datapackage.json` (Frictionless Data Package v2): licence, sources, and each file with its size, SHA-256 hash and, for the CSV, its Table Schema. File paths are relative to `/releases/{runId}/`.',
    tag: 'Releases',
    responses: {
      200: {
        description: 'The descriptor, as stored.',
        content: jsonOf({ type: 'object' }, releaseDescriptorExample),
        headers: ['ObjectETag', 'ContentLength', 'AcceptRanges'],
      },
      302: {
        description: 'Too large for one response: a short-lived link to the file.',
        headers: ['Location'],
      },
    },
    errors: [404, 416, 503],
  },
  'GET /releases/{runId}/{file}': {
    operationId: 'getReleaseFile',
    summary: 'A release file',
    description:
      '`indicators.csv.gz`, `README.md` or `datapackage.json`, byte for byte as the descriptor describes them. One `Range: bytes=…` is honoured (206); a file too large for one response is answered with a short-lived link (302).',
    tag: 'Releases',
    responses: {
      200: {
        description: 'The file, as an attachment.',
        content: {
          'application/gzip': { schema: { type: 'string', contentMediaType: 'application/gzip' } },
          'text/markdown': { schema: { type: 'string' } },
          'application/json': { schema: { type: 'object' } },
        },
        headers: ['ObjectETag', 'ContentLength', 'AcceptRanges'],
      },
      206: {
        description: 'The range asked for.',
        headers: ['ObjectETag', 'ContentLength', 'ContentRange', 'AcceptRanges'],
      },
      302: {
        description: 'Too large for one response: a short-lived link to the file.',
        headers: ['Location'],
      },
    },
    errors: [404, 416, 503],
  },
  'GET /projects/iati.xml': {
    operationId: 'getProjectsIati',
    summary: 'Projects as IATI XML',
    description:
      'The visible, accepted projects (their accepted versions) as an IATI Activity Standard 2.03 file: identifier, reporting organisation, title, description, participating organisations, activity status, recipient country, DAC sector, dates, commitment and disbursement transactions in their original currency, location (docs/iati.md). Any signed-in role; machine clients need `tracker/read`.',
    tag: 'Projects',
    responses: {
      200: {
        description: 'The IATI activities file.',
        content: { 'application/xml': { schema: { type: 'string' } } },
      },
    },
    errors: [403, 503],
  },
  'GET /organisations': {
    operationId: 'listOrganisations',
    summary: 'Partner organisations',
    description: 'Reviewers and admins. Every organisation, in id order.',
    tag: 'Organisations',
    query: pageOnlyQuerySchema,
    responses: {
      200: {
        description: 'A page of organisations.',
        content: jsonOf('OrganisationPage', { items: [organisationExample], nextCursor: null }),
      },
    },
    errors: [403, 503],
  },
  'GET /organisations/{orgId}': {
    operationId: 'getOrganisation',
    summary: 'One organisation',
    description:
      'Its own submitters and viewers (and its machine clients with `tracker/read`), reviewers and admins; 404 for anyone else.',
    tag: 'Organisations',
    responses: {
      200: {
        description: 'The organisation.',
        content: jsonOf('Organisation', organisationExample),
        headers: ['ETag'],
      },
    },
    errors: [403, 404, 503],
  },
  'PUT /organisations/{orgId}': {
    operationId: 'putOrganisation',
    summary: 'Register or change an organisation',
    description:
      'Admins create (without `If-Match`) and change organisations; its own submitters may change `contacts` and `language` only (403 naming the field otherwise). Changes need `If-Match`.',
    tag: 'Organisations',
    body: {
      name: 'OrganisationInput',
      schema: organisationInputSchema,
      mediaTypes: [json],
      example: organisationInputExample,
    },
    ifMatch: 'optional',
    responses: {
      200: {
        description: 'The organisation, changed or as it was.',
        content: jsonOf('Organisation'),
        headers: ['ETag'],
      },
      201: {
        description: 'The new organisation.',
        content: jsonOf('Organisation', organisationExample),
        headers: ['ETag', 'Location'],
      },
    },
    errors: [403, 404, 422, 428, 503],
  },
  'POST /organisations/{orgId}/clients': {
    operationId: 'createMachineClient',
    summary: 'Create a machine client',
    description:
      'Admins. An OAuth 2.0 client (client credentials grant) that acts as a submitter of the organisation, limited to its scopes. The secret is in this response only. At most 49 machine clients exist at once across all organisations (409 past that); 503 when the API gateway could not be told about the client, in which case none was created.',
    tag: 'Organisations',
    body: {
      name: 'MachineClientInput',
      schema: machineClientInputSchema,
      mediaTypes: [json],
      example: machineClientInputExample,
    },
    responses: {
      201: {
        description: 'The client, with its secret and where to get tokens.',
        content: jsonOf('CreatedMachineClient', createdMachineClientExample),
        headers: ['Location'],
      },
    },
    errors: [403, 404, 409, 503],
  },
  'GET /organisations/{orgId}/clients': {
    operationId: 'listMachineClients',
    summary: 'An organisation’s machine clients',
    description: 'Admins. The live clients, without secrets.',
    tag: 'Organisations',
    query: pageOnlyQuerySchema,
    responses: {
      200: {
        description: 'A page of machine clients.',
        content: jsonOf('MachineClientPage', { items: [machineClientExample], nextCursor: null }),
      },
    },
    errors: [403, 404, 503],
  },
  'DELETE /organisations/{orgId}/clients/{clientId}': {
    operationId: 'revokeMachineClient',
    summary: 'Revoke a machine client',
    description:
      'Admins. The client can get no new token, and its tokens are refused from the next request on.',
    tag: 'Organisations',
    responses: { 204: { description: 'Revoked.' } },
    errors: [403, 404, 503],
  },
  'GET /review-queue': {
    operationId: 'getReviewQueue',
    summary: 'What waits for review',
    description:
      'Reviewers and admins. Projects waiting for review (new, or a pending revision of an accepted project) and latest report revisions waiting for verification (restatements too), oldest first, each with its age and the path of what waits. Read from an index that holds only waiting items; a page reads at most `limit + 1` items from each kind whatever the filters, so a rare filter may answer a short page with a `nextCursor`.',
    tag: 'Review',
    query: reviewQueueQuerySchema,
    responses: {
      200: {
        description: 'A page of waiting items, oldest first.',
        content: jsonOf('ReviewQueuePage', reviewQueueExample),
      },
    },
    errors: [403, 503],
  },
  'GET /me/notifications': {
    operationId: 'listMyNotifications',
    summary: 'My notifications',
    description:
      'The caller’s in-app notifications, newest first: reviewers and admins read the reviewers’ (new submissions, revisions, reports to verify, published indicator runs), anyone else its organisation’s (review decisions, verified or rejected reports, rejected evidence documents, overdue reports). `unread=true` lists only those not marked read. Kept 180 days.',
    tag: 'Notifications',
    query: notificationListQuerySchema,
    responses: {
      200: {
        description: 'A page of notifications, newest first.',
        content: jsonOf('NotificationPage', { items: [notificationExample], nextCursor: null }),
      },
    },
    errors: [403, 503],
  },
  'POST /me/notifications/{id}/read': {
    operationId: 'markNotificationRead',
    summary: 'Mark a notification read',
    description:
      'Marks one of the caller’s notifications read (again changes nothing: it keeps its first `readAt`). Another audience’s notification is answered 404, like one that does not exist.',
    tag: 'Notifications',
    responses: {
      200: {
        description: 'The notification, read.',
        content: jsonOf('Notification', {
          ...notificationExample,
          read: true,
          readAt: '2026-12-03T09:12:00.000Z',
        }),
      },
    },
    errors: [403, 404, 503],
  },
} satisfies Record<RouteKey, OperationSpec>;
