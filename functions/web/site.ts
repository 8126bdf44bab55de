/**
 * The built site (see `build.ts`) as HTTP responses: read from disk on first use and kept in
 * memory, each with a strong ETag. Only names in the manifest are ever read, so a request can never
 * reach another file.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { NotFoundError } from '../../shared/domain/errors.ts';
import type { HttpResponse } from '../../shared/http/response.ts';
import type { Language } from '../../shared/i18n/catalogue.ts';
import type { WebManifest } from './build.ts';

/** The pages' Content-Security-Policy: this origin only, no inline code, no framing. */
export const pageContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The pages use none of these; listing a few features keeps the header short and valid in browsers. */
const pagePermissionsPolicy = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/** Hashed asset names change with their content, so browsers and CDNs may keep them for a year. */
const immutableCache = 'public, max-age=31536000, immutable';
/** Pages name the current assets: revalidate every time (cheap, with the ETag). */
const pageCache = 'no-cache';
/** The OpenAPI document changes only with a deployment. */
const documentCache = 'public, max-age=300';

interface StoredFile {
  readonly body: string;
  readonly etag: string;
}

/** The site at `directory` (a `file:` URL or path ending in `/`). */
export class WebSite {
  private manifest: Promise<WebManifest> | undefined;
  private readonly files = new Map<string, Promise<StoredFile>>();

  constructor(private readonly directory: URL) {}

  private readManifest(): Promise<WebManifest> {
    if (!this.manifest) {
      this.manifest = readFile(new URL('manifest.json', this.directory), 'utf8').then(
        (text) => JSON.parse(text) as WebManifest,
      );
      // A failed read is not kept: the next request tries again.
      this.manifest.catch(() => {
        this.manifest = undefined;
      });
    }
    return this.manifest;
  }

  private file(relativePath: string): Promise<StoredFile> {
    let stored = this.files.get(relativePath);
    if (!stored) {
      stored = readFile(new URL(relativePath, this.directory), 'utf8').then((body) => ({
        body,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      }));
      // A failed read is not kept: the next request tries again.
      stored.catch(() => this.files.delete(relativePath));
      this.files.set(relativePath, stored);
    }
    return stored;
  }

  /** `GET /` and `GET /docs`, in `language` (the caller picks it from `?lang` or `Accept-Language`). */
  async page(
    name: keyof WebManifest['pages'],
    language: Language,
    ifNoneMatch: string | undefined,
  ): Promise<HttpResponse> {
    const manifest = await this.readManifest();
    return respond(await this.file(`pages/${manifest.pages[name][language]}`), ifNoneMatch, {
      'content-type': 'text/html; charset=utf-8',
      'content-language': language,
      // The page depends on the header when no `?lang` chose it; caches must not mix the languages.
      vary: 'Accept-Language',
      'cache-control': pageCache,
      'content-security-policy': pageContentSecurityPolicy,
      'permissions-policy': pagePermissionsPolicy,
      // The XSS auditor is gone from browsers; `0` is the current advice (the middleware's default asks for it).
      'x-xss-protection': '0',
    });
  }

  /**
   * `GET /assets/{file}`.
   * @throws NotFoundError for any name the manifest does not list
   */
  async asset(name: string, ifNoneMatch: string | undefined): Promise<HttpResponse> {
    const manifest = await this.readManifest();
    const contentType = Object.hasOwn(manifest.assets, name) ? manifest.assets[name] : undefined;
    if (!contentType) throw new NotFoundError('No such asset');
    return respond(await this.file(`assets/${name}`), ifNoneMatch, {
      'content-type': contentType,
      'cache-control': immutableCache,
    });
  }

  /** `GET /openapi.json`; `?lang=ja` gives its info and tag descriptions in Japanese. */
  async openApiDocument(language: Language, ifNoneMatch: string | undefined): Promise<HttpResponse> {
    const manifest = await this.readManifest();
    return respond(await this.file(manifest.openApi[language]), ifNoneMatch, {
      'content-type': 'application/json; charset=utf-8',
      'content-language': language,
      'cache-control': documentCache,
    });
  }
}

/** Whether an `If-None-Match` header names this ETag (or `*`). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

function respond(
  file: StoredFile,
  ifNoneMatch: string | undefined,
  headers: Record<string, string>,
): HttpResponse {
  const withTag = { ...headers, etag: file.etag };
  if (matches(ifNoneMatch, file.etag)) return { statusCode: 304, headers: withTag };
  return { statusCode: 200, headers: withTag, body: file.body };
}
