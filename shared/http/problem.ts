/**
 * RFC 9457 problem details. Every error the API returns is one of these; the mapping from the
 * typed error hierarchy to status codes lives here and nowhere else. `title`, `detail` and the field
 * messages are in the caller's language (`Accept-Language`, see `docs/i18n.md`): each kind's title
 * is the catalogue entry `problem.<slug>.title`, and a unit test fails when a kind has none in some
 * language. `type`, `status`, field paths and codes never change with the language.
 */
import {
  ConflictError,
  DependencyUnavailableError,
  type FieldError,
  ForbiddenError,
  FourEyesError,
  MalformedInputError,
  NotFoundError,
  RangeNotSatisfiableError,
  RunInProgressError,
  UnauthenticatedError,
  ValidationError,
  VersionConflictError,
  VersionRequiredError,
} from '../domain/errors.ts';
import { localizeMessage, problemTitleText } from '../i18n/api-messages.ts';
import type { Language } from '../i18n/languages.ts';
import {
  MethodNotAllowedError,
  PayloadTooLargeError,
  RouteNotFoundError,
  UnsupportedMediaTypeError,
} from './errors.ts';
import { type HttpResponse, problemContentType } from './response.ts';

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly errors?: readonly FieldError[];
}

interface ProblemKind {
  readonly status: number;
  readonly slug: string;
  /** The English title; other languages read `problem.<slug>.title` from the catalogue. */
  readonly title: string;
}

/** Relative type URIs: they resolve against the API itself, whose reference documents each one. */
const problemTypeBase = '/problems/';

const kinds: ReadonlyArray<readonly [abstract new (...args: never[]) => Error, ProblemKind]> = [
  [MalformedInputError, { status: 400, slug: 'malformed-request', title: 'Malformed request' }],
  [UnauthenticatedError, { status: 401, slug: 'unauthenticated', title: 'Authentication required' }],
  // Before ForbiddenError, its base class: the first match wins.
  [FourEyesError, { status: 403, slug: 'four-eyes', title: 'Four-eyes rule' }],
  [ForbiddenError, { status: 403, slug: 'forbidden', title: 'Forbidden' }],
  [NotFoundError, { status: 404, slug: 'not-found', title: 'Not found' }],
  [RouteNotFoundError, { status: 404, slug: 'not-found', title: 'Not found' }],
  [MethodNotAllowedError, { status: 405, slug: 'method-not-allowed', title: 'Method not allowed' }],
  [ConflictError, { status: 409, slug: 'conflict', title: 'Conflict' }],
  [VersionConflictError, { status: 412, slug: 'precondition-failed', title: 'Precondition failed' }],
  [PayloadTooLargeError, { status: 413, slug: 'payload-too-large', title: 'Payload too large' }],
  [
    UnsupportedMediaTypeError,
    { status: 415, slug: 'unsupported-media-type', title: 'Unsupported media type' },
  ],
  [RangeNotSatisfiableError, { status: 416, slug: 'range-not-satisfiable', title: 'Range not satisfiable' }],
  [ValidationError, { status: 422, slug: 'validation-failed', title: 'Validation failed' }],
  [VersionRequiredError, { status: 428, slug: 'precondition-required', title: 'Precondition required' }],
  [DependencyUnavailableError, { status: 503, slug: 'service-unavailable', title: 'Service unavailable' }],
];

const internal: ProblemKind = { status: 500, slug: 'internal-error', title: 'Internal error' };

/** Every problem kind the API can answer with (for the test that each has a title in every language). */
export function allProblemKinds(): readonly ProblemKind[] {
  return [...kinds.map(([, kind]) => kind), internal];
}

/** A kind's title in `language` (the English title when the catalogue lacks it, which a test forbids). */
export function problemTitle(kind: ProblemKind, language: Language): string {
  return language === 'en' ? kind.title : (problemTitleText(language, kind.slug) ?? kind.title);
}

/** The problem kind for an error; anything unknown is a 500 whose detail says nothing internal. */
export function problemKindOf(error: unknown): ProblemKind & { readonly known: boolean } {
  const match = kinds.find(([type]) => error instanceof type);
  return match ? { ...match[1], known: true } : { ...internal, known: false };
}

/**
 * The problem response for an error in `language`, with the headers its status calls for. The
 * response says its language and that it varies with `Accept-Language`. `extensions` are extension
 * members (RFC 9457 §3.2) added after the standard ones, which they cannot replace.
 */
export function problemResponse(
  error: unknown,
  instance: string,
  language: Language = 'en',
  extensions: Readonly<Record<string, unknown>> = {},
): HttpResponse {
  const kind = problemKindOf(error);
  const detail = kind.known && error instanceof Error ? error.message : 'An unexpected error occurred';
  const fieldErrors =
    error instanceof ValidationError || error instanceof MalformedInputError ? error.errors : undefined;
  const standard: ProblemDocument = {
    type: `${problemTypeBase}${kind.slug}`,
    title: problemTitle(kind, language),
    status: kind.status,
    detail: localizeMessage(language, detail),
    instance,
    ...(fieldErrors && fieldErrors.length > 0
      ? {
          errors: fieldErrors.map(({ path, message }) => ({
            path,
            message: localizeMessage(language, message),
          })),
        }
      : {}),
  };
  const document = {
    ...standard,
    ...Object.fromEntries(Object.entries(extensions).filter(([name]) => !(name in standard))),
  };
  const headers: Record<string, string> = {
    'content-type': problemContentType,
    'content-language': language,
    vary: 'Accept-Language',
  };
  if (error instanceof DependencyUnavailableError) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error instanceof MethodNotAllowedError) headers.allow = error.allowed.join(', ');
  // The 409 of a run asked for while one is running points at the one that is (docs/operations.md).
  if (error instanceof RunInProgressError) headers.location = `/indicators/runs/${error.runId}`;
  // RFC 9110 §15.5.17: a 416 says how long the file is.
  if (error instanceof RangeNotSatisfiableError) headers['content-range'] = `bytes */${error.sizeBytes}`;
  return { statusCode: kind.status, headers, body: JSON.stringify(document) };
}
