/**
 * The data files read beside a bundle (`shared/bundle-files.ts`): a module bundled alone finds them
 * beside its bundle, as a Lambda function finds the copies the stack puts there.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { besideBundleFiles } from '../../../shared/bundle-files.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'jucip-beside-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs `code` against the bundle of the ISO module in `folder`, answering what it prints. */
function run(code: string): string {
  const entry = pathToFileURL(join(folder, 'index.mjs')).href;
  return execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `const m = await import(${JSON.stringify(entry)}); ${code}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

describe('data files beside the bundle', () => {
  it('exist in the source tree, with distinct names', () => {
    for (const file of besideBundleFiles) expect(existsSync(join(root, file)), file).toBe(true);
    expect(new Set(besideBundleFiles.map((file) => basename(file))).size).toBe(besideBundleFiles.length);
  });

  it('are read from beside the bundle, and the bundle does not carry the subdivision codes', async () => {
    await build({
      entryPoints: [join(root, 'shared', 'domain', 'reference', 'iso.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: join(folder, 'index.mjs'),
      logLevel: 'silent',
    });
    // Country codes are in the bundle; the subdivisions need the file, which is not there yet.
    expect(run("console.log(m.isCountryCode('JP'))")).toBe('true');
    expect(() => run("console.log(m.isSubdivisionCode('JP-13'))")).toThrow(/ENOENT|iso-3166-2\.json/);
    for (const file of besideBundleFiles) copyFileSync(join(root, file), join(folder, basename(file)));
    expect(run("console.log(m.isSubdivisionCode('JP-13'), m.isSubdivisionCode('JP-99'))")).toBe('true false');
  });
});
