/**
 * Every module-level zod schema in the code the functions bundle is built through `built` with its
 * call marked pure (`shared/domain/pure.ts`), so that esbuild drops the schemas a function never
 * reads. A schema written the plain way still works, but every function importing its module would
 * build and carry it again; this test names it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { built } from '../../../shared/domain/pure.ts';

const root = join(import.meta.dirname, '..', '..', '..');

/** The esbuild bundle (ESM, unminified) of one entry module's text, resolved from the project root. */
async function bundleOf(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Whether evaluating an initializer calls anything (a call, or an object or array holding one). */
function makesCalls(node: ts.Node): boolean {
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return true;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return false;
  return ts.forEachChild(node, (child) => (makesCalls(child) ? true : undefined)) ?? false;
}

/**
 * `name` of every module-level `const name = f(…)` (or an object holding such calls) that is not `/* @__PURE__ *\/ built(() => …)`, in
 * a module that builds schemas (imports `zod/mini`): a schema built by a helper (`text(200)`,
 * `storable(…)`) is kept by esbuild as surely as one built by `z.` itself.
 */
function unwrappedSchemas(source: string, fileName = 'module.ts'): string[] {
  if (!source.includes("from 'zod/mini'")) return [];
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const initializer = declaration.initializer;
      if (!initializer || !makesCalls(initializer)) continue;
      if (ts.isCallExpression(initializer) && ts.isIdentifier(initializer.expression)) {
        if (initializer.expression.text === 'built') continue;
      }
      found.push(declaration.name.getText(file));
    }
  }
  return found;
}

/** Whether every `built(` call of a module is annotated pure (without it the wrapper does nothing). */
function unannotatedBuilds(source: string): number {
  return [...source.matchAll(/(\/\* @__PURE__ \*\/ )?\bbuilt\(\(\) =>/g)].filter((match) => !match[1]).length;
}

describe('module-level schemas', () => {
  // The OpenAPI build uses classic zod at build time and is never bundled into a function.
  const files = [...sourceFiles(join(root, 'shared')), ...sourceFiles(join(root, 'functions'))].filter(
    (path) => !relative(root, path).startsWith(join('shared', 'http', 'openapi')),
  );

  it('are built through a pure-marked `built`, so that bundles drop the unused ones', () => {
    const offenders = files.flatMap((path) =>
      unwrappedSchemas(readFileSync(path, 'utf8'), path).map((name) => `${relative(root, path)}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });

  it('never call `built` without the pure annotation', () => {
    const offenders = files.filter((path) => unannotatedBuilds(readFileSync(path, 'utf8')) > 0);
    expect(offenders.map((path) => relative(root, path))).toEqual([]);
  });

  it('finds a plain schema, also one built by a helper, and accepts a wrapped one', () => {
    const zod = "import * as z from 'zod/mini';\n";
    expect(
      unwrappedSchemas(`${zod}export const a = z.object({ b: z.string() }).check(z.refine(f));`),
    ).toEqual(['a']);
    expect(unwrappedSchemas(`${zod}const b = text(200);`)).toEqual(['b']);
    expect(unwrappedSchemas(`${zod}const shape = { a: z.optional(b) };`)).toEqual(['shape']);
    expect(unwrappedSchemas(`${zod}const limits = { a: 1, b: [2] };`)).toEqual([]);
    expect(unwrappedSchemas(`${zod}export const a = /* @__PURE__ */ built(() => z.object({}));`)).toEqual([]);
    expect(unwrappedSchemas('const c = text(200);')).toEqual([]);
    expect(unannotatedBuilds('const a = built(() => z.string());')).toBe(1);
  });

  it('builds the value at once, as a plain definition would', () => {
    let calls = 0;
    const value = built(() => {
      calls += 1;
      return 42;
    });
    expect(value).toBe(42);
    expect(calls).toBe(1);
  });

  it('leave a bundle that does not read them (esbuild drops the pure-marked calls)', async () => {
    const code = await bundleOf("export { countryCodeSchema } from './shared/domain/reference/iso.ts';");
    expect(code).toContain('Must be an assigned ISO 3166-1 alpha-2 country code');
    // The subdivision schema of the same module is gone.
    expect(code).not.toContain('Not an ISO 3166-2 subdivision code');
  });
});

describe("zod's pattern namespace", () => {
  it('stays out of a bundle: the https URL schema brings only the domain pattern it checks with', async () => {
    const code = await bundleOf("export { httpsUrlSchema } from './shared/domain/reference/source.ts';");
    expect(code).toContain('Must be an https:// URL');
    // `z.regexes.<name>` makes esbuild keep every pattern zod has (7 KB), these among them.
    expect(code).not.toContain('sha512_base64url');
    expect(code).not.toContain('rfc5322Email');
  });
});
