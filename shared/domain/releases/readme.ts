/**
 * A release's `README.md`: what the numbers are, how they were computed and their limits, for a
 * reader who has only the downloaded files (`docs/releases.md`).
 */
import type { IndicatorRun } from '../indicator-runs/run.ts';
import { indicatorTableFields } from '../indicators/table.ts';
import { indicatorGlossary, type ReleaseLicense } from './descriptor.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The README of a run's release. */
export function releaseReadme(run: IndicatorRun, license: ReleaseLicense): string {
  const counts = run.counts
    ? `It read ${run.counts.projects} accepted projects and ${run.counts.reports} monthly reports and computed ${run.counts.items} groups.`
    : '';
  return [
    `# JUCIP green-growth indicators, run ${run.runId}`,
    '',
    'Indicators of the clean-energy projects registered in the JUCIP tracker (Japan–U.S. clean-energy',
    'technology cooperation): capacity, investment, generation, emissions and their reductions, by',
    'month, quarter and year, for all projects and by host country, technology and program.',
    '',
    '## Files',
    '',
    '- `indicators.csv.gz`: the numbers, gzip-compressed CSV (UTF-8, comma-separated, CRLF line ends,',
    '  a header row), one row per number.',
    '- `datapackage.json`: the Frictionless Data Package (v2) descriptor: the table schema of the CSV,',
    '  the licence, and each file’s size and SHA-256 hash (check a download against them).',
    '- `README.md`: this file.',
    '',
    '## Columns',
    '',
    '| column | meaning |',
    '| --- | --- |',
    ...indicatorTableFields.map((field) => `| \`${field.name}\` | ${cell(field.description)} |`),
    '',
    '## Indicators',
    '',
    '| indicator | definition | unit |',
    '| --- | --- | --- |',
    ...indicatorGlossary().map(
      (entry) => `| \`${entry.name}\` | ${cell(entry.description)} | ${cell(entry.unit)} |`,
    ),
    '',
    '## How they were computed',
    '',
    `Run \`${run.runId}\` started at ${run.startedAt}${run.finishedAt ? ` and finished computing at ${run.finishedAt}` : ''}. ${counts}`,
    `Rules: \`${run.calcVersion ?? 'unknown'}\` (the indicator rules, the disclosure-control rules and the`,
    'report accounting rules the reports were computed with).',
    run.inputsHash
      ? `Inputs: SHA-256 \`${run.inputsHash}\` of exactly the data read; the same inputs give the same hash and the same numbers.`
      : '',
    '',
    '- Only the version of each project that a reviewer accepted counts; changes still under review',
    '  and withdrawn projects do not.',
    '- Each project month counts its latest report revision. Amounts in other currencies were converted',
    '  to USD at the yearly rate of the year of the commitment.',
    '- Quarters and years are sums of their months; the quarter and year that contain the last complete',
    '  month cover their months up to it (to date).',
    '',
    '## Limits',
    '',
    '- Disclosure control: a value with fewer than 3 contributing projects, or one dominated by a',
    '  single project (more than 85% of the total), is suppressed (`conf_status` `C`), and so are',
    '  enough other values (`D`) that it cannot be worked out by adding or subtracting published ones.',
    '  Suppressed values are empty. Bounds on a suppressed value can still be derived by linear',
    '  programming; the suppression prevents exact recovery only.',
    '- Reported figures are self-reported by the project organisations; `verified_share` tells how much',
    '  of the reductions a verifier has confirmed.',
    '- A later run may restate earlier periods when reports are restated or projects change.',
    '',
    '## Licence',
    '',
    `${license.title ?? license.name}${license.path ? ` (${license.path})` : ''}. Cite as: JUCIP tracker, green-growth indicators, run ${run.runId}.`,
    '',
  ].join('\n');
}
