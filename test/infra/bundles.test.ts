import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { besideBundleFiles } from '../../shared/bundle-files.ts';
import { apiCatalogue, apiCatalogueFiles } from '../../shared/i18n/api-messages.ts';
import { type FunctionId, functionDefinitions } from '../../shared/routes.ts';
import { logicalId, referencedLogicalIds, resource, synthesize } from './support.ts';

// The one test file that really bundles (esbuild, a few seconds): the others skip bundling.
describe('bundles', () => {
  const bundled = synthesize({}, { bundle: true });
  const assemblyDirectory = bundled.app.synth().directory;

  /** The directory CDK staged a function's bundle in (what Lambda would unzip). */
  function assetDirectoryOf(id: FunctionId): string {
    const fn = resource(bundled.template, logicalId(bundled.stack.function(id))).Properties;
    return join(assemblyDirectory, `asset.${String(fn.Code.S3Key).replace(/\.zip$/, '')}`);
  }

  /** A GET through a bundle's handler, in a fresh `node` run in its directory (no node_modules above it). */
  function getFromBundle(
    id: FunctionId,
    routeKey: string,
    path: string,
    headers: Record<string, string> = {},
  ): { status: number; headers: Record<string, string>; body: string } {
    const entry = pathToFileURL(join(assetDirectoryOf(id), 'index.mjs')).href;
    const event = {
      version: '2.0',
      routeKey,
      rawPath: path,
      rawQueryString: '',
      headers,
      requestContext: { http: { method: 'GET', path }, requestId: 'r' },
      isBase64Encoded: false,
    };
    const answered = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { handler } = await import(${JSON.stringify(entry)});
         const r = await handler(${JSON.stringify(event)},
           { functionName: ${JSON.stringify(id)}, awsRequestId: 'r', getRemainingTimeInMillis: () => 3000 });
         console.log(JSON.stringify({ status: r.statusCode, headers: r.headers, body: r.body }));`,
      ],
      {
        cwd: assetDirectoryOf(id),
        env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' },
        encoding: 'utf8',
      },
    );
    return JSON.parse(answered.trim().split('\n').at(-1) ?? '{}');
  }

  it.each(functionDefinitions)(
    'bundle $id as an ES module that starts without node_modules, given the environment CDK sets',
    (definition) => {
      const fn = resource(bundled.template, logicalId(bundled.stack.function(definition.id))).Properties;
      const assetDirectory = join(assemblyDirectory, `asset.${String(fn.Code.S3Key).replace(/\.zip$/, '')}`);
      const entry = join(assetDirectory, 'index.mjs');
      // References to other resources (table names) stand in as their logical ids.
      const environment = Object.fromEntries(
        Object.entries(fn.Environment.Variables as Record<string, unknown>).map(([name, value]) => [
          name,
          typeof value === 'string' ? value : [...referencedLogicalIds(value)].join(''),
        ]),
      );

      expect(readFileSync(entry, 'utf8').startsWith('import { createRequire')).toBe(true);
      expect(existsSync(`${entry}.map`)).toBe(true);
      // The asset directory has no node_modules above it, so this only loads if the AWS SDK and
      // every other dependency are inside the bundle and CommonJS code finds `require`.
      const exported = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(pathToFileURL(entry).href)}); console.log(typeof m.handler);`,
        ],
        {
          cwd: assetDirectory,
          env: {
            PATH: process.env.PATH,
            AWS_REGION: 'us-east-1',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            ...environment,
          },
          encoding: 'utf8',
        },
      );
      expect(exported.trim()).toBe('function');
    },
  );

  it('ships the data files beside every bundle, where a problem in Japanese is read from them', () => {
    expect(besideBundleFiles).toEqual(
      expect.arrayContaining(Object.values(apiCatalogueFiles).map((file) => `shared/i18n/${file}`)),
    );
    for (const definition of functionDefinitions) {
      for (const file of besideBundleFiles) {
        expect(
          existsSync(join(assetDirectoryOf(definition.id), basename(file))),
          `${definition.id}: ${file}`,
        ).toBe(true);
      }
    }
    const answer = getFromBundle('fallback', '$default', '/nowhere', { 'accept-language': 'ja' });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body).title).toBe(apiCatalogue('ja')['problem.not-found.title']);
  });

  it('ships the web pages and assets beside the web bundle, where its handler serves them from', () => {
    const assetDirectory = assetDirectoryOf('web');
    const manifest = JSON.parse(readFileSync(join(assetDirectory, 'web', 'manifest.json'), 'utf8')) as {
      assets: Record<string, string>;
    };
    const script = Object.keys(manifest.assets).find((name) => /^dashboard-[A-Z0-9]+\.js$/.test(name));
    expect(script).toBeDefined();
    expect(existsSync(join(assetDirectory, 'web', 'assets', script ?? ''))).toBe(true);
    const page = getFromBundle('web', 'GET /', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain(`/assets/${script}`);
  });
});
