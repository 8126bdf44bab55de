/**
 * The public web pages: the dashboard (`/`), the API reference (`/docs`), the OpenAPI document and
 * the built assets, all from the folder `build.ts` writes. In Lambda that folder is `web/` beside
 * the bundle (CDK builds it after bundling); the local runtime points `WEB_ASSETS_DIR` at its own
 * build.
 */
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpHandler } from '../../shared/http/handler.ts';
import { isLanguage, type Language } from '../../shared/i18n/languages.ts';
import { preferredLanguage } from '../../shared/i18n/negotiate.ts';
import { WebSite } from './site.ts';

/** The site folder, as a directory URL (with its trailing slash). */
function siteDirectory(): URL {
  const configured = process.env.WEB_ASSETS_DIR;
  if (!configured) return new URL('./web/', import.meta.url);
  return pathToFileURL(configured.endsWith('/') ? configured : `${configured}/`);
}

const site = new WebSite(siteDirectory());

/** The page's language: `?lang=en|ja` (links and the language switch), else `Accept-Language`. */
function pageLanguage(event: APIGatewayProxyEventV2): Language {
  const asked = event.queryStringParameters?.lang;
  return isLanguage(asked) ? asked : preferredLanguage(event.headers?.['accept-language']);
}

/** The OpenAPI document's language: only `?lang` picks it, so that tools always get English. */
function documentLanguage(event: APIGatewayProxyEventV2): Language {
  const asked = event.queryStringParameters?.lang;
  return isLanguage(asked) ? asked : 'en';
}

export const handler = httpHandler({
  'GET /': ({ event }) => site.page('dashboard', pageLanguage(event), event.headers?.['if-none-match']),
  'GET /docs': ({ event }) => site.page('docs', pageLanguage(event), event.headers?.['if-none-match']),
  'GET /openapi.json': ({ event }) =>
    site.openApiDocument(documentLanguage(event), event.headers?.['if-none-match']),
  'GET /assets/{file}': ({ event }) =>
    site.asset(event.pathParameters?.file ?? '', event.headers?.['if-none-match']),
});
