import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiCatalogue, apiCatalogueFiles } from '../../shared/i18n/api-messages.ts';
import { functionDefinitions } from '../../shared/routes.ts';
import { logicalId, referencedLogicalIds, resource, synthesize } from './support.ts';

// The one test file that really bundles (esbuild, a few seconds): the others skip bundling.
describe('bundles', () => {
  const bundled = synthesize({}, { bundle: true });
  const assemblyDirectory = bundled.app.synth().directory;

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

  it('ships the API catalogues beside every bundle, where a problem in Japanese is read from them', () => {
    for (const definition of functionDefinitions) {
      const fn = resource(bundled.template, logicalId(bundled.stack.function(definition.id))).Properties;
      const assetDirectory = join(assemblyDirectory, `asset.${String(fn.Code.S3Key).replace(/\.zip$/, '')}`);
      for (const file of Object.values(apiCatalogueFiles)) {
        expect(existsSync(join(assetDirectory, file)), `${definition.id}: ${file}`).toBe(true);
      }
    }
    const fn = resource(bundled.template, logicalId(bundled.stack.function('fallback'))).Properties;
    const assetDirectory = join(assemblyDirectory, `asset.${String(fn.Code.S3Key).replace(/\.zip$/, '')}`);
    const entry = pathToFileURL(join(assetDirectory, 'index.mjs')).href;
    const answered = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { handler } = await import(${JSON.stringify(entry)});
         const r = await handler({ version: '2.0', routeKey: '$default', rawPath: '/nowhere', rawQueryString: '',
           headers: { 'accept-language': 'ja' }, isBase64Encoded: false,
           requestContext: { http: { method: 'GET', path: '/nowhere' }, requestId: 'r' } },
           { functionName: 'fallback', awsRequestId: 'r', getRemainingTimeInMillis: () => 3000 });
         console.log(JSON.stringify({ status: r.statusCode, body: JSON.parse(r.body) }));`,
      ],
      {
        cwd: assetDirectory,
        env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' },
        encoding: 'utf8',
      },
    );
    const problem = JSON.parse(answered.trim().split('\n').at(-1) ?? '{}') as {
      status: number;
      body: { title: string };
    };
    expect(problem.status).toBe(404);
    expect(problem.body.title).toBe(apiCatalogue('ja')['problem.not-found.title']);
  });

  it('ships the web pages and assets beside the web bundle, where its handler serves them from', () => {
    const fn = resource(bundled.template, logicalId(bundled.stack.function('web'))).Properties;
    const assetDirectory = join(assemblyDirectory, `asset.${String(fn.Code.S3Key).replace(/\.zip$/, '')}`);
    const manifest = JSON.parse(readFileSync(join(assetDirectory, 'web', 'manifest.json'), 'utf8')) as {
      assets: Record<string, string>;
    };
    const script = Object.keys(manifest.assets).find((name) => /^dashboard-[A-Z0-9]+\.js$/.test(name));
    expect(script).toBeDefined();
    expect(existsSync(join(assetDirectory, 'web', 'assets', script ?? ''))).toBe(true);
    const entry = pathToFileURL(join(assetDirectory, 'index.mjs')).href;
    const served = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { handler } = await import(${JSON.stringify(entry)});
         const r = await handler({ version: '2.0', routeKey: 'GET /', rawPath: '/', rawQueryString: '', headers: {},
           requestContext: { http: { method: 'GET', path: '/' }, requestId: 'r' }, isBase64Encoded: false },
           { functionName: 'web', awsRequestId: 'r', getRemainingTimeInMillis: () => 3000 });
         console.log(JSON.stringify({ status: r.statusCode, type: r.headers['content-type'], body: r.body }));`,
      ],
      {
        cwd: assetDirectory,
        env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' },
        encoding: 'utf8',
      },
    );
    const page = JSON.parse(served.trim().split('\n').at(-1) ?? '{}') as {
      status: number;
      type: string;
      body: string;
    };
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain(`/assets/${script}`);
  });
});
