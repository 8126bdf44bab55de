/** The OpenAPI document of the API (placeholder until the OpenAPI issue lands its generator). */
export function buildOpenApiDocument(): Record<string, unknown> {
  return { openapi: '3.1.0', info: { title: 'JUCIP tracker API', version: '0.1.0' }, paths: {} };
}
