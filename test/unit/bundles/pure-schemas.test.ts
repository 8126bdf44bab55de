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

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The leftmost identifier of a call or property chain (`z` of `z.object(…).check(…)`). */
function chainRoot(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    ts.isCallExpression(current) ||
    ts.isPropertyAccessExpression(current) ||
    ts.isElementAccessExpression(current) ||
    ts.isNonNullExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** `name` of every module-level `const name = z…(…)` that is not `/* @__PURE__ *\/ built(() => …)`. */
function unwrappedSchemas(source: string, fileName = 'module.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const initializer = declaration.initializer;
      if (!initializer || !ts.isCallExpression(initializer)) continue;
      const root = chainRoot(initializer);
      if (ts.isIdentifier(root) && root.text === 'z') found.push(declaration.name.getText(file));
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

  it('finds a plain schema, and accepts a wrapped one', () => {
    expect(unwrappedSchemas('export const a = z.object({ b: z.string() }).check(z.refine(f));')).toEqual([
      'a',
    ]);
    expect(unwrappedSchemas('export const a = /* @__PURE__ */ built(() => z.object({}));')).toEqual([]);
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
    const result = await build({
      stdin: {
        contents: "export { countryCodeSchema } from './shared/domain/reference/iso.ts';",
        resolveDir: root,
        loader: 'ts',
        sourcefile: 'entry.ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toContain('Must be an assigned ISO 3166-1 alpha-2 country code');
    // The subdivision schema of the same module is gone.
    expect(code).not.toContain('Not an ISO 3166-2 subdivision code');
  });
});
