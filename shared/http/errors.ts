/** Errors that only make sense at the HTTP edge (the domain never raises these). */

export abstract class HttpEdgeError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The body is larger than the API accepts (HTTP 413). */
export class PayloadTooLargeError extends HttpEdgeError {
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes`);
  }
}

/** The body's content type is not one the route reads (HTTP 415). */
export class UnsupportedMediaTypeError extends HttpEdgeError {
  constructor(readonly accepted: readonly string[]) {
    super(`Send the body as ${accepted.join(' or ')}`);
  }
}

/** The path exists but not with this method (HTTP 405). */
export class MethodNotAllowedError extends HttpEdgeError {
  constructor(readonly allowed: readonly string[]) {
    super(`This path accepts ${allowed.join(', ')}`);
  }
}

/** No route has this path (HTTP 404). */
export class RouteNotFoundError extends HttpEdgeError {
  constructor() {
    super('No resource lives at this path');
  }
}
