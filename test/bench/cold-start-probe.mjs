/**
 * One cold-start sample: `node --import ./no-network.mjs cold-start-probe.mjs <bundle>` imports the
 * bundle in this fresh process and prints `{ initMs, attempts, handler, error }` as JSON: the time
 * from just before `import()` to the end of the bundle's module evaluation (its init phase), and the
 * network attempts made during init and the 50 ms after it (for work that init schedules).
 */
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const bundle = process.argv[2];
let handler = 'missing';
let error;
const start = performance.now();
try {
  const module = await import(pathToFileURL(bundle).href);
  handler = typeof module.handler;
} catch (caught) {
  error = String(caught?.stack ?? caught);
}
const initMs = performance.now() - start;
await new Promise((resolve) => setTimeout(resolve, 50));
const attempts = globalThis[Symbol.for('jucip.bench.networkAttempts')] ?? null;
writeSync(1, `${JSON.stringify({ initMs, attempts, handler, error })}\n`);
process.exit(0);
