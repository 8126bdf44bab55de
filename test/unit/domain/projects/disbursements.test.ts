/**
 * Disbursements and expected outcomes on projects (`docs/disbursements.md`): their validation, the
 * USD value of each disbursement at the rate of its own year, investment ids kept by the server,
 * the review rule for changes to an accepted project, and the CSV round trip.
 */
import { describe, expect, it } from 'vitest';
import { importRecordOf } from '../../../../shared/domain/projects/export.ts';
import { bodyFromCsvRecord, importColumns } from '../../../../shared/domain/projects/import.ts';
import {
  createProject,
  editableFieldsOf,
  patchProject,
  reviewProject,
} from '../../../../shared/domain/projects/project.ts';
import {
  type InvestmentInput,
  type Project,
  projectCreateSchema,
  projectPatchSchema,
} from '../../../../shared/domain/projects/schema.ts';
import { parseOrThrow } from '../../../../shared/domain/validation.ts';
import { aContext, aProjectInput, aReviewer, ratesFrom, today, validationErrorFrom } from '../factories.ts';

const rates = ratesFrom({ 'JPY:2023': 0.0071, 'JPY:2024': 0.0066, 'JPY:2025': 0.0065 });

function aCommitment(overrides: Partial<InvestmentInput> = {}): InvestmentInput {
  return {
    investorCountry: 'JP',
    amount: 1_000_000,
    currency: 'JPY',
    committedOn: '2023-06-01',
    instrument: 'equity',
    ...overrides,
  };
}

/** A project body as a client sends it, parsed by the create schema (which checks the per-investment rules). */
function parsedCreate(investments: readonly unknown[]) {
  return parseOrThrow(projectCreateSchema, { ...aProjectInput(), investments });
}

function created(investments: readonly InvestmentInput[], extra: Partial<Project> = {}): Project {
  const { project } = createProject(
    aProjectInput({ investments: [...investments], statusEffectiveDate: '2023-01-10' }),
    aContext({ usdPerUnit: rates }),
  );
  return { ...project, ...extra };
}

/** The investments as a client sends them back: with their ids, without the server's USD values. */
function sentBack(project: Project): InvestmentInput[] {
  return editableFieldsOf(project).investments;
}

describe('disbursements: USD at the rate of their own year', () => {
  it('prices each disbursement at the rate of the year of its date, the commitment at that of committedOn', () => {
    const project = created([
      aCommitment({
        disbursements: [
          { date: '2023-12-01', amount: 200_000 },
          { date: '2024-03-01', amount: 300_000 },
          { date: '2025-01-15', amount: 100_000.5 },
        ],
      }),
    ]);

    const [investment] = project.investments;
    expect(investment?.usdAmount).toBe(7100);
    expect(investment?.disbursements).toEqual([
      { date: '2023-12-01', amount: 200_000, usdAmount: 1420 },
      { date: '2024-03-01', amount: 300_000, usdAmount: 1980 },
      // 100,000.5 × 0.0065 = 650.00325 → 650.00
      { date: '2025-01-15', amount: 100_000.5, usdAmount: 650 },
    ]);
  });

  it('takes USD disbursements as they are', () => {
    const project = created([
      aCommitment({ currency: 'USD', amount: 500, disbursements: [{ date: '2024-01-01', amount: 123.45 }] }),
    ]);

    expect(project.investments[0]?.disbursements).toEqual([
      { date: '2024-01-01', amount: 123.45, usdAmount: 123.45 },
    ]);
  });

  it('gives every investment a server id and an empty list of disbursements when none are sent', () => {
    const project = created([aCommitment(), aCommitment({ amount: 5 })]);

    expect(project.investments.map((i) => i.id)).toEqual([
      '01JXKQ00000000000000000001',
      '01JXKQ00000000000000000002',
    ]);
    expect(project.investments.map((i) => i.disbursements)).toEqual([[], []]);
  });

  it('names the disbursement whose year has no rate', () => {
    const error = validationErrorFrom(() =>
      createProject(
        aProjectInput({
          investments: [aCommitment({ disbursements: [{ date: '2022-12-31', amount: 1 }] })],
          statusEffectiveDate: '2023-01-10',
        }),
        aContext({ usdPerUnit: rates }),
      ),
    );

    // Dated before its commitment too, but the schema checks that; here only the rate is missing.
    expect(error.errors).toEqual([
      { path: 'investments.0.disbursements.0.date', message: 'No USD rate for JPY in 2022 in the FX table' },
    ]);
  });
});

describe('disbursements: every refusal names its field', () => {
  it('refuses a disbursement dated before the commitment', () => {
    const error = validationErrorFrom(() =>
      parsedCreate([
        aCommitment({
          disbursements: [
            { date: '2023-06-01', amount: 1 },
            { date: '2023-05-31', amount: 1 },
          ],
        }),
      ]),
    );

    expect(error.errors).toEqual([
      {
        path: 'investments.0.disbursements.1.date',
        message: 'Must not be before the commitment (committedOn 2023-06-01)',
      },
    ]);
  });

  it('refuses disbursements that add up to more than the committed amount, naming the one that passes it', () => {
    const error = validationErrorFrom(() =>
      parsedCreate([
        aCommitment(),
        aCommitment({
          amount: 1000,
          disbursements: [
            { date: '2023-07-01', amount: 400 },
            { date: '2023-08-01', amount: 600 },
            { date: '2023-09-01', amount: 0.01 },
            { date: '2023-10-01', amount: 5 },
          ],
        }),
      ]),
    );

    expect(error.errors).toEqual([
      {
        path: 'investments.1.disbursements.2.amount',
        message: 'The disbursements up to this one add up to 1000.01, more than the committed amount 1000',
      },
    ]);
  });

  it('compares the sum exactly: 0.1 + 0.2 of a 0.3 commitment is the whole of it, not more', () => {
    const parsed = parsedCreate([
      aCommitment({
        amount: 0.3,
        currency: 'USD',
        disbursements: [
          { date: '2023-07-01', amount: 0.1 },
          { date: '2023-08-01', amount: 0.2 },
        ],
      }),
    ]);

    expect(parsed.investments[0]?.disbursements).toHaveLength(2);
  });

  it.each([
    [{ date: '2023-07-01', amount: 0 }, 'investments.0.disbursements.0.amount'],
    [{ date: '2023-07-01', amount: -5 }, 'investments.0.disbursements.0.amount'],
    [{ date: '2023-02-30', amount: 5 }, 'investments.0.disbursements.0.date'],
    [{ date: '2023-07-01' }, 'investments.0.disbursements.0.amount'],
    [{ date: '2023-07-01', amount: 5, usdAmount: 1 }, 'investments.0.disbursements.0.usdAmount'],
  ])('refuses the disbursement %j at %s', (disbursement, path) => {
    const error = validationErrorFrom(() =>
      parsedCreate([aCommitment({ disbursements: [disbursement as never] })]),
    );

    expect(error.errors.map((e) => e.path)).toEqual([path]);
  });

  it('refuses a disbursement dated after today, on creation and in a patch', () => {
    const future = '2025-06-16';
    expect(future > today).toBe(true);
    const createError = validationErrorFrom(() =>
      createProject(
        aProjectInput({ investments: [aCommitment({ disbursements: [{ date: future, amount: 1 }] })] }),
        aContext({ usdPerUnit: rates }),
      ),
    );
    const project = created([aCommitment()]);
    const [investment] = sentBack(project);
    const patchError = validationErrorFrom(() =>
      patchProject(
        project,
        {
          investments: [{ ...(investment as InvestmentInput), disbursements: [{ date: future, amount: 1 }] }],
        },
        aContext({ usdPerUnit: rates }),
      ),
    );

    const expected = {
      path: 'investments.0.disbursements.0.date',
      message: `Must not be in the future (today is ${today})`,
    };
    expect(createError.errors).toEqual([expected]);
    expect(patchError.errors).toEqual([expected]);
  });

  it('refuses an id on creation: ids are the server’s', () => {
    const error = validationErrorFrom(() =>
      createProject(
        aProjectInput({ investments: [aCommitment({ id: '01JXKQ00000000000000000009' })] }),
        aContext({ usdPerUnit: rates }),
      ),
    );

    expect(error.errors).toEqual([
      { path: 'investments.0.id', message: 'Set by the server: leave it out when creating a project' },
    ]);
  });

  it('refuses an id the project does not have, and a malformed or repeated id', () => {
    const project = created([aCommitment()]);
    const [investment] = sentBack(project) as [InvestmentInput];

    const unknown = validationErrorFrom(() =>
      patchProject(
        project,
        { investments: [{ ...investment, id: '01JXKQ00000000000000000099' }] },
        aContext({ usdPerUnit: rates }),
      ),
    );
    const malformed = validationErrorFrom(() =>
      parseOrThrow(projectPatchSchema, { investments: [{ ...investment, id: 'investment-1' }] }),
    );
    const repeated = validationErrorFrom(() =>
      parseOrThrow(projectPatchSchema, { investments: [investment, investment] }),
    );

    expect(unknown.errors).toEqual([
      {
        path: 'investments.0.id',
        message: 'No investment of this project has this id; leave id out to add a new investment',
      },
    ]);
    expect(malformed.errors.map((e) => e.path)).toEqual(['investments.0.id']);
    expect(repeated.errors).toEqual([{ path: 'investments.1.id', message: 'Repeats investments.0.id' }]);
  });
});

describe('disbursements: changed through the project’s patch', () => {
  it('keeps the investment’s id and stored USD values, and prices only the new disbursement', () => {
    const project = created([aCommitment({ disbursements: [{ date: '2023-12-01', amount: 200_000 }] })]);
    const [investment] = sentBack(project) as [InvestmentInput];
    // The FX table was corrected since: what did not change keeps its value.
    const revised = aContext({ usdPerUnit: ratesFrom({ 'JPY:2023': 0.009, 'JPY:2024': 0.0066 }) });

    const { project: edited } = patchProject(
      project,
      {
        investments: [
          {
            ...investment,
            disbursements: [...(investment.disbursements ?? []), { date: '2024-02-01', amount: 100_000 }],
          },
        ],
      },
      revised,
    );

    expect(edited.investments).toEqual([
      {
        ...project.investments[0],
        disbursements: [
          { date: '2023-12-01', amount: 200_000, usdAmount: 1420 },
          { date: '2024-02-01', amount: 100_000, usdAmount: 660 },
        ],
      },
    ]);
  });

  it('gives an investment sent without an id a new one, leaving the others as they were', () => {
    const project = created([aCommitment()]);
    const { project: edited } = patchProject(
      project,
      { investments: [...sentBack(project), aCommitment({ amount: 7 })] },
      aContext({ usdPerUnit: rates, newId: () => '01JXKQ0000000000000000NEW1' }),
    );

    expect(edited.investments.map((i) => i.id)).toEqual([
      project.investments[0]?.id,
      '01JXKQ0000000000000000NEW1',
    ]);
  });

  it('matches an investment sent without an id to the stored one with the same commitment', () => {
    const project = created([aCommitment(), aCommitment()]);
    const withoutIds = sentBack(project).map(({ id: _id, ...investment }) => investment);
    const [first, second] = withoutIds as [InvestmentInput, InvestmentInput];

    const unchanged = patchProject(project, { investments: withoutIds }, aContext({ usdPerUnit: rates }));
    const { project: paid } = patchProject(
      project,
      { investments: [first, { ...second, disbursements: [{ date: '2024-01-10', amount: 10 }] }] },
      aContext({ usdPerUnit: rates }),
    );

    expect(unchanged.audit).toBeUndefined();
    // Two identical commitments are matched one to one, in order.
    expect(paid.investments.map((i) => i.id)).toEqual(project.investments.map((i) => i.id));
    expect(paid.investments[1]?.disbursements).toEqual([{ date: '2024-01-10', amount: 10, usdAmount: 0.07 }]);
  });

  it('sent back unchanged, records no change', () => {
    const project = created([aCommitment({ disbursements: [{ date: '2023-12-01', amount: 200_000 }] })]);

    const result = patchProject(project, { investments: sentBack(project) }, aContext({ usdPerUnit: rates }));

    expect(result.audit).toBeUndefined();
    expect(result.project).toBe(project);
  });

  it('on an accepted project, a new disbursement is a pending revision: the accepted version stays published', () => {
    const submitted = created([aCommitment()]);
    const accepted = reviewProject(
      submitted,
      { decision: 'accepted', comment: 'Checked.' },
      aContext({ principal: aReviewer() }),
    ).project;
    const [investment] = sentBack(accepted) as [InvestmentInput];

    const { project: revised, audit } = patchProject(
      accepted,
      { investments: [{ ...investment, disbursements: [{ date: '2024-05-01', amount: 250_000 }] }] },
      aContext({ usdPerUnit: rates }),
    );

    expect(revised).toMatchObject({
      reviewState: 'submitted',
      acceptedVersion: accepted.version,
      pendingChanges: ['investments'],
      revisionAuthors: ['user-submitter'],
    });
    expect(audit?.changes.map((c) => c.path)).toEqual(['investments', 'reviewState']);
    // The reviewer who accepted the project before may accept the revision; its author may not.
    const reaccepted = reviewProject(
      revised,
      { decision: 'accepted', comment: 'Disbursement matches the bank statement.' },
      aContext({ principal: aReviewer() }),
    ).project;
    expect(reaccepted.investments[0]?.disbursements).toEqual([
      { date: '2024-05-01', amount: 250_000, usdAmount: 1650 },
    ]);
    expect(reaccepted).toMatchObject({ reviewState: 'accepted', acceptedVersion: reaccepted.version });
  });
});

describe('expected outcomes', () => {
  it('are stored as sent and merged member by member by a patch', () => {
    const project = created([], {});
    const { project: withTargets } = patchProject(
      project,
      parseOrThrow(projectPatchSchema, {
        expected: { annualGenerationMwh: 420_000, annualReductionsTco2e: 190_000.5, source: 'FID memo' },
      }),
      aContext(),
    );
    const { project: withoutSource } = patchProject(
      withTargets,
      parseOrThrow(projectPatchSchema, { expected: { source: null, annualGenerationMwh: 400_000 } }),
      aContext(),
    );
    const { project: without } = patchProject(
      withoutSource,
      parseOrThrow(projectPatchSchema, { expected: null }),
      aContext(),
    );

    expect(withTargets.expected).toEqual({
      annualGenerationMwh: 420_000,
      annualReductionsTco2e: 190_000.5,
      source: 'FID memo',
    });
    expect(withoutSource.expected).toEqual({
      annualGenerationMwh: 400_000,
      annualReductionsTco2e: 190_000.5,
    });
    expect(without.expected).toBeUndefined();
  });

  it.each([
    [{ annualGenerationMwh: 263_520_001 }, 'expected.annualGenerationMwh'],
    [{ annualGenerationMwh: -1 }, 'expected.annualGenerationMwh'],
    [{ annualReductionsTco2e: 10_000_001 }, 'expected.annualReductionsTco2e'],
    [{ annualReductionsTco2e: 1e-9 }, 'expected.annualReductionsTco2e'],
    [{ source: 'a study' }, 'expected'],
    [{ annualReductionsTco2e: 5, source: '' }, 'expected.source'],
    [{ annualReductionsTco2e: 5, target: 3 }, 'expected.target'],
  ])('refuses %j at %s', (expected, path) => {
    const error = validationErrorFrom(() =>
      parseOrThrow(projectCreateSchema, { ...aProjectInput(), expected }),
    );

    expect(error.errors.map((e) => e.path)).toEqual([path]);
  });

  it('accepts the plausibility bounds themselves: 30,000 MW all year, 10 Mt a year', () => {
    const parsed = parseOrThrow(projectCreateSchema, {
      ...aProjectInput(),
      expected: { annualGenerationMwh: 30_000 * 8784, annualReductionsTco2e: 10_000_000 },
    });

    expect(parsed.expected).toEqual({ annualGenerationMwh: 263_520_000, annualReductionsTco2e: 10_000_000 });
  });

  it('refuses a patch that would leave no figure', () => {
    const project = created([]);
    const { project: withTarget } = patchProject(
      project,
      parseOrThrow(projectPatchSchema, { expected: { annualReductionsTco2e: 5 } }),
      aContext(),
    );

    const error = validationErrorFrom(() =>
      patchProject(
        withTarget,
        parseOrThrow(projectPatchSchema, { expected: { annualReductionsTco2e: null, source: 'x' } }),
        aContext(),
      ),
    );

    expect(error.errors).toEqual([
      { path: 'expected', message: 'Give annualGenerationMwh, annualReductionsTco2e or both' },
    ]);
  });
});

describe('the projects CSV carries disbursements, investment ids and expected outcomes', () => {
  it('export → import gives the same editable fields, so a re-import changes nothing', () => {
    const project = created(
      [
        aCommitment({
          disbursements: [
            { date: '2023-12-01', amount: 200_000 },
            { date: '2024-03-01', amount: 300_000.25 },
          ],
        }),
        aCommitment({ currency: 'USD', amount: 10 }),
      ],
      { expected: { annualGenerationMwh: 1234.5, annualReductionsTco2e: 600, source: 'EIA, 2023' } },
    );
    const record = importRecordOf(project);
    const cells = Object.fromEntries(importColumns.map((column) => [column, String(record[column] ?? '')]));

    const body = parseOrThrow(projectCreateSchema, bodyFromCsvRecord(cells));
    const result = patchProject(
      project,
      { investments: body.investments, expected: body.expected ?? null },
      aContext({ usdPerUnit: rates }),
    );

    expect(cells.investment1Disbursements).toBe('2023-12-01:200000;2024-03-01:300000.25');
    expect(cells.investment1Id).toBe(project.investments[0]?.id);
    expect(cells.investment2Disbursements).toBe('');
    expect(cells.expectedAnnualReductionsTco2e).toBe('600');
    expect(body.investments).toEqual(sentBack(project));
    expect(result.audit).toBeUndefined();
  });

  it('names the cell of a disbursement that does not read as date:amount', () => {
    const record = importRecordOf(created([aCommitment()]));
    const cells = Object.fromEntries(importColumns.map((column) => [column, String(record[column] ?? '')]));
    cells.investment1Disbursements = '2023-07-01:100;2023-08-01';

    const error = validationErrorFrom(() => parseOrThrow(projectCreateSchema, bodyFromCsvRecord(cells)));

    expect(error.errors.map((e) => e.path)).toEqual(['investments.0.disbursements.1.amount']);
  });
});
