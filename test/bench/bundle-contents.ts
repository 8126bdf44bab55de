/**
 * What each function's bundle carries, from esbuild's metafile, bundled exactly as CDK bundles it
 * (`cdk-bundling.ts`): its size against the cold-start baseline's, and the inputs that add the most
 * bytes beyond the baseline. With `--why <part of a path>`, the import chain through which the
 * bundle reaches the first input whose path contains it. Writes nothing outside `bench-results/`.
 *
 *   npx tsx test/bench/bundle-contents.ts                       every function
 *   npx tsx test/bench/bundle-contents.ts projects-read         one function (or several)
 *   npx tsx test/bench/bundle-contents.ts projects-read --why iso-3166-codes
 *
 * A dynamic `import()` inside a bundle shows here as a jump in size: esbuild then keeps every export
 * of the modules it reaches (see `shared/http/middleware/authentication.ts`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { functionDefinitions } from '../../shared/routes.ts';
import { cdkBuildOptions, projectRoot, readCdkBundlingSettings } from './cdk-bundling.ts';

const args = process.argv.slice(2);
const whyIndex = args.indexOf('--why');
const why = whyIndex >= 0 ? args[whyIndex + 1] : undefined;
const only = args.filter((arg, i) => arg !== '--why' && (whyIndex < 0 || i !== whyIndex + 1));
const shown = Number(process.env.BUNDLE_CONTENTS_TOP ?? 12);
const settings = readCdkBundlingSettings();
const outputRoot = join(projectRoot, 'bench-results', 'bundle-contents');

interface Contents {
  readonly bytes: number;
  readonly inputs: Map<string, number>;
  readonly metafile: Metafile;
  readonly entry: string;
}

async function contentsOf(id: string, entry: string): Promise<Contents> {
  const outdir = join(outputRoot, id);
  mkdirSync(outdir, { recursive: true });
  const { metafile } = await build({ ...cdkBuildOptions(settings, entry, outdir), metafile: true });
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  if (!output?.entryPoint) throw new Error(`esbuild reported no entry point for ${id}`);
  const inputs = new Map(
    Object.entries(output.inputs).map(([path, { bytesInOutput }]) => [path, bytesInOutput]),
  );
  return { bytes: output.bytes, inputs, metafile, entry: output.entryPoint };
}

/** The shortest import chain from the entry to the first input whose path contains `part`. */
function importChain(contents: Contents, part: string): string[] | undefined {
  const previous = new Map<string, string | null>([[contents.entry, null]]);
  const queue = [contents.entry];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    if (current.includes(part)) {
      const chain: string[] = [];
      for (let at: string | null | undefined = current; at; at = previous.get(at)) chain.unshift(at);
      return chain;
    }
    for (const imported of contents.metafile.inputs[current]?.imports ?? []) {
      if (imported.external || previous.has(imported.path)) continue;
      previous.set(imported.path, current);
      queue.push(imported.path);
    }
  }
  return undefined;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const baseline = await contentsOf(
  'baseline',
  fileURLToPath(new URL('./baseline-handler.ts', import.meta.url)),
);
console.log(`baseline: ${baseline.bytes.toLocaleString('en-US')} bytes`);
for (const definition of functionDefinitions) {
  if (only.length > 0 && !only.includes(definition.id)) continue;
  const contents = await contentsOf(definition.id, join(projectRoot, definition.entry));
  const beyond = [...contents.inputs]
    .map(([path, bytes]) => [path, bytes - (baseline.inputs.get(path) ?? 0)] as const)
    .filter(([, extra]) => extra > 0)
    .sort((a, b) => b[1] - a[1]);
  console.log(
    `\n${definition.id}: ${contents.bytes.toLocaleString('en-US')} bytes, ${(contents.bytes / baseline.bytes).toFixed(2)}x the baseline`,
  );
  for (const [path, extra] of beyond.slice(0, shown)) console.log(`  +${kb(extra).padStart(9)}  ${path}`);
  if (why) {
    const chain = importChain(contents, why);
    console.log(chain ? `  why ${why}:\n    ${chain.join('\n    -> ')}` : `  ${why}: not in this bundle`);
  }
}
