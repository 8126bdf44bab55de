/**
 * `npm run bench`: the performance benchmarks of the tracker, each figure a ratio against a baseline
 * measured in the same run. Runs cold start, API overhead, indicator job scaling and the bulk
 * metrics import one after the other (never at once: they would measure each other), or only those
 * named on the command line; prints a table with each ratio, its budget
 * and PASS/FAIL, and writes `bench-results/bench.json` and `bench-results/bench.md` (git-ignored).
 *
 * The exit code is 0 whenever every benchmark ran, budgets met or not: this is a report, and a
 * failing budget is listed with why. It is 1 only when a benchmark could not run at all.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchApiOverhead } from './api-overhead.ts';
import { projectRoot } from './cdk-bundling.ts';
import { benchColdStart } from './cold-start.ts';
import { benchIndicatorJob } from './indicator-job.ts';
import { benchIndicatorScale } from './indicator-scale.ts';
import { benchMetricsImport } from './metrics-import.ts';
import type { BenchFigure } from './report.ts';

interface ModuleOutcome {
  readonly name: string;
  readonly seconds: number;
  readonly figures: number;
  readonly error?: string;
}

const modules: readonly { name: string; run: () => Promise<BenchFigure[]> }[] = [
  { name: 'cold start', run: () => benchColdStart() },
  { name: 'API overhead', run: () => benchApiOverhead() },
  { name: 'indicator job', run: () => benchIndicatorJob() },
  { name: 'indicator scale', run: () => benchIndicatorScale() },
  { name: 'metrics import', run: () => benchMetricsImport() },
];

/** `npm run bench -- "metrics import"` runs only the named benchmarks; none named runs them all. */
const only = process.argv.slice(2);
const selected = only.length === 0 ? modules : modules.filter((m) => only.includes(m.name));

function javaVersion(): string {
  // `java -version` prints to stderr.
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) return 'java not found';
  return `${result.stderr}${result.stdout}`.split('\n')[0]?.trim() ?? 'unknown';
}

function machine() {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGb: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    java: javaVersion(),
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

const number = (value: number) =>
  Number.isInteger(value)
    ? value.toLocaleString('en-US')
    : value.toLocaleString('en-US', { maximumFractionDigits: 3 });

/** `1.234x` for ratios, the bare figure when the budget is about something else (MB of growth, attempts). */
function ratioText(figure: BenchFigure): string {
  return /\dx\b/.test(figure.budget) ? `${figure.ratio.toFixed(2)}x` : number(figure.ratio);
}

const kb = (bytes: unknown) => `${Math.round(Number(bytes) / 1024)} KB`;

/** Why a figure missed its budget, in one line, from what its benchmark put in the details. */
function why(figure: BenchFigure): string {
  const d = figure.details ?? {};
  const base = `${number(figure.measured)} ${figure.unit} against ${number(figure.baseline)} (${figure.baselineName}): ${ratioText(figure)}, budget ${figure.budget}`;
  if (d.initErrors) return `${base}; the bundle failed to initialise: ${String(d.initErrors)}`;
  if (d.largestInputs) {
    const largest = Object.entries(d.largestInputs as Record<string, number>)
      .map(([origin, bytes]) => `${origin} ${kb(bytes)}`)
      .join(', ');
    return `${base}; largest parts of the bundle: ${largest}`;
  }
  if (d.attempts) return `${base}; attempts: ${String(d.attempts)}`;
  if (d.jobReadsMs && d.jobWritesMs) {
    return `${base}; inside the job, waiting for reads took ${String(d.jobReadsMs)} ms and writing the items ${String(d.jobWritesMs)} ms`;
  }
  if (d.cappedOldSpace) return `${base}; with a capped old space: ${JSON.stringify(d.cappedOldSpace)}`;
  if (d.storedItemsParseMsFor1M) {
    return `${base}; parsing the full stored items instead would take about ${number(Number(d.storedItemsParseMsFor1M))} ms`;
  }
  return base;
}

function table(figures: readonly BenchFigure[]): string[] {
  const rows = figures.map((f) => [
    f.name,
    `${number(f.measured)} ${f.unit}`,
    number(f.baseline),
    ratioText(f),
    f.budget,
    f.pass ? 'PASS' : 'FAIL',
  ]);
  const header = ['figure', 'measured', 'baseline', 'ratio', 'budget', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

function markdown(
  figures: readonly BenchFigure[],
  outcomes: readonly ModuleOutcome[],
  info: ReturnType<typeof machine>,
  startedAt: string,
  seconds: number,
): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const failing = figures.filter((f) => !f.pass);
  return [
    '# Benchmark results',
    '',
    `${startedAt.slice(0, 10)}, ${info.cpus} × ${info.cpuModel}, ${info.memoryGb} GB, Node ${info.node}, ${info.os}; ` +
      `${info.java}; load average at start ${info.loadAverageAtStart.join(' / ')}; took ${Math.round(seconds)} s.`,
    '',
    '| figure | measured | baseline | ratio | budget | result |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${cell(f.name)} | ${number(f.measured)} ${cell(f.unit)} | ${number(f.baseline)} | ${ratioText(f)} | ${cell(f.budget)} | ${f.pass ? 'PASS' : '**FAIL**'} |`,
    ),
    '',
    ...(failing.length > 0
      ? ['## Budgets not met', '', ...failing.map((f) => `- **${cell(f.name)}**: ${cell(why(f))}`), '']
      : ['All budgets met.', '']),
    ...outcomes
      .filter((o) => o.error)
      .flatMap((o) => [`## ${o.name} could not run`, '', '```', o.error ?? '', '```', '']),
    '## Benchmarks',
    '',
    ...outcomes.map(
      (o) => `- ${o.name}: ${o.figures} figures in ${Math.round(o.seconds)} s${o.error ? ' (failed)' : ''}`,
    ),
    '',
    'Every figure with its raw samples and details is in `bench.json`.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const info = machine();
  console.log(
    `Benchmarks, ${startedAt}: ${info.cpus} × ${info.cpuModel}, ${info.memoryGb} GB, Node ${info.node}, ` +
      `load average ${info.loadAverageAtStart.join(' / ')}`,
  );
  const figures: BenchFigure[] = [];
  const outcomes: ModuleOutcome[] = [];
  for (const module of selected) {
    console.log(`\n▶ ${module.name}`);
    const moduleStart = performance.now();
    try {
      const produced = await module.run();
      figures.push(...produced);
      outcomes.push({
        name: module.name,
        seconds: (performance.now() - moduleStart) / 1000,
        figures: produced.length,
      });
      for (const row of table(produced)) console.log(`  ${row}`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      outcomes.push({
        name: module.name,
        seconds: (performance.now() - moduleStart) / 1000,
        figures: 0,
        error: message,
      });
      console.error(`  ${module.name} could not run:\n${message}`);
    }
    console.log(`  (${Math.round((performance.now() - moduleStart) / 1000)} s)`);
  }
  const seconds = (performance.now() - started) / 1000;
  const finishedAt = new Date().toISOString();

  const outputDir = join(projectRoot, 'bench-results');
  mkdirSync(outputDir, { recursive: true });
  const result = {
    startedAt,
    finishedAt,
    seconds: Math.round(seconds),
    machine: { ...info, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))) },
    benchmarks: outcomes,
    figures,
  };
  writeFileSync(join(outputDir, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(outputDir, 'bench.md'), markdown(figures, outcomes, info, startedAt, seconds));

  console.log(`\nAll figures (${Math.round(seconds)} s):`);
  for (const row of table(figures)) console.log(`  ${row}`);
  const failing = figures.filter((f) => !f.pass);
  if (failing.length > 0) {
    console.log(`\n${failing.length} of ${figures.length} budgets not met:`);
    for (const f of failing) console.log(`  FAIL ${f.name}: ${why(f)}`);
  } else {
    console.log(`\nAll ${figures.length} budgets met.`);
  }
  const crashed = outcomes.filter((o) => o.error);
  for (const o of crashed) console.log(`\n${o.name} could not run: ${o.error?.split('\n')[0]}`);
  console.log('\nWritten: bench-results/bench.json, bench-results/bench.md');
  process.exitCode = crashed.length > 0 ? 1 : 0;
}

await main();
