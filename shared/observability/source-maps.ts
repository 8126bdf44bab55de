/**
 * Stack traces of the bundled functions in terms of the TypeScript sources, mapped when an error is
 * logged rather than at start-up. Node's `--enable-source-maps` reads and parses every bundle's
 * source map while the bundle loads, which is a large part of a cold start (`docs/performance.md`);
 * this reads a bundle's map only when an error from it is logged, once per container.
 *
 * Node's own `SourceMap` class (`node:module`) decodes the map: no library needed. Frames of files
 * without a map beside them (`<file>.map`), such as the TypeScript sources run by `tsx` locally,
 * stay as they are.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | null>();

/** The source map beside a JavaScript file, read once; null when there is none or it is unreadable. */
function sourceMapOf(file: string): SourceMap | null {
  if (!maps.has(file)) {
    let map: SourceMap | null = null;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return maps.get(file) ?? null;
}

/** `    at name (file:///var/task/index.mjs:1:234)` or `    at file:///var/task/index.mjs:1:234`. */
const framePattern = /^(\s+at (?:.*? \()?)((?:file:\/\/)?\/[^():]+\.m?js):(\d+):(\d+)(\)?)$/;

/** A stack trace whose frames in bundled files name the source file, line and column instead. */
export function sourceMappedStack(stack: string): string {
  return stack
    .split('\n')
    .map((line) => {
      const frame = framePattern.exec(line);
      if (!frame) return line;
      const [, before = '', location = '', line1 = '', column1 = '', after = ''] = frame;
      const file = location.startsWith('file://') ? fileURLToPath(location) : location;
      const entry = sourceMapOf(file)?.findEntry(Number(line1) - 1, Number(column1) - 1);
      if (!entry || !('originalSource' in entry) || !entry.originalSource) return line;
      return `${before}${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}${after}`;
    })
    .join('\n');
}

/**
 * The error with its stack (and its causes' stacks) source-mapped, for logging. The error itself
 * is changed: it is about to be logged and answered as a problem document, never thrown again.
 */
export function withSourceMappedStack<T>(error: T, depth = 0): T {
  if (!(error instanceof Error) || depth > 3) return error;
  if (typeof error.stack === 'string') error.stack = sourceMappedStack(error.stack);
  withSourceMappedStack(error.cause, depth + 1);
  return error;
}
