import { describe, expect, it } from 'vitest';
import { FourEyesError } from '../../../../shared/domain/errors.ts';
import { calcVersion } from '../../../../shared/domain/metrics/accounting.ts';
import {
  factorIdOf,
  type MetricReport,
  reportablePeriods,
  submitReport,
  verifyReport,
} from '../../../../shared/domain/metrics/report.ts';
import { metricReportSchema } from '../../../../shared/domain/metrics/schema.ts';
import type { LifecycleStatus, Project } from '../../../../shared/domain/projects/schema.ts';
import { anAdmin, aProject, aReviewer, aSubmitter, now, validationErrorFrom } from '../factories.ts';
import { aFactor, aReportInput, aSubmitContext, historyOf } from './metric-factories.ts';

const gridInput = () =>
  aReportInput({
    generationMwh: 12_345.6,
    baseline: { method: 'grid_factor', factorId: 'jp-national-2023' },
    projectEmissions: [{ gas: 'CH4_fossil', tonnes: 2.5 }],
    leakageTco2e: 10.25,
  });

/** Revision 1 for May 2025, as the submitter stores it. */
function aFirstReport(): MetricReport {
  return submitReport(aReportInput(), aSubmitContext()).report;
}

function verified(report: MetricReport): MetricReport {
  return verifyReport(
    report,
    { decision: 'verified', comment: 'Meter data checked.' },
    {
      principal: aReviewer(),
      now: '2025-06-20T10:00:00.000Z',
    },
  );
}

describe('submitReport: a first report', () => {
  it('creates revision 1, self-reported, with its figures and bookkeeping', () => {
    const { report, outcome } = submitReport(gridInput(), aSubmitContext({ factor: aFactor() }));

    expect(outcome).toBe('created');
    expect(report).toEqual({
      projectId: '01JXKQ00000000000000000001',
      period: '2025-05',
      revision: 1,
      version: 1,
      generationMwh: 12_345.6,
      projectEmissions: [{ gas: 'CH4_fossil', tonnes: 2.5 }],
      baseline: { method: 'grid_factor', factorId: 'jp-national-2023' },
      leakageTco2e: 10.25,
      gwpSet: 'AR6',
      dataQuality: 2,
      // 12,345.6 MWh × 0.4567 = 5,638.23552; 2.5 t × 29.8 = 74.5; 5,638.23552 − 74.5 − 10.25 = 5,553.48552
      projectTco2e: 74.5,
      baselineTco2e: 5638.236,
      reductionsTco2e: 5553.486,
      factor: { id: 'jp-national-2023', version: 1, tco2PerMwh: 0.4567 },
      calcVersion,
      verification: { state: 'self_reported' },
      submittedAt: now,
      submittedBy: 'user-submitter',
      orgId: 'org-kansai-energy',
    });
    expect(metricReportSchema.safeParse(report).success).toBe(true);
  });

  it('stores no factor for an explicit baseline, even when one is passed', () => {
    const { report } = submitReport(aReportInput(), aSubmitContext({ factor: aFactor() }));

    expect(report).not.toHaveProperty('factor');
    expect(report.baselineTco2e).toBe(450);
  });

  it('leaves absent optional fields absent, not undefined', () => {
    const { report } = submitReport(aReportInput({ generationMwh: undefined }), aSubmitContext());

    expect(Object.keys(report)).not.toContain('generationMwh');
    expect(Object.values(report)).not.toContain(undefined);
  });

  it('gives the report to the project’s organisation when an admin submits it', () => {
    const { report } = submitReport(aReportInput(), aSubmitContext({ principal: anAdmin() }));

    expect(report).toMatchObject({ orgId: 'org-kansai-energy', submittedBy: 'user-admin' });
  });

  it('keeps negative reductions', () => {
    const input = aReportInput({
      baseline: { method: 'explicit', tco2e: 100 },
      projectEmissions: [{ gas: 'CO2', tonnes: 150 }],
      leakageTco2e: 5,
    });

    expect(submitReport(input, aSubmitContext()).report.reductionsTco2e).toBe(-55);
  });
});

describe('submitReport: the emission factor', () => {
  it('refuses a grid_factor baseline whose factor does not exist, naming baseline.factorId', () => {
    const error = validationErrorFrom(() => submitReport(gridInput(), aSubmitContext({ factor: undefined })));

    expect(error.errors).toEqual([
      { path: 'baseline.factorId', message: expect.stringContaining('jp-national-2023') },
    ]);
  });

  it('refuses a factor of another country than the project’s', () => {
    const factor = aFactor({ region: 'US-ERCT', method: 'grid_subregion' });

    const error = validationErrorFrom(() => submitReport(gridInput(), aSubmitContext({ factor })));

    expect(error.errors).toEqual([
      { path: 'baseline.factorId', message: expect.stringContaining('US-ERCT, but the project is in JP') },
    ]);
  });

  it('accepts a factor of a subdivision of the host country', () => {
    const factor = aFactor({ region: 'JP-13', tco2PerMwh: 0.5 });

    const { report } = submitReport(gridInput(), aSubmitContext({ factor }));

    // 12,345.6 MWh × 0.5 = 6,172.8
    expect(report.baselineTco2e).toBe(6172.8);
  });

  it('treats a factor other than the one the baseline names as a caller’s mistake', () => {
    expect(() => submitReport(gridInput(), aSubmitContext({ factor: aFactor({ id: 'jp-other' }) }))).toThrow(
      TypeError,
    );
  });

  it('tells the caller which factor to load', () => {
    expect(factorIdOf(gridInput())).toBe('jp-national-2023');
    expect(factorIdOf(aReportInput())).toBeUndefined();
  });

  it('names the period and the factor together when both are wrong', () => {
    const error = validationErrorFrom(() => submitReport(gridInput(), aSubmitContext({ period: '2030-01' })));

    expect(error.errors.map((e) => e.path)).toEqual(['period', 'baseline.factorId']);
  });
});

describe('submitReport: which months may be reported (today 2025-06-15)', () => {
  const underConstructionSince2024 = historyOf(['announced', '2022-01-01'], ['construction', '2024-03-10']);
  const registeredOperating = historyOf(['operating', '2020-05-01']);
  const neverBuilt = historyOf(['announced', '2024-01-10']);
  const cancelledBeforeBuilding = historyOf(['announced', '2019-01-01'], ['cancelled', '2020-01-01']);
  const builtTwice = historyOf(
    ['announced', '2020-01-01'],
    ['feasibility', '2021-01-01'],
    ['construction', '2022-06-30'],
    ['operating', '2023-09-01'],
    ['suspended', '2024-01-01'],
    ['construction', '2024-06-01'],
  );

  it.each([
    ['under construction since 2024-03-10', underConstructionSince2024, '2025-06', true], // the current month
    ['under construction since 2024-03-10', underConstructionSince2024, '2025-05', true],
    ['under construction since 2024-03-10', underConstructionSince2024, '2025-07', false], // next month
    ['under construction since 2024-03-10', underConstructionSince2024, '2030-01', false],
    ['under construction since 2024-03-10', underConstructionSince2024, '2023-03', true], // a year before
    ['under construction since 2024-03-10', underConstructionSince2024, '2023-02', false],
    ['registered operating since 2020-05-01', registeredOperating, '2019-05', true],
    ['registered operating since 2020-05-01', registeredOperating, '2019-04', false],
    ['never built (announced 2024-01-10)', neverBuilt, '2023-01', true],
    ['never built (announced 2024-01-10)', neverBuilt, '2022-12', false],
    ['never built (announced 2024-01-10)', neverBuilt, '2025-06', true],
    ['cancelled in 2020 before building', cancelledBeforeBuilding, '2018-01', true],
    ['cancelled in 2020 before building', cancelledBeforeBuilding, '2017-12', false],
    ['cancelled in 2020 before building', cancelledBeforeBuilding, '2025-06', true], // after the end: still open
    ['built, suspended, rebuilt (first construction 2022-06-30)', builtTwice, '2021-06', true],
    ['built, suspended, rebuilt (first construction 2022-06-30)', builtTwice, '2021-05', false],
  ] as const)('project %s: %s is reportable: %s', (_case, statusHistory, period, reportable) => {
    const ctx = aSubmitContext({ project: aProject({ statusHistory: [...statusHistory] }), period });

    if (reportable) {
      expect(submitReport(aReportInput(), ctx).report.period).toBe(period);
    } else {
      expect(validationErrorFrom(() => submitReport(aReportInput(), ctx)).errors.map((e) => e.path)).toEqual([
        'period',
      ]);
    }
  });

  it.each(['2025-13', '2025-5', 'May 2025'])('refuses the malformed period %j', (period) => {
    const error = validationErrorFrom(() => submitReport(aReportInput(), aSubmitContext({ period })));

    expect(error.errors.map((e) => e.path)).toEqual(['period']);
  });

  it('says which month is the current one when the period is in the future', () => {
    const error = validationErrorFrom(() =>
      submitReport(aReportInput(), aSubmitContext({ period: '2025-07' })),
    );

    expect(error.errors[0]?.message).toContain('2025-06');
  });

  it.each<[string, ReadonlyArray<readonly [LifecycleStatus, string]>, string | undefined]>([
    [
      'construction',
      [
        ['announced', '2022-01-01'],
        ['construction', '2024-03-10'],
      ],
      '2023-03',
    ],
    ['operating first', [['operating', '2020-05-01']], '2019-05'],
    [
      'no construction',
      [
        ['announced', '2024-01-10'],
        ['feasibility', '2024-08-01'],
      ],
      '2023-01',
    ],
    ['no history at all', [], undefined],
  ])('bounds the reportable months (%s)', (_case, entries, earliest) => {
    expect(reportablePeriods({ statusHistory: historyOf(...entries) }, now)).toEqual({
      earliest,
      latest: '2025-06',
    });
  });
});

describe('submitReport: restatements', () => {
  it('makes revision n + 1 and drops a verified report back to self_reported', () => {
    const previous = verified(aFirstReport());
    const ctx = aSubmitContext({ previous, now: '2025-06-25T08:00:00.000Z' });

    const { report, outcome } = submitReport(
      aReportInput({ projectEmissions: [{ gas: 'CO2', tonnes: 20 }] }),
      ctx,
    );

    expect(outcome).toBe('restated');
    expect(report).toMatchObject({
      revision: 2,
      version: 3,
      verification: { state: 'self_reported' },
      projectTco2e: 20,
      reductionsTco2e: 430,
      submittedAt: '2025-06-25T08:00:00.000Z',
    });
    expect(report.verification).toEqual({ state: 'self_reported' });
    expect(previous).toMatchObject({ revision: 1, verification: { state: 'verified' }, projectTco2e: 12.5 });
  });

  it('restates a rejected report into a new self-reported revision', () => {
    const rejected = verifyReport(
      aFirstReport(),
      { decision: 'rejected', comment: 'Baseline not evidenced.' },
      { principal: aReviewer(), now },
    );

    const { report } = submitReport(aReportInput({ dataQuality: 1 }), aSubmitContext({ previous: rejected }));

    expect(report).toMatchObject({ revision: 2, verification: { state: 'self_reported' } });
  });

  it('answers the stored revision unchanged when a restatement would store the same thing', () => {
    const previous = verified(aFirstReport());

    const { report, outcome } = submitReport(
      aReportInput(),
      aSubmitContext({ previous, principal: aSubmitter({ subject: 'user-colleague' }) }),
    );

    expect(outcome).toBe('unchanged');
    expect(report).toBe(previous);
  });

  it('makes a new revision when the same body meets a new version of its factor', () => {
    const previous = submitReport(gridInput(), aSubmitContext({ factor: aFactor() })).report;
    const factor = aFactor({ version: 2, tco2PerMwh: 0.5 });

    const { report, outcome } = submitReport(gridInput(), aSubmitContext({ previous, factor }));

    expect(outcome).toBe('restated');
    expect(report).toMatchObject({
      revision: 2,
      factor: { version: 2, tco2PerMwh: 0.5 },
      baselineTco2e: 6172.8,
    });
  });

  it('treats a previous report of another month as a caller’s mistake', () => {
    const previous = { ...aFirstReport(), period: '2025-04' };

    expect(() => submitReport(aReportInput(), aSubmitContext({ previous }))).toThrow(TypeError);
  });
});

describe('verifyReport', () => {
  it.each(['verified', 'rejected'] as const)('records a %s decision with who, when and why', (decision) => {
    const report = aFirstReport();

    const decided = verifyReport(
      report,
      { decision, comment: 'Checked against meter data.' },
      {
        principal: aReviewer(),
        now: '2025-06-20T10:00:00.000Z',
      },
    );

    expect(decided).toEqual({
      ...report,
      version: 2,
      verification: {
        state: decision,
        by: 'user-reviewer',
        at: '2025-06-20T10:00:00.000Z',
        comment: 'Checked against meter data.',
      },
    });
    expect(metricReportSchema.safeParse(decided).success).toBe(true);
  });

  it.each(['verified', 'rejected'] as const)('refuses to decide again on a %s revision', (decision) => {
    const decided = verifyReport(
      aFirstReport(),
      { decision, comment: 'First look.' },
      { principal: aReviewer(), now },
    );

    const error = validationErrorFrom(() =>
      verifyReport(decided, { decision: 'verified', comment: 'Second look.' }, { principal: anAdmin(), now }),
    );

    expect(error.errors.map((e) => e.path)).toEqual(['decision']);
  });

  it('refuses a verification by whoever submitted the revision, admins included, naming the rule', () => {
    const report = submitReport(aReportInput(), aSubmitContext({ principal: anAdmin() })).report;

    expect(() =>
      verifyReport(
        report,
        { decision: 'verified', comment: 'Looks right to me.' },
        { principal: anAdmin(), now },
      ),
    ).toThrow(FourEyesError);
    expect(() =>
      verifyReport(report, { decision: 'rejected', comment: 'Wrong.' }, { principal: anAdmin(), now }),
    ).toThrow(/Four-eyes rule/);
  });
});

describe('submitReport: plausible generation', () => {
  const projectAt = (capacity: Project['capacity']): Project => {
    const { capacity: _default, ...project } = aProject({
      statusHistory: historyOf(['construction', '2024-03-10']),
      status: 'construction',
    });
    return capacity ? { ...project, capacity } : project;
  };

  it.each([
    ['2025-05', 31 * 24],
    ['2025-04', 30 * 24],
    ['2025-02', 28 * 24],
    ['2024-02', 29 * 24],
  ])(
    'takes up to the MW capacity × the hours of %s, and refuses more, naming generationMwh',
    (period, hours) => {
      const project = projectAt({ value: 120, unit: 'MW' });
      const ctx = aSubmitContext({ project, period });

      expect(submitReport(aReportInput({ generationMwh: 120 * hours }), ctx).outcome).toBe('created');
      const error = validationErrorFrom(() =>
        submitReport(aReportInput({ generationMwh: 120 * hours + 0.001 }), ctx),
      );
      expect(error.errors.map((e) => e.path)).toEqual(['generationMwh']);
      expect(error.errors[0]?.message).toMatch(/capacity factor above 1/);
    },
  );

  it.each([
    ['no capacity', undefined],
    ['a storage capacity in MWh', { value: 1, unit: 'MWh' as const }],
    ['a hydrogen capacity', { value: 1, unit: 't_h2_per_year' as const }],
  ])('does not bound the generation of a project with %s', (_case, capacity) => {
    const ctx = aSubmitContext({ project: projectAt(capacity) });

    expect(submitReport(aReportInput({ generationMwh: 1e8 }), ctx).outcome).toBe('created');
  });
});
