/**
 * The esbuild settings CDK uses for every function, for the cold-start benchmark.
 *
 * `infra/constructs/tracker-function.ts` gives them to `NodejsFunction` as CDK `bundling` props, and
 * CDK turns those into an esbuild command line (`aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js`,
 * `buildEsbuildArgs`):
 *
 *   esbuild --bundle <entry> --target=node24 --platform=node --format=esm --outfile=<dir>/index.mjs
 *     --minify --sourcemap --sources-content=false --tsconfig=<root>/tsconfig.json
 *     --banner:js=<esmRequireBanner> --main-fields=module,main
 *
 * (no `--external:` at all, since `externalModules` is empty). {@link cdkBuildOptions} is the same
 * thing through esbuild's API. The construct keeps those props inline, so they cannot be imported:
 * instead {@link readCdkBundlingSettings} reads them from the construct's source (the banner and the
 * runtime verbatim) and refuses to run when the `bundling` block holds anything this file does not
 * mirror, so that the benchmark never measures bundles CDK would not build.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const constructPath = fileURLToPath(new URL('../../infra/constructs/tracker-function.ts', import.meta.url));

/** What the benchmark takes from the construct. */
export interface CdkBundlingSettings {
  /** `node24` for `Runtime.NODEJS_24_X`, as CDK's `toTarget` derives it. */
  readonly target: string;
  /** The `esmRequireBanner`, verbatim. */
  readonly banner: string;
}

/** Each `bundling` prop of the construct, as this file mirrors it. */
const mirroredProps: Readonly<Record<string, string>> = {
  format: 'format: OutputFormat.ESM',
  banner: 'banner: esmRequireBanner',
  mainFields: "mainFields: ['module', 'main']",
  externalModules: 'externalModules: []',
  minify: 'minify: true',
  sourceMap: 'sourceMap: true',
  sourceMapMode: 'sourceMapMode: SourceMapMode.DEFAULT',
  sourcesContent: 'sourcesContent: false',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the construct's source text, matched literally
  tsconfig: 'tsconfig: `${projectRoot}tsconfig.json`',
  // The hooks add files beside index.mjs without changing it: the API catalogues (which the
  // benchmark copies too) and the web function's pages.
  commandHooks: 'commandHooks: assetHooks(definition)',
};

/** The text of the `bundling: { … }` object literal in the construct. */
function bundlingBlock(source: string): string {
  const start = source.indexOf('bundling: {');
  if (start < 0) throw new Error(`No "bundling: {" in ${constructPath}`);
  let depth = 0;
  for (let i = source.indexOf('{', start); i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) return source.slice(start, i + 1);
  }
  throw new Error(`Unbalanced "bundling" block in ${constructPath}`);
}

/**
 * Reads the settings from `tracker-function.ts` and checks that every `bundling` prop there is one
 * this benchmark mirrors, with the same value.
 * @throws Error naming what changed, when the construct's bundling no longer matches this file
 */
export function readCdkBundlingSettings(): CdkBundlingSettings {
  const source = readFileSync(constructPath, 'utf8');
  const banner = /const esmRequireBanner =\s*(['"`])(.*?)\1;/s.exec(source)?.[2];
  if (!banner) throw new Error(`No esmRequireBanner string in ${constructPath}`);
  const runtime = /runtime:\s*Runtime\.NODEJS_(\d+)_X\b/.exec(source)?.[1];
  if (!runtime) throw new Error(`No "runtime: Runtime.NODEJS_<n>_X" in ${constructPath}`);

  const block = bundlingBlock(source)
    .replace(/\/\/.*$/gm, '')
    .replace(/\s+/g, ' ');
  const props = [...block.slice('bundling: {'.length).matchAll(/(?:^|[,{]) *(\w+):/g)].map((m) => m[1]);
  const unknown = props.filter((prop) => prop !== undefined && !(prop in mirroredProps));
  const changed = Object.entries(mirroredProps)
    .filter(([, text]) => !block.includes(text.replace(/\s+/g, ' ')))
    .map(([prop]) => prop);
  if (unknown.length > 0 || changed.length > 0) {
    throw new Error(
      `The bundling settings of ${constructPath} changed (new: ${unknown.join(', ') || 'none'}; ` +
        `changed or gone: ${changed.join(', ') || 'none'}); update test/bench/cdk-bundling.ts to match.`,
    );
  }
  return { target: `node${runtime}`, banner };
}

/** esbuild's options for one function, exactly as CDK bundles it (`<outdir>/index.mjs` plus its map). */
export function cdkBuildOptions(
  settings: CdkBundlingSettings,
  entry: string,
  outdir: string,
): BuildOptions & { outfile: string } {
  return {
    absWorkingDir: projectRoot,
    entryPoints: [entry],
    bundle: true,
    target: settings.target,
    platform: 'node',
    format: 'esm',
    outfile: `${outdir}/index.mjs`,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    tsconfig: `${projectRoot}tsconfig.json`,
    banner: { js: settings.banner },
    mainFields: ['module', 'main'],
    external: [],
    logLevel: 'warning',
  };
}
