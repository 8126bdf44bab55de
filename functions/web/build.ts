/**
 * Builds the web pages and their assets into one folder the `web` function serves:
 *
 *   <out>/manifest.json               what may be served, with each file's media type
 *   <out>/pages/dashboard.<lang>.html `GET /` in each language
 *   <out>/pages/docs.<lang>.html      `GET /docs` in each language
 *   <out>/openapi.json                `GET /openapi.json` (`openapi.ja.json` for `?lang=ja`)
 *   <out>/assets/<name>-<hash>.* `GET /assets/{file}` (content-hashed, so cached for a year)
 *
 * The dashboard and the docs init script are bundled and minified by esbuild; swagger-ui's bundle
 * and stylesheet are copied from `swagger-ui-dist` under hashed names. No page loads anything from
 * another host. Page templates take their texts from the message catalogues (`{{t:key}}`), one page
 * per language. Run with `tsx functions/web/build.ts --out <dir>` (CDK does, after bundling the
 * function) or call {@link buildWebAssets} (the local runtime does, at start-up).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { buildOpenApiDocument, type OpenApiDocument } from '../../shared/http/openapi.ts';
import { type Language, languages, translate } from '../../shared/i18n/catalogue.ts';

const sourceDir = dirname(fileURLToPath(import.meta.url));

/** The built site's table of contents; the handler serves nothing that is not listed here. */
export interface WebManifest {
  /** Page name → language → file under `pages/`. */
  readonly pages: {
    readonly dashboard: Readonly<Record<Language, string>>;
    readonly docs: Readonly<Record<Language, string>>;
  };
  /** Language → the OpenAPI document's file (the document's own texts are English but for its info and tags). */
  readonly openApi: Readonly<Record<Language, string>>;
  /** Asset file name (under `assets/`) → media type. Every name carries a content hash. */
  readonly assets: Readonly<Record<string, string>>;
}

/** Media types by extension, for everything the build writes. */
export const mediaTypes: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

function mediaTypeOf(name: string): string {
  const type = mediaTypes[extname(name)];
  if (!type) throw new Error(`No media type for ${name}`);
  return type;
}

/** `name-HASH.ext`: the content hash makes the name change whenever the file does. */
function hashedName(name: string, content: Buffer): string {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 10).toUpperCase();
  const ext = extname(name);
  return `${basename(name, ext)}-${hash}${ext}`;
}

const htmlEscapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);
}

/**
 * Replaces every `{{name}}` in a page template, and every `{{t:key}}` with the catalogue's message
 * in `language` (HTML-escaped); an unknown placeholder or key is a build error.
 */
function fillTemplate(
  template: string,
  language: Language,
  values: Readonly<Record<string, string>>,
): string {
  return template.replace(/\{\{(t:)?([\w.]+)\}\}/g, (_, message: string | undefined, name: string) => {
    if (message) return escapeHtml(translate(language, name as Parameters<typeof translate>[1]));
    const value = values[name];
    if (value === undefined) throw new Error(`No value for {{${name}}} in a page template`);
    return value;
  });
}

/** The catalogue keys of the paragraphs of the document's description, in order. */
export const openApiInfoKeys = [
  'openapi.info.description',
  'openapi.info.errors',
  'openapi.info.writes',
  'openapi.info.routing',
] as const;

/**
 * The OpenAPI document with its title, description and tag descriptions in `language`; operations
 * and schemas stay English (`docs/i18n.md`). A unit test keeps the English catalogue entries equal
 * to the generated document's texts.
 */
export function localizedOpenApi(document: OpenApiDocument, language: Language): OpenApiDocument {
  if (language === 'en') return document;
  return {
    ...document,
    info: {
      ...document.info,
      title: translate(language, 'openapi.info.title'),
      description: openApiInfoKeys.map((key) => translate(language, key)).join('\n\n'),
    },
    tags: document.tags.map((tag) => {
      const key = `openapi.tag.${tag.name}`;
      return { ...tag, description: translate(language, key as Parameters<typeof translate>[1]) };
    }),
  };
}

/** Everything a build writes at the top of its folder. */
const buildOutputs = new Set([
  'assets',
  'pages',
  'manifest.json',
  ...languages.map((language) => (language === 'en' ? 'openapi.json' : `openapi.${language}.json`)),
]);

/**
 * Builds the site into `outDir` (emptied first) and returns its manifest.
 * @throws Error when esbuild fails or a template names an unknown asset
 */
export async function buildWebAssets(outDir: string): Promise<WebManifest> {
  const out = resolve(outDir);
  // Emptying is for an earlier (even half-written) build only: never a folder holding anything else.
  const existing = await readdir(out).catch(() => []);
  const foreign = existing.filter((name) => !buildOutputs.has(name));
  if (foreign.length > 0)
    throw new Error(`${out} holds ${foreign.join(', ')}, which no build wrote; refusing to empty it`);
  await rm(out, { recursive: true, force: true });
  const assetsDir = join(out, 'assets');
  await mkdir(assetsDir, { recursive: true });
  await mkdir(join(out, 'pages'), { recursive: true });

  const result = await build({
    absWorkingDir: sourceDir,
    entryPoints: {
      dashboard: join(sourceDir, 'dashboard', 'main.ts'),
      'dashboard-style': join(sourceDir, 'dashboard', 'styles.css'),
      'docs-init': join(sourceDir, 'docs', 'init.ts'),
      'docs-style': join(sourceDir, 'docs', 'styles.css'),
    },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome120', 'firefox120', 'safari16'],
    platform: 'browser',
    entryNames: '[name]-[hash]',
    outdir: assetsDir,
    metafile: true,
    legalComments: 'none',
    tsconfig: join(sourceDir, 'tsconfig.json'),
    logLevel: 'warning',
  });

  const assets: Record<string, string> = {};
  const byEntry: Record<string, string> = {};
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    const name = basename(output);
    assets[name] = mediaTypeOf(name);
    const entry = meta.entryPoint ? basename(meta.entryPoint) : undefined;
    if (entry) byEntry[`${basename(dirname(meta.entryPoint ?? ''))}/${entry}`] = name;
  }

  const require = createRequire(import.meta.url);
  const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
    const content = await readFile(join(swaggerDir, file));
    const name = hashedName(file, content);
    await writeFile(join(assetsDir, name), content);
    assets[name] = mediaTypeOf(name);
    byEntry[`swagger-ui/${file}`] = name;
  }

  const asset = (key: string): string => {
    const name = byEntry[key];
    if (!name) throw new Error(`The build made no ${key}`);
    return `/assets/${name}`;
  };
  const dashboardTemplate = await readFile(join(sourceDir, 'dashboard', 'index.html'), 'utf8');
  const docsTemplate = await readFile(join(sourceDir, 'docs', 'index.html'), 'utf8');
  const document = buildOpenApiDocument();
  const pages = { dashboard: {} as Record<Language, string>, docs: {} as Record<Language, string> };
  const openApi = {} as Record<Language, string>;
  for (const language of languages) {
    const other = languages.find((candidate) => candidate !== language) ?? 'en';
    const common = { lang: language, otherLang: other };
    pages.dashboard[language] = `dashboard.${language}.html`;
    pages.docs[language] = `docs.${language}.html`;
    openApi[language] = language === 'en' ? 'openapi.json' : `openapi.${language}.json`;
    const dashboard = fillTemplate(dashboardTemplate, language, {
      ...common,
      script: asset('dashboard/main.ts'),
      style: asset('dashboard/styles.css'),
    });
    const docs = fillTemplate(docsTemplate, language, {
      ...common,
      swaggerScript: asset('swagger-ui/swagger-ui-bundle.js'),
      swaggerStyle: asset('swagger-ui/swagger-ui.css'),
      script: asset('docs/init.ts'),
      style: asset('docs/styles.css'),
    });
    await writeFile(join(out, 'pages', pages.dashboard[language]), dashboard);
    await writeFile(join(out, 'pages', pages.docs[language]), docs);
    await writeFile(join(out, openApi[language]), JSON.stringify(localizedOpenApi(document, language)));
  }

  const manifest: WebManifest = {
    pages,
    openApi,
    assets: Object.fromEntries(Object.entries(assets).sort(([a], [b]) => a.localeCompare(b))),
  };
  await writeFile(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
  if (!values.out) {
    console.error('Usage: tsx functions/web/build.ts --out <dir>');
    process.exit(2);
  }
  const manifest = await buildWebAssets(values.out);
  console.log(`Built ${Object.keys(manifest.assets).length} web assets into ${resolve(values.out)}`);
}
