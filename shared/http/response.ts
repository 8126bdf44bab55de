/** Building API Gateway (payload 2.0) responses. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { headers?: Record<string, string> };

export const jsonContentType = 'application/json; charset=utf-8';
export const problemContentType = 'application/problem+json; charset=utf-8';

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { 'content-type': jsonContentType, ...headers }, body: JSON.stringify(body) };
}

/** A response with no body (e.g. 204). */
export function empty(statusCode: number, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers };
}
