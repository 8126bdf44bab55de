/**
 * The parts of the OpenAPI document that no zod schema describes: response shapes built by the
 * handlers from domain types (pages, indicator runs, health), problem details, the gateway's own
 * error bodies, and the shared headers and parameters. Enumerations come from the domain's constants,
 * and a unit test checks the examples against these shapes, so they stay honest.
 */

import { ulidPattern } from '../../domain/ids.ts';
import { runStates, runTriggers } from '../../domain/indicator-runs/run.ts';
import {
  indicatorGranularities,
  indicatorNames,
  indicatorSlices,
  indicatorsSinceCalc2026_2,
} from '../../domain/indicators/compute.ts';
import { metricsImportOutcomes } from '../../domain/metrics/import.ts';
import { defaultPageLimit, maxPageLimit } from '../../domain/pagination.ts';
import { periodPattern } from '../indicators.ts';

export type JsonSchema = Record<string, unknown>;

/** A `$ref` to a schema component. */
export function schemaRef(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

const dateTime: JsonSchema = { type: 'string', format: 'date-time' };

/** `{items, nextCursor}` of a listing (of items of one of several shapes, when more are named). */
function pageOf(...itemSchemas: readonly [string, ...string[]]): JsonSchema {
  const items = itemSchemas.length === 1 ? schemaRef(itemSchemas[0]) : { oneOf: itemSchemas.map(schemaRef) };
  return {
    type: 'object',
    description: `A page of ${itemSchemas.join(' or ')} items; \`nextCursor\` is null on the last page. A page may hold fewer than \`limit\` items (even none) and still have a \`nextCursor\` when filters match rarely: reads are bounded per request.`,
    properties: {
      items: { type: 'array', items },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` to read the next page.' },
    },
    required: ['items', 'nextCursor'],
    additionalProperties: false,
  };
}

const numberOrNull: JsonSchema = { type: ['number', 'null'] };

const indicatorValue: JsonSchema = {
  description:
    'A number, null (not defined for the group), or for object-valued indicators an object of them.',
  oneOf: [numberOrNull, { type: 'object', additionalProperties: numberOrNull }],
};

const indicatorRunProperties: Record<string, JsonSchema> = {
  runId: { type: 'string', pattern: ulidPattern.source },
  state: { type: 'string', enum: [...runStates] },
  trigger: { type: 'string', enum: [...runTriggers] },
  startedAt: dateTime,
  finishedAt: dateTime,
  inputsHash: { type: 'string', description: 'SHA-256 of exactly the inputs read, in a canonical order.' },
  calcVersion: {
    type: 'string',
    description: 'The indicator and accounting rules the values were computed with.',
  },
  gwpSets: { type: 'array', items: { type: 'string' } },
  factorVersions: {
    type: 'object',
    description: 'For each emission factor the reports used, the versions they used.',
    additionalProperties: { type: 'array', items: { type: 'integer' } },
  },
  counts: {
    type: 'object',
    properties: {
      projects: { type: 'integer', description: 'Accepted projects read.' },
      reports: { type: 'integer', description: 'Latest report revisions read.' },
      items: { type: 'integer', description: 'Indicator items published.' },
    },
    required: ['projects', 'reports', 'items'],
    additionalProperties: false,
  },
  failure: { type: 'string', description: 'Why a run failed (no internal detail).' },
  retention: {
    type: 'object',
    description:
      'How long the run’s items are kept: for good when it is the latest run or the first run of its month, else until `itemsExpireAt` (docs/indicator-job.md).',
    properties: {
      kept: { type: 'array', items: { type: 'string', enum: ['latest', 'first_run_of_month'] } },
      itemsExpireAt: { type: ['string', 'null'], format: 'date-time' },
    },
    required: ['kept', 'itemsExpireAt'],
    additionalProperties: false,
  },
};

const fieldError: JsonSchema = {
  type: 'object',
  properties: {
    path: { type: 'string', description: 'Dotted path of the field, e.g. `participants.1.country`.' },
    message: { type: 'string' },
  },
  required: ['path', 'message'],
  additionalProperties: false,
};

const problemProperties: Record<string, JsonSchema> = {
  type: {
    type: 'string',
    description: 'A URI reference relative to the API, e.g. `/problems/validation-failed`.',
  },
  title: { type: 'string' },
  status: { type: 'integer', minimum: 400, maximum: 599 },
  detail: { type: 'string' },
  instance: { type: 'string', description: 'The path of the request.' },
};

/** The schema components written by hand (the zod-derived ones are added beside them). */
export const handWrittenSchemas: Readonly<Record<string, JsonSchema>> = {
  FieldError: fieldError,
  Problem: {
    type: 'object',
    description:
      'RFC 9457 problem details. Validation failures (422) and malformed input (400) add `errors`, naming every bad field.',
    properties: {
      ...problemProperties,
      errors: { type: 'array', items: schemaRef('FieldError') },
    },
    required: ['type', 'title', 'status', 'detail', 'instance'],
  },
  GatewayError: {
    type: 'object',
    description:
      'What API Gateway itself answers when it refuses a request before any function runs (a missing or invalid token, throttling).',
    properties: { message: { type: 'string' } },
    required: ['message'],
  },
  Health: {
    type: 'object',
    properties: {
      status: { const: 'ok' },
      version: { type: 'string' },
      dependencies: {
        type: 'object',
        properties: { db: { const: 'ok' } },
        required: ['db'],
        additionalProperties: false,
      },
    },
    required: ['status', 'version', 'dependencies'],
    additionalProperties: false,
  },
  HealthUnavailable: {
    type: 'object',
    description: 'A problem document that also says which dependency is down.',
    properties: {
      ...problemProperties,
      version: { type: 'string' },
      dependencies: {
        type: 'object',
        properties: { db: { const: 'unavailable' } },
        required: ['db'],
        additionalProperties: false,
      },
    },
    required: ['type', 'title', 'status', 'detail', 'instance', 'version', 'dependencies'],
    additionalProperties: false,
  },
  IndicatorItem: {
    type: 'object',
    description: 'The indicators of one (granularity, period, slice, key) group.',
    properties: {
      granularity: { type: 'string', enum: [...indicatorGranularities] },
      period: { type: 'string', pattern: periodPattern.source },
      slice: { type: 'string', enum: [...indicatorSlices] },
      key: {
        type: 'string',
        description: '`all` for the `all` slice; a country code, technology or program otherwise.',
      },
      indicators: {
        type: 'object',
        description:
          'Every indicator of docs/indicators.md. Items of runs computed before `indicators-2026.2` lack the disbursement and expected-outcome indicators (runs are immutable).',
        properties: Object.fromEntries(indicatorNames.map((name) => [name, indicatorValue])),
        required: indicatorNames.filter((name) => !indicatorsSinceCalc2026_2.includes(name)),
        additionalProperties: false,
      },
      confStatus: {
        type: 'object',
        description:
          'Statistical disclosure control (see docs/disclosure-control.md): every suppressed cell of the item, by indicator name or `indicator.component`, with its SDMX confidentiality code: `C` (confidential: fewer than 3 contributing projects, or one contributing more than 85%) or `D` (suppressed so that no `C` cell can be recomputed from published ones). Free cells are not listed. Anonymous callers get suppressed cells as null; callers with a valid bearer token (any role) get the values, and must not republish them. Items of runs computed before disclosure control list every cell but `projects_by_status` as `C`.',
        additionalProperties: { type: 'string', enum: ['C', 'D'] },
      },
    },
    required: ['granularity', 'period', 'slice', 'key', 'indicators', 'confStatus'],
    additionalProperties: false,
  },
  IndicatorsPage: {
    type: 'object',
    description: 'The latest published run’s items; all null and empty before any run has published.',
    properties: {
      runId: { type: ['string', 'null'] },
      computedAt: { type: ['string', 'null'], format: 'date-time' },
      items: { type: 'array', items: schemaRef('IndicatorItem') },
      nextCursor: { type: ['string', 'null'] },
    },
    required: ['runId', 'computedAt', 'items', 'nextCursor'],
    additionalProperties: false,
  },
  IndicatorRun: {
    type: 'object',
    properties: indicatorRunProperties,
    required: ['runId', 'state', 'trigger', 'startedAt'],
    additionalProperties: false,
  },
  IndicatorRunWithItems: {
    type: 'object',
    description: 'A run and a page of its items (items only for a published run).',
    properties: {
      ...indicatorRunProperties,
      items: { type: 'array', items: schemaRef('IndicatorItem') },
      nextCursor: { type: ['string', 'null'] },
    },
    required: ['runId', 'state', 'trigger', 'startedAt', 'items', 'nextCursor'],
    additionalProperties: false,
  },
  Release: {
    type: 'object',
    description: 'A published run’s release (docs/releases.md).',
    properties: {
      runId: indicatorRunProperties.runId,
      createdAt: dateTime,
      links: {
        type: 'object',
        properties: {
          descriptor: { type: 'string', description: 'The descriptor, `/releases/{runId}`.' },
          files: {
            type: 'object',
            description: 'Each file’s path, by file name.',
            additionalProperties: { type: 'string' },
          },
        },
        required: ['descriptor', 'files'],
        additionalProperties: false,
      },
    },
    required: ['runId', 'createdAt', 'links'],
    additionalProperties: false,
  },
  RunAccepted: {
    type: 'object',
    properties: {
      runId: indicatorRunProperties.runId,
      state: { const: 'running' },
      startedAt: dateTime,
      href: { type: 'string', description: 'Where to follow the run.' },
    },
    required: ['runId', 'state', 'startedAt', 'href'],
    additionalProperties: false,
  },
  ImportResult: {
    type: 'object',
    properties: {
      results: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            row: { type: 'integer', minimum: 1, description: '1-based position among the data rows.' },
            outcome: { type: 'string', enum: ['created', 'updated', 'rejected'] },
            id: { type: 'string' },
            errors: { type: 'array', items: schemaRef('FieldError') },
          },
          required: ['row', 'outcome'],
          additionalProperties: false,
        },
      },
      counts: {
        type: 'object',
        properties: {
          created: { type: 'integer' },
          updated: { type: 'integer' },
          rejected: { type: 'integer' },
        },
        required: ['created', 'updated', 'rejected'],
        additionalProperties: false,
      },
    },
    required: ['results', 'counts'],
    additionalProperties: false,
  },
  MetricsImportResult: {
    type: 'object',
    properties: {
      results: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            row: {
              type: 'integer',
              minimum: 1,
              description: '1-based position among the data rows (a CSV header row is not counted).',
            },
            outcome: { type: 'string', enum: [...metricsImportOutcomes] },
            projectId: {
              type: 'string',
              description: 'Once the row names a project the caller may report for.',
            },
            period: { type: 'string', description: 'The month, once the row gives a valid one.' },
            revision: {
              type: 'integer',
              minimum: 1,
              description: 'The month’s latest revision after the row (new when created or restated).',
            },
            errors: { type: 'array', items: schemaRef('FieldError') },
          },
          required: ['row', 'outcome'],
          additionalProperties: false,
        },
      },
      counts: {
        type: 'object',
        properties: Object.fromEntries(
          metricsImportOutcomes.map((outcome) => [outcome, { type: 'integer' }]),
        ),
        required: [...metricsImportOutcomes],
        additionalProperties: false,
      },
    },
    required: ['results', 'counts'],
    additionalProperties: false,
  },
  ProjectPage: pageOf('Project'),
  AuditEntryPage: pageOf('AuditEntry', 'RedactedAuditEntry'),
  DocumentPage: pageOf('Document'),
  MetricReportPage: pageOf('MetricReport'),
  EmissionFactorPage: pageOf('EmissionFactor'),
  FxRatePage: pageOf('FxRate'),
  IndicatorRunPage: pageOf('IndicatorRun'),
  OrganisationPage: pageOf('Organisation'),
  MachineClientPage: pageOf('MachineClient'),
  ReleasePage: pageOf('Release'),
  ReviewQueuePage: pageOf('ReviewQueueEntry'),
  NotificationPage: pageOf('Notification'),
};

/** Response headers the operations refer to. */
export const headers: Readonly<Record<string, Record<string, unknown>>> = {
  ETag: {
    description: 'The strong entity tag of the version, e.g. `"3"`; send it back in `If-Match` to change it.',
    schema: { type: 'string', pattern: '^"\\d+"$' },
  },
  Location: { description: 'Where the created resource lives.', schema: { type: 'string' } },
  IdempotentReplayed: {
    description: '`true` when this is the replay of an earlier response to the same `Idempotency-Key`.',
    schema: { const: 'true' },
  },
  RetryAfter: {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'string', pattern: '^\\d+$' },
  },
  Allow: { description: 'The methods the path accepts.', schema: { type: 'string' } },
  Link: {
    description:
      'The next page of the CSV, as `</indicators?…&cursor=…>; rel="next"` (the same query with the cursor); absent on the last page.',
    schema: { type: 'string' },
  },
  OmittedProjects: {
    description:
      'The ids of the projects of this page left out of the CSV because the import template has no room for all their participants, investments or external references (read them as JSON); absent when none was.',
    schema: { type: 'string' },
  },
  RequestId: {
    description:
      'The request id (the caller’s `X-Request-Id` when valid, otherwise generated); also in every log line.',
    schema: { type: 'string' },
  },
  WwwAuthenticate: { description: 'Why the token was refused.', schema: { type: 'string' } },
  ObjectETag: {
    description:
      'The stored file’s entity tag (as the object store gives it); it changes only if the file does.',
    schema: { type: 'string' },
  },
  ContentLength: {
    description: 'The bytes of this response’s body.',
    schema: { type: 'string', pattern: '^\\d+$' },
  },
  ContentRange: {
    description: 'The bytes served and the file’s size, e.g. `bytes 0-99/5120`.',
    schema: { type: 'string' },
  },
  AcceptRanges: { description: 'One byte range may be asked for with `Range`.', schema: { const: 'bytes' } },
};

/** Request parameters several operations share. */
export const parameters: Readonly<Record<string, Record<string, unknown>>> = {
  IfMatchRequired: {
    name: 'If-Match',
    in: 'header',
    required: true,
    description:
      'The `ETag` of the version you read. Missing: 428. Not the current version (or not a strong tag of ours): 412.',
    schema: { type: 'string' },
    example: '"1"',
  },
  IfMatchOptional: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description:
      'Omit to create the first report of the month; to restate, the `ETag` of the report you read.',
    schema: { type: 'string' },
    example: '"1"',
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Any 1–255 visible ASCII characters. For 24 hours the same key with the same body replays the first response (with `Idempotent-Replayed: true`) and writes nothing; with another body it is 422; while the first request is still running, 409.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
    example: '7d0b2c4e-hokkaido-west-1',
  },
};

/** How `limit` reads in every listing (the query schema gives it as the string a query carries). */
export const limitDescription = `Page size, 1–${maxPageLimit} (default ${defaultPageLimit}).`;
