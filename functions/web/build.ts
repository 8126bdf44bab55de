/**
 * Builds the web pages and their assets into one folder the `web` function serves:
 *
 *   <out>/manifest.json          what may be served, with each file's media type
 *   <out>/pages/dashboard.html   `GET /`
 *   <out>/pages/docs.html        `GET /docs`
 *   <out>/openapi.json           `GET /openapi.json`
 *   <out>/assets/<name>-<hash>.* `GET /assets/{file}` (content-hashed, so cached for a year)
 *
 * The dashboard and the docs init script are bundled and minified by esbuild; swagger-ui's bundle
 * and stylesheet are copied from `swagger-ui-dist` under hashed names. No page loads anything from
 * another host. Run with `tsx functions/web/build.ts --out <dir>` (CDK does, after bundling the
 * function) or call {@link buildWebAssets} (the local runtime does, at start-up).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';

const sourceDir = dirname(fileURLToPath(import.meta.url));

/** The built site's table of contents; the handler serves nothing that is not listed here. */
export interface WebManifest {
  /** Page name → file under `pages/`. */
  readonly pages: { readonly dashboard: string; readonly docs: string };
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

/** Replaces every `{{name}}` in a page template; an unknown placeholder is a build error. */
function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for {{${name}}} in a page template`);
    return value;
  });
}

/** Everything a build writes at the top of its folder. */
const buildOutputs = new Set(['assets', 'pages', 'openapi.json', 'manifest.json']);

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
  const pages = {
    dashboard: fillTemplate(await readFile(join(sourceDir, 'dashboard', 'index.html'), 'utf8'), {
      script: asset('dashboard/main.ts'),
      style: asset('dashboard/styles.css'),
    }),
    docs: fillTemplate(await readFile(join(sourceDir, 'docs', 'index.html'), 'utf8'), {
      swaggerScript: asset('swagger-ui/swagger-ui-bundle.js'),
      swaggerStyle: asset('swagger-ui/swagger-ui.css'),
      script: asset('docs/init.ts'),
      style: asset('docs/styles.css'),
    }),
  };
  await writeFile(join(out, 'pages', 'dashboard.html'), pages.dashboard);
  await writeFile(join(out, 'pages', 'docs.html'), pages.docs);
  await writeFile(join(out, 'openapi.json'), JSON.stringify(buildOpenApiDocument()));

  const manifest: WebManifest = {
    pages: { dashboard: 'dashboard.html', docs: 'docs.html' },
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
