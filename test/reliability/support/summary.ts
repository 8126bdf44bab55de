/** Prints the reliability summary from the counts the test files recorded. */
import { existsSync, readFileSync } from 'node:fs';
import { type CountName, countNames, countsFile } from './collector.ts';

const headings: Record<CountName, string> = {
  requestsTried: 'requests tried',
  faultsInjected: 'faults injected',
  acknowledgedWritesChecked: 'acknowledged writes checked',
  acknowledgedWritesLostByDatabase: 'lost by DynamoDB Local when killed',
  databaseDumpsCompared: 'database dumps compared',
  templateChecks: 'template checks',
};

export function printSummary(dir: string, elapsedMs: number): void {
  const file = countsFile(dir);
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  const byArea = new Map<string, Record<CountName, number>>();
  for (const line of lines) {
    const { area, counts } = JSON.parse(line) as { area: string; counts: Partial<Record<CountName, number>> };
    const row =
      byArea.get(area) ?? (Object.fromEntries(countNames.map((n) => [n, 0])) as Record<CountName, number>);
    for (const name of countNames) row[name] += counts[name] ?? 0;
    byArea.set(area, row);
  }
  const total = Object.fromEntries(countNames.map((n) => [n, 0])) as Record<CountName, number>;
  for (const row of byArea.values()) for (const name of countNames) total[name] += row[name];
  const rows = [...byArea.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const header = ['area', ...countNames.map((n) => headings[n])];
  const table = [
    header,
    ...rows.map(([area, row]) => [area, ...countNames.map((n) => String(row[n]))]),
    ['TOTAL', ...countNames.map((n) => String(total[n]))],
  ];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const format = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const rule = '-'.repeat(format(header).length);
  console.log(
    [
      '',
      'Reliability and security summary',
      rule,
      format(header),
      rule,
      ...table.slice(1, -1).map(format),
      rule,
      format(table[table.length - 1] ?? []),
      rule,
      `Wall time of the suite: ${(elapsedMs / 1000).toFixed(1)} s (from global setup to teardown)`,
      '',
    ].join('\n'),
  );
}
