/**
 * The typed errors the domain raises. They carry domain meaning only; the HTTP layer maps each
 * class to a status code once, in the error middleware.
 */

/** One invalid field: `path` is a JSON-pointer-like dotted path, e.g. `participants.1.country`. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Well-formed input that breaks a schema or business rule (HTTP 422). */
export class ValidationError extends DomainError {
  constructor(
    readonly errors: readonly FieldError[],
    message = 'The request is not valid',
  ) {
    super(message);
  }
}

/** Input that cannot be read at all: malformed JSON, a bad query value, a tampered cursor (HTTP 400). */
export class MalformedInputError extends DomainError {
  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

/** The resource does not exist, or the caller may not know that it does (HTTP 404). */
export class NotFoundError extends DomainError {}

/** The caller is known but may not do this (HTTP 403). */
export class ForbiddenError extends DomainError {}

/**
 * The four-eyes rule: nobody reviews a project revision they authored or verifies a metric report
 * revision they submitted, whatever their roles (HTTP 403, a problem type of its own).
 */
export class FourEyesError extends ForbiddenError {}

/** The caller presented no usable identity (HTTP 401). */
export class UnauthenticatedError extends DomainError {}

/** The write was based on a version that is no longer current (HTTP 412). */
export class VersionConflictError extends DomainError {}

/** A write that must name the version it changes did not (HTTP 428). */
export class VersionRequiredError extends DomainError {}

/** The resource already exists, or an identical request is still in progress (HTTP 409). */
export class ConflictError extends DomainError {}

/** An indicator run was asked for while another is still running (HTTP 409 pointing at that run). */
export class RunInProgressError extends ConflictError {
  constructor(readonly runId: string) {
    super(`Run ${runId} is still running; one run at a time. Follow it, then ask again.`);
  }
}

/** A dependency (the database) cannot be reached or refused the call for now (HTTP 503). */
export class DependencyUnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A byte range that starts past the end of the file asked for (HTTP 416, with the file's size). */
export class RangeNotSatisfiableError extends DomainError {
  constructor(readonly sizeBytes: number) {
    super(`The range starts past the end of the file (${sizeBytes} bytes)`);
  }
}
