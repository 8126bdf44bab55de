/** Raw HTTP against the suite's local runtime, with a bounded wait, and the checks every error must pass. */
import { expect, inject } from 'vitest';

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  readonly json: any;
  readonly text: string;
  readonly ms: number;
}

/** Sends one request; fails (rather than hangs) after `timeoutMs`. */
export async function send(
  request: RawRequest,
  baseUrl = inject('baseUrl'),
  timeoutMs = 30_000,
): Promise<RawResponse> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers ?? {},
    ...(request.body !== undefined ? { body: request.body } : {}),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text, ms: performance.now() - started };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** An RFC 9457 problem document whose status matches the response's. */
export function expectProblem(response: RawResponse, context: unknown = undefined): void {
  const where = { context, status: response.status, body: response.text.slice(0, 600) };
  expect(response.headers.get('content-type'), JSON.stringify(where)).toMatch(/^application\/problem\+json/);
  expect(response.json, JSON.stringify(where)).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: response.status,
    detail: expect.any(String),
    instance: expect.any(String),
  });
  expect(response.text, JSON.stringify(where)).not.toMatch(/\bat .+\.(ts|js):\d+|jucip-local-|Exception/);
}

/** The field paths a problem names (`errors[].path`). */
export function problemPaths(response: RawResponse): string[] {
  const errors = (response.json?.errors ?? []) as Array<{ path?: unknown }>;
  return errors.map((e) => String(e.path));
}
