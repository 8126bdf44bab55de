import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceMappedStack, withSourceMappedStack } from '../../../shared/observability/source-maps.ts';

// A small bundle built as CDK builds the functions (minified ESM with a source map beside it), whose
// handler throws from line 4 of its TypeScript source.
const source = [
  'export function handler(): never {',
  "  const reason = ['broken', Date.now() > 0].join(' ');",
  '  // the throw below is on line 4',
  '  throw new Error(reason);',
  '}',
  '',
].join('\n');

let dir: string;
let bundleFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'source-maps-'));
  writeFileSync(join(dir, 'thrower.ts'), source);
  bundleFile = join(dir, 'out', 'index.mjs');
  await build({
    entryPoints: [join(dir, 'thrower.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    outfile: bundleFile,
    logLevel: 'silent',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error the bundle throws, with the stack a plain `node` prints (the test runner maps its own). */
function thrown(): Error {
  const stack = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { handler } = await import(${JSON.stringify(pathToFileURL(bundleFile).href)});
       try { handler(); } catch (error) { process.stdout.write(error.stack); }`,
    ],
    { encoding: 'utf8', env: { PATH: process.env.PATH } },
  );
  const error = new Error(stack.split('\n')[0]?.replace(/^Error: /, ''));
  error.stack = stack;
  return error;
}

describe('source-mapped stacks', () => {
  it('names the TypeScript source and line of a frame in a bundle with a map beside it', () => {
    const error = thrown();
    expect(error.stack).toContain('index.mjs:1:');
    const mapped = sourceMappedStack(error.stack ?? '');
    expect(mapped).toMatch(/thrower\.ts:4:\d+/);
    expect(mapped).not.toContain('index.mjs:1:');
    expect(mapped.split('\n')[0]).toBe('Error: broken true');
  });

  it('leaves frames of files without a map, and other lines, as they are', () => {
    const stack = [
      'Error: x',
      '    at f (file:///nowhere/no-map-here.mjs:1:5)',
      '    at /nowhere/plain.js:3:7',
      '    at node:internal/process/task_queues:95:5',
    ].join('\n');
    expect(sourceMappedStack(stack)).toBe(stack);
  });

  it('maps the stacks of an error and of its cause, and passes non-errors through', () => {
    const cause = thrown();
    const error = new Error('outer', { cause });
    expect(withSourceMappedStack(error)).toBe(error);
    expect((error.cause as Error).stack).toMatch(/thrower\.ts:4:\d+/);
    expect(withSourceMappedStack('text')).toBe('text');
  });
});
