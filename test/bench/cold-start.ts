/**
 * Cold start: every function of `shared/routes.ts` bundled exactly as CDK bundles it, against a
 * baseline bundle that holds only a `DynamoDBDocumentClient` and an empty handler.
 *
 * - size: the bytes of `index.mjs` (the code Lambda loads; the source map and gzip sizes are in the details)
 * - init: the time from `import()` to the end of module evaluation in a fresh Node process, the
 *   median of many processes, each function's processes interleaved with the baseline's
 *   (baseline, function, baseline, function…) so that machine noise hits both alike
 * - network: connection and DNS attempts during init, which a preload counts and refuses
 *
 * Each process gets the environment CDK gives that function (stage, Powertools, table names, bus,
 * names of the functions it invokes) plus what Lambda sets (region, credentials, function name),
 * with every AWS endpoint pointed at 127.0.0.1:9, where nothing listens.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { serviceName } from '../../infra/constructs/tracker-function.ts';
import { buckets } from '../../shared/buckets.ts';
import { besideBundleFiles } from '../../shared/bundle-files.ts';
import { authorizerEnvironment, tokenEnvironment } from '../../shared/config/env.ts';
import { type FunctionDefinition, functionDefinitions, functionNameEnvVar } from '../../shared/routes.ts';
import { tables } from '../../shared/tables.ts';
import { cdkBuildOptions, projectRoot, readCdkBundlingSettings } from './cdk-bundling.ts';
import { type BenchFigure, median } from './report.ts';

const run = promisify(execFile);

/** The id of the reference bundle: the HTTP stack alone (`http-stack-handler.ts`). */
const httpStackReference = 'http-stack';

/** Fresh processes per function (and as many baseline ones); `BENCH_COLD_START_RUNS` overrides. */
const samplesPerFunction = Number(process.env.BENCH_COLD_START_RUNS ?? 25);
const initBudget = 1.3;
const sizeBudget = 1.5;

const probe = fileURLToPath(new URL('./cold-start-probe.mjs', import.meta.url));
const noNetwork = fileURLToPath(new URL('./no-network.mjs', import.meta.url));
const outputRoot = join(projectRoot, 'bench-results', 'bundles');

const baselineName = 'bundle with only a DynamoDBDocumentClient and an empty handler (same esbuild settings)';

interface Bundle {
  readonly id: string;
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes: number;
  readonly gzipBytes: number;
  /** The largest packages (or project folders) in the bundle, bytes of output each. */
  readonly largest: Record<string, number>;
  readonly env: Record<string, string>;
}

interface Sample {
  readonly initMs: number;
  readonly attempts: readonly { what: string; detail: string }[] | null;
  readonly handler: string;
  readonly error?: string;
}

/** Where nothing listens (the discard port): a request that slipped through would fail, not leave the machine. */
const nowhere = 'http://127.0.0.1:9';

/** What Lambda itself puts in every function's environment (fake credentials; no endpoint is real). */
function lambdaEnvironment(functionName: string, memoryMb: number): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIABENCHMARKFAKE000',
    AWS_SECRET_ACCESS_KEY: 'benchmark-fake-secret-not-a-credential',
    AWS_SESSION_TOKEN: 'benchmark-fake-session-token',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_ENDPOINT_URL: nowhere,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
  };
}

/**
 * The environment `TrackerFunction` gives a function (see its `environment`, `allowInvoking` and
 * `allowSettingAudience`).
 */
function functionEnvironment(definition: FunctionDefinition): Record<string, string> {
  return {
    ...lambdaEnvironment(`bench-${definition.id}`, definition.memoryMb),
    STAGE: 'bench',
    POWERTOOLS_SERVICE_NAME: serviceName,
    LOG_LEVEL: 'INFO',
    ...Object.fromEntries(
      Object.keys(definition.tables).map((id) => [tables[id as keyof typeof tables].envVar, `bench-${id}`]),
    ),
    ...Object.fromEntries(
      Object.keys(definition.buckets ?? {}).map((id) => [
        buckets[id as keyof typeof buckets].envVar,
        `bench-${id}`,
      ]),
    ),
    ...(definition.publishesEvents ? { EVENT_BUS_NAME: 'bench-events' } : {}),
    ...Object.fromEntries((definition.invokes ?? []).map((id) => [functionNameEnvVar(id), `bench-${id}`])),
    // `machineClients` and `allowSettingAudience`: the pool, its token endpoint and the authorizer.
    ...(definition.managesMachineClients
      ? {
          USER_POOL_ID: 'us-east-1_bench',
          TOKEN_URL: `${nowhere}/oauth2/token`,
          [authorizerEnvironment.apiId]: 'benchapi',
          [authorizerEnvironment.authorizerId]: 'benchauth',
          [authorizerEnvironment.issuerUrl]: `${nowhere}/us-east-1_bench`,
          [authorizerEnvironment.webClientId]: 'benchwebclient',
        }
      : {}),
    ...(definition.readsOptionalTokens
      ? {
          [tokenEnvironment.issuerUrl]: `${nowhere}/us-east-1_bench`,
          [tokenEnvironment.audience]: 'benchwebclient',
        }
      : {}),
  };
}

async function bundle(
  id: string,
  entry: string,
  env: Record<string, string>,
  settings: ReturnType<typeof readCdkBundlingSettings>,
): Promise<Bundle> {
  const outdir = join(outputRoot, id);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const options = cdkBuildOptions(settings, entry, outdir);
  // The metafile only describes the build; the output is the same without it.
  const { metafile } = await build({ ...options, metafile: true });
  // What the construct's hooks put beside every bundle (the web pages aside, which no init reads).
  for (const file of besideBundleFiles) copyFileSync(join(projectRoot, file), join(outdir, basename(file)));
  const code = readFileSync(options.outfile);
  const byOrigin = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const origin =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
      byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + bytesInOutput);
    }
  }
  return {
    id,
    file: options.outfile,
    bytes: code.byteLength,
    mapBytes: statSync(`${options.outfile}.map`).size,
    gzipBytes: gzipSync(code).byteLength,
    largest: Object.fromEntries([...byOrigin].sort((a, b) => b[1] - a[1]).slice(0, 5)),
    env,
  };
}

async function sample(target: Bundle): Promise<Sample> {
  const { stdout } = await run(process.execPath, ['--import', noNetwork, probe, target.file], {
    env: target.env,
    cwd: join(outputRoot, target.id),
    timeout: 60_000,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Sample;
}

function failures(samples: readonly Sample[]): string[] {
  return samples.flatMap((s) =>
    s.error
      ? [s.error.split('\n')[0] ?? s.error]
      : s.handler !== 'function'
        ? [`handler is ${s.handler}`]
        : [],
  );
}

function attemptsOf(samples: readonly Sample[]): { count: number; examples: string[]; checked: boolean } {
  const all = samples.flatMap((s) => s.attempts ?? []);
  return {
    count: all.length,
    examples: [...new Set(all.map((a) => `${a.what} ${a.detail}`))].slice(0, 5),
    checked: samples.every((s) => s.attempts !== null),
  };
}

const round = (value: number, places = 2) => Number(value.toFixed(places));

/** Bundles every function and the baseline, then samples their init times; see the top of this file. */
export async function benchColdStart(log: (line: string) => void = console.log): Promise<BenchFigure[]> {
  const settings = readCdkBundlingSettings();
  const baseline = await bundle(
    'baseline',
    fileURLToPath(new URL('./baseline-handler.ts', import.meta.url)),
    {
      ...lambdaEnvironment('bench-baseline', 128),
      STAGE: 'bench',
      POWERTOOLS_SERVICE_NAME: serviceName,
      LOG_LEVEL: 'INFO',
    },
    settings,
  );
  const bundles: Bundle[] = [];
  for (const definition of functionDefinitions) {
    bundles.push(
      await bundle(
        definition.id,
        join(projectRoot, definition.entry),
        functionEnvironment(definition),
        settings,
      ),
    );
  }
  // Not a function: the HTTP stack alone, measured like one and reported without a budget.
  bundles.push(
    await bundle(
      httpStackReference,
      join(projectRoot, 'test', 'bench', 'http-stack-handler.ts'),
      { ...lambdaEnvironment('bench-http-stack', 512), STAGE: 'bench', POWERTOOLS_SERVICE_NAME: serviceName },
      settings,
    ),
  );
  log(
    `  bundled ${bundles.length - 1} functions, the HTTP stack alone and the baseline (esbuild, target ${settings.target}, ESM, minified); ` +
      `${samplesPerFunction} fresh processes each, interleaved with as many baseline processes`,
  );

  // Warm the file cache and Node's own start-up path before anything is counted.
  await sample(baseline);
  for (const target of bundles) await sample(target);

  const baselineSamples = new Map<string, Sample[]>(bundles.map((b) => [b.id, []]));
  const functionSamples = new Map<string, Sample[]>(bundles.map((b) => [b.id, []]));
  for (let i = 0; i < samplesPerFunction; i++) {
    for (const target of bundles) {
      baselineSamples.get(target.id)?.push(await sample(baseline));
      functionSamples.get(target.id)?.push(await sample(target));
    }
  }

  const allBaseline = [...baselineSamples.values()].flat();
  const baselineAttempts = attemptsOf(allBaseline);
  const figures: BenchFigure[] = [];
  for (const target of bundles) {
    const own = functionSamples.get(target.id) ?? [];
    const paired = baselineSamples.get(target.id) ?? [];
    const ownMs = own.map((s) => s.initMs);
    const pairedMs = paired.map((s) => s.initMs);
    const errors = [...failures(own), ...failures(paired)];
    const measured = median(ownMs);
    const base = median(pairedMs);
    const ratio = measured / base;
    if (target.id === httpStackReference) {
      figures.push({
        name: `cold start init: ${httpStackReference} (reference)`,
        unit: 'ms',
        measured: round(measured),
        baseline: round(base),
        baselineName,
        ratio: round(ratio, 3),
        budget: 'none: what every HTTP function spends before its own code',
        pass: errors.length === 0,
        details: { processes: own.length, samplesMs: ownMs.map((ms) => round(ms, 1)), bytes: target.bytes },
      });
      continue;
    }
    figures.push({
      name: `cold start init: ${target.id}`,
      unit: 'ms',
      measured: round(measured),
      baseline: round(base),
      baselineName,
      ratio: round(ratio, 3),
      budget: `<= ${initBudget}x`,
      pass: errors.length === 0 && ratio <= initBudget,
      details: {
        processes: own.length,
        baselineProcesses: paired.length,
        medianOfPairedRatios: round(median(ownMs.map((ms, i) => ms / (pairedMs[i] ?? ms))), 3),
        samplesMs: ownMs.map((ms) => round(ms, 1)),
        baselineSamplesMs: pairedMs.map((ms) => round(ms, 1)),
        largestInputs: target.largest,
        ...(errors.length > 0 ? { initErrors: [...new Set(errors)].slice(0, 3) } : {}),
      },
    });
    figures.push({
      name: `cold start size: ${target.id}`,
      unit: 'bytes',
      measured: target.bytes,
      baseline: baseline.bytes,
      baselineName,
      ratio: round(target.bytes / baseline.bytes, 3),
      budget: `<= ${sizeBudget}x`,
      pass: target.bytes / baseline.bytes <= sizeBudget,
      details: {
        file: 'index.mjs',
        largestInputs: target.largest,
        baselineLargestInputs: baseline.largest,
        gzipBytes: target.gzipBytes,
        baselineGzipBytes: baseline.gzipBytes,
        sourceMapBytes: target.mapBytes,
        baselineSourceMapBytes: baseline.mapBytes,
      },
    });
    const attempts = attemptsOf(own);
    figures.push({
      name: `cold start network: ${target.id}`,
      unit: 'connection/DNS attempts at init',
      measured: attempts.count,
      baseline: baselineAttempts.count,
      baselineName,
      ratio: attempts.count,
      budget: '0 attempts',
      pass: attempts.checked && attempts.count === 0,
      details: {
        processes: own.length,
        how: 'a preload (test/bench/no-network.mjs) counts and refuses net.Socket#connect and dns lookups; AWS_ENDPOINT_URL points at 127.0.0.1:9',
        preloadActive: attempts.checked,
        ...(attempts.examples.length > 0 ? { attempts: attempts.examples } : {}),
      },
    });
  }
  return figures;
}
