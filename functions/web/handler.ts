/**
 * The public web pages: the dashboard (`/`), the API reference (`/docs`), the OpenAPI document and
 * the built assets, all from the folder `build.ts` writes. In Lambda that folder is `web/` beside
 * the bundle (CDK builds it after bundling); the local runtime points `WEB_ASSETS_DIR` at its own
 * build.
 */
import { pathToFileURL } from 'node:url';
import { httpHandler } from '../../shared/http/handler.ts';
import { WebSite } from './site.ts';

/** The site folder, as a directory URL (with its trailing slash). */
function siteDirectory(): URL {
  const configured = process.env.WEB_ASSETS_DIR;
  if (!configured) return new URL('./web/', import.meta.url);
  return pathToFileURL(configured.endsWith('/') ? configured : `${configured}/`);
}

const site = new WebSite(siteDirectory());

export const handler = httpHandler({
  'GET /': ({ event }) => site.page('dashboard', event.headers?.['if-none-match']),
  'GET /docs': ({ event }) => site.page('docs', event.headers?.['if-none-match']),
  'GET /openapi.json': ({ event }) => site.openApiDocument(event.headers?.['if-none-match']),
  'GET /assets/{file}': ({ event }) =>
    site.asset(event.pathParameters?.file ?? '', event.headers?.['if-none-match']),
});
