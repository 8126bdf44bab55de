import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../../shared/domain/errors.ts';
import {
  changeStatus,
  createProject,
  fxRatesNeeded,
  patchProject,
  reviewProject,
  statusAt,
} from '../../../../shared/domain/projects/project.ts';
import type { InvestmentInput, Project } from '../../../../shared/domain/projects/schema.ts';
import {
  aContext,
  anAdmin,
  aProject,
  aProjectInput,
  aReviewer,
  aSubmitter,
  now,
  ratesFrom,
  today,
  validationErrorFrom,
} from '../factories.ts';

function anInvestment(overrides: Partial<InvestmentInput> = {}): InvestmentInput {
  return {
    investorCountry: 'JP',
    amount: 1_234_567,
    currency: 'JPY',
    committedOn: '2024-05-01',
    instrument: 'equity',
    ...overrides,
  };
}

function usdAmountsOf(project: Project): number[] {
  return project.investments.map((i) => i.usdAmount);
}

describe('createProject', () => {
  it('starts a project at version 1, submitted for review, owned by the caller’s organisation', () => {
    const ctx = aContext({ principal: aSubmitter({ subject: 'user-42', orgId: 'org-jbic' }) });

    const { project } = createProject(aProjectInput(), ctx);

    expect(project).toMatchObject({
      id: '01JXKQ00000000000000000001',
      version: 1,
      reviewState: 'submitted',
      orgId: 'org-jbic',
      createdBy: 'user-42',
      createdAt: now,
      updatedAt: now,
    });
  });

  it('keeps every submitted field', () => {
    const input = aProjectInput({
      technologyDetail: 'floating',
      externalRefs: [{ system: 'gem', id: 'G1' }],
    });

    const { project } = createProject(input, aContext());

    expect(project).toMatchObject({ ...input, investments: [] });
  });

  it('is announced today unless told otherwise', () => {
    const { project } = createProject(
      aProjectInput(),
      aContext({ principal: aSubmitter({ subject: 'user-7' }) }),
    );

    expect(project.status).toBe('announced');
    expect(project.statusHistory).toEqual([
      { status: 'announced', effectiveDate: today, recordedAt: now, recordedBy: 'user-7' },
    ]);
  });

  it('registers a project already under way with its real status and date', () => {
    const input = aProjectInput({ status: 'operating', statusEffectiveDate: '2019-04-01' });

    const { project } = createProject(input, aContext());

    expect(project.status).toBe('operating');
    expect(project.statusHistory).toMatchObject([{ status: 'operating', effectiveDate: '2019-04-01' }]);
  });

  it('refuses a status effective in the future', () => {
    const error = validationErrorFrom(() =>
      createProject(aProjectInput({ statusEffectiveDate: '2025-06-16' }), aContext()),
    );

    expect(error.errors).toEqual([{ path: 'statusEffectiveDate', message: expect.stringContaining(today) }]);
  });

  it('accepts a status effective today', () => {
    expect(() => createProject(aProjectInput({ statusEffectiveDate: today }), aContext())).not.toThrow();
  });

  it('refuses a caller without an organisation to own the project', () => {
    const ctx = aContext({ principal: { subject: 'user-admin', roles: ['admin'] } });

    expect(() => createProject(aProjectInput(), ctx)).toThrow(ForbiddenError);
  });

  it('writes a "created" audit entry listing the fields it set', () => {
    const ctx = aContext({ principal: aSubmitter({ subject: 'user-42' }) });

    const { project, audit } = createProject(aProjectInput({ name: 'Tomakomai CCS' }), ctx);

    expect(audit).toMatchObject({
      projectId: project.id,
      at: now,
      by: 'user-42',
      action: 'created',
      version: 1,
    });
    expect(audit.changes).toContainEqual({ path: 'name', to: 'Tomakomai CCS' });
    expect(audit.changes).toContainEqual({ path: 'reviewState', to: 'submitted' });
    expect(audit.changes.map((c) => c.path)).not.toContain('version');
    expect(audit.changes.every((c) => !('from' in c))).toBe(true);
  });
});

describe('the USD value of investments', () => {
  it('is amount × the rate of the commitment year, rounded to cents', () => {
    const ctx = aContext({ usdPerUnit: ratesFrom({ 'JPY:2024': 0.0066 }) });
    const input = aProjectInput({
      investments: [anInvestment({ amount: 1_234_567, committedOn: '2024-05-01' })],
    });

    const { project } = createProject(input, ctx);

    // 1,234,567 × 0.0066 = 8,148.1422
    expect(usdAmountsOf(project)).toEqual([8148.14]);
  });

  it.each([
    [1.005, 'USD', 1.01],
    [2.675, 'USD', 2.68],
    [0.004, 'USD', 0],
    [150.5, 'EUR', 162.89], // 150.5 × 1.0823 = 162.88615
    [1_000_000_000, 'JPY', 6_600_000],
  ])('turns %d %s into %d dollars, half-cents rounded up', (amount, currency, usd) => {
    const ctx = aContext({ usdPerUnit: ratesFrom({ 'EUR:2024': 1.0823, 'JPY:2024': 0.0066 }) });
    const input = aProjectInput({
      investments: [anInvestment({ amount, currency, committedOn: '2024-02-01' })],
    });

    expect(usdAmountsOf(createProject(input, ctx).project)).toEqual([usd]);
  });

  it('uses each investment’s own commitment year', () => {
    const ctx = aContext({ usdPerUnit: ratesFrom({ 'JPY:2024': 0.0066, 'JPY:2025': 0.0065 }) });
    const input = aProjectInput({
      investments: [
        anInvestment({ amount: 100_000, committedOn: '2024-12-31' }),
        anInvestment({ amount: 100_000, committedOn: '2025-01-01' }),
      ],
    });

    expect(usdAmountsOf(createProject(input, ctx).project)).toEqual([660, 650]);
  });

  it('needs no rate for US dollars', () => {
    const ctx = aContext({
      usdPerUnit: () => {
        throw new Error('no lookup expected for USD');
      },
    });
    const input = aProjectInput({ investments: [anInvestment({ currency: 'USD', amount: 2_500_000.5 })] });

    expect(usdAmountsOf(createProject(input, ctx).project)).toEqual([2_500_000.5]);
  });

  it('refuses the project, naming each investment and rate that is missing', () => {
    const ctx = aContext({ usdPerUnit: ratesFrom({ 'JPY:2024': 0.0066 }) });
    const input = aProjectInput({
      investments: [
        anInvestment(),
        anInvestment({ currency: 'KRW', committedOn: '2024-03-01' }),
        anInvestment({ committedOn: '2023-03-01' }),
      ],
    });

    const error = validationErrorFrom(() => createProject(input, ctx));

    expect(error.errors).toEqual([
      { path: 'investments.1.currency', message: 'No USD rate for KRW in 2024 in the FX table' },
      { path: 'investments.2.currency', message: 'No USD rate for JPY in 2023 in the FX table' },
    ]);
  });

  it('takes one investment worth up to 100 billion USD after conversion, and refuses more, naming its amount', () => {
    const ctx = aContext({ usdPerUnit: ratesFrom({ 'EUR:2024': 1.0823 }) });
    const most = anInvestment({ currency: 'USD', amount: 100_000_000_000 });
    const overInUsd = anInvestment({ currency: 'USD', amount: 100_000_000_000.01 });
    // 95 billion EUR is 102.8 billion USD at the 2024 rate.
    const overInEuro = anInvestment({ currency: 'EUR', amount: 95_000_000_000 });

    expect(createProject(aProjectInput({ investments: [most] }), ctx).project.investments[0]?.usdAmount).toBe(
      100_000_000_000,
    );
    const error = validationErrorFrom(() =>
      createProject(aProjectInput({ investments: [most, overInUsd, overInEuro] }), ctx),
    );

    expect(error.errors.map((e) => e.path)).toEqual(['investments.1.amount', 'investments.2.amount']);
    expect(error.errors[1]?.message).toMatch(/102,818,500,000 USD .*100 billion USD/);
  });

  it('checks the plausible most of an investment again when a patch sends investments', () => {
    const project = aProject();

    const error = validationErrorFrom(() =>
      patchProject(project, { investments: [anInvestment({ currency: 'USD', amount: 2e11 })] }, aContext()),
    );

    expect(error.errors.map((e) => e.path)).toEqual(['investments.0.amount']);
  });

  it('reports a missing rate and a future status date together', () => {
    const input = aProjectInput({
      statusEffectiveDate: '2099-01-01',
      investments: [anInvestment({ currency: 'KRW' })],
    });

    const error = validationErrorFrom(() => createProject(input, aContext()));

    expect(error.errors.map((e) => e.path)).toEqual(['statusEffectiveDate', 'investments.0.currency']);
  });

  it('tells the caller which rates to load first', () => {
    const needed = fxRatesNeeded([
      anInvestment({ currency: 'JPY', committedOn: '2024-01-01' }),
      anInvestment({ currency: 'JPY', committedOn: '2024-09-01' }),
      anInvestment({ currency: 'EUR', committedOn: '2023-01-01' }),
      anInvestment({ currency: 'USD', committedOn: '2023-01-01' }),
    ]);

    expect(needed).toEqual([
      { currency: 'JPY', year: 2024 },
      { currency: 'EUR', year: 2023 },
    ]);
  });
});

describe('patchProject', () => {
  it('changes a field, bumps the version and records what changed', () => {
    const project = aProject({ version: 3 });
    const ctx = aContext({ now: '2025-06-20T00:00:00.000Z', principal: aSubmitter({ subject: 'user-9' }) });

    const { project: edited, audit } = patchProject(project, { name: 'Ishikari Bay wind' }, ctx);

    expect(edited).toMatchObject({
      name: 'Ishikari Bay wind',
      version: 4,
      updatedAt: '2025-06-20T00:00:00.000Z',
    });
    expect(audit).toEqual({
      projectId: project.id,
      at: '2025-06-20T00:00:00.000Z',
      by: 'user-9',
      action: 'edited',
      version: 4,
      changes: [{ path: 'name', from: project.name, to: 'Ishikari Bay wind' }],
    });
  });

  it('removes an optional field given null', () => {
    const project = aProject({ technologyDetail: 'floating' });

    const { project: edited, audit } = patchProject(project, { technologyDetail: null }, aContext());

    expect(edited).not.toHaveProperty('technologyDetail');
    expect(audit?.changes).toEqual([{ path: 'technologyDetail', from: 'floating' }]);
  });

  it('merges a location member by member', () => {
    const project = aProject({ location: { subdivision: 'JP-01', lat: 43.2, lon: 141, accuracy: 'exact' } });

    const { project: edited } = patchProject(
      project,
      { location: { lat: null, lon: null, accuracy: 'approximate' } },
      aContext(),
    );

    expect(edited.location).toEqual({ subdivision: 'JP-01', accuracy: 'approximate' });
  });

  it('replaces arrays whole', () => {
    const project = aProject({ programs: ['jucip', 'selectusa'] });

    const { project: edited } = patchProject(project, { programs: ['core_partnership'] }, aContext());

    expect(edited.programs).toEqual(['core_partnership']);
  });

  it('checks the rules on the merged project, naming the field they break', () => {
    const project = aProject({
      hostCountry: 'JP',
      location: { subdivision: 'JP-01', accuracy: 'approximate' },
    });

    const error = validationErrorFrom(() => patchProject(project, { hostCountry: 'US' }, aContext()));

    expect(error.errors).toEqual([
      { path: 'location.subdivision', message: 'JP-01 is not a subdivision of the host country US' },
    ]);
  });

  it('refuses removing lon but not lat, naming lon as missing', () => {
    const project = aProject({ location: { lat: 43.2, lon: 141, accuracy: 'exact' } });

    const error = validationErrorFrom(() => patchProject(project, { location: { lon: null } }, aContext()));

    expect(error.errors.map((e) => e.path)).toEqual(['location.lon']);
  });

  it('prices replaced investments at today’s rates', () => {
    const project = aProject();
    const ctx = aContext({ usdPerUnit: ratesFrom({ 'JPY:2024': 0.007 }) });

    const { project: edited } = patchProject(project, { investments: [anInvestment({ amount: 1000 })] }, ctx);

    expect(usdAmountsOf(edited)).toEqual([7]);
  });

  it('keeps the USD value of investments the patch does not send', () => {
    const priced = createProject(
      aProjectInput({ investments: [anInvestment({ amount: 1000 })] }),
      aContext({ usdPerUnit: ratesFrom({ 'JPY:2024': 0.0066 }) }),
    ).project;
    const ratesSinceRevised = aContext({ usdPerUnit: ratesFrom({ 'JPY:2024': 0.009 }) });

    const { project: edited } = patchProject(priced, { summary: 'Updated.' }, ratesSinceRevised);

    expect(usdAmountsOf(edited)).toEqual([6.6]);
  });

  it('keeps the USD value of investments the patch sends again unchanged (with their ids), and records no change', () => {
    const investments = [anInvestment({ amount: 1000 })];
    const priced = createProject(
      aProjectInput({ investments }),
      aContext({ usdPerUnit: ratesFrom({ 'JPY:2024': 0.0066 }) }),
    ).project;
    const ratesSinceRevised = aContext({ usdPerUnit: ratesFrom({ 'JPY:2024': 0.009 }) });

    const sentAgain = priced.investments.map(({ usdAmount: _usd, disbursements: _d, ...sent }) => sent);
    const result = patchProject(priced, { investments: sentAgain }, ratesSinceRevised);

    expect(usdAmountsOf(result.project)).toEqual([6.6]);
    expect(result.audit).toBeUndefined();
  });

  it('refuses replaced investments without a rate', () => {
    const ctx = aContext({ usdPerUnit: ratesFrom({}) });

    const error = validationErrorFrom(() => patchProject(aProject(), { investments: [anInvestment()] }, ctx));

    expect(error.errors.map((e) => e.path)).toEqual(['investments.0.currency']);
  });

  it('answers the project unchanged and no audit entry when the patch changes nothing', () => {
    const project = aProject({ reviewState: 'changes_requested' });

    const result = patchProject(project, { name: project.name, technologyDetail: null }, aContext());

    expect(result.project).toBe(project);
    expect(result.audit).toBeUndefined();
  });

  it('sends a project whose review asked for changes back to review on its owner’s edit', () => {
    const project = aProject({ reviewState: 'changes_requested', orgId: 'org-kansai-energy' });
    const ctx = aContext({ principal: aSubmitter({ orgId: 'org-kansai-energy' }) });

    const { project: edited, audit } = patchProject(
      project,
      { summary: 'With the grid study attached.' },
      ctx,
    );

    expect(edited.reviewState).toBe('submitted');
    expect(audit?.changes).toContainEqual({
      path: 'reviewState',
      from: 'changes_requested',
      to: 'submitted',
    });
  });

  it('leaves the review state alone when an admin of another organisation edits', () => {
    const project = aProject({ reviewState: 'changes_requested', orgId: 'org-kansai-energy' });
    const ctx = aContext({ principal: anAdmin({ orgId: 'org-secretariat' }) });

    const { project: edited } = patchProject(project, { summary: 'Typo fixed.' }, ctx);

    expect(edited.reviewState).toBe('changes_requested');
  });

  it('makes an edit of an accepted project a pending revision, the accepted version kept', () => {
    const project = aProject({
      reviewState: 'accepted',
      version: 4,
      acceptedVersion: 4,
      revisionAuthors: [],
    });

    const { project: edited, audit } = patchProject(project, { summary: 'Commissioning moved.' }, aContext());

    expect(edited).toMatchObject({
      reviewState: 'submitted',
      version: 5,
      acceptedVersion: 4,
      pendingChanges: ['summary'],
      revisionAuthors: ['user-submitter'],
    });
    expect(audit?.changes.map((c) => c.path)).toEqual(['summary', 'reviewState']);
  });

  it('never touches the server-kept fields', () => {
    const project = aProject();

    const { project: edited } = patchProject(project, { name: 'Renamed' }, aContext());

    expect(edited).toMatchObject({
      id: project.id,
      orgId: project.orgId,
      createdAt: project.createdAt,
      createdBy: project.createdBy,
      status: project.status,
      statusHistory: project.statusHistory,
    });
  });
});

describe('changeStatus', () => {
  it('appends to the status history and records who recorded it when', () => {
    const project = aProject({ version: 2 });
    const ctx = aContext({ now: '2025-06-15T12:00:00.000Z', principal: aSubmitter({ subject: 'user-5' }) });

    const { project: moved, audit } = changeStatus(
      project,
      { status: 'fid', effectiveDate: '2025-03-31', note: 'Board approval' },
      ctx,
    );

    const entry = {
      status: 'fid',
      effectiveDate: '2025-03-31',
      recordedAt: '2025-06-15T12:00:00.000Z',
      recordedBy: 'user-5',
      note: 'Board approval',
    };
    expect(moved.status).toBe('fid');
    expect(moved.statusHistory).toEqual([...project.statusHistory, entry]);
    expect(moved.version).toBe(3);
    expect(audit).toMatchObject({ action: 'status_changed', version: 3, by: 'user-5' });
    expect(audit.changes).toEqual([
      { path: 'status', from: 'announced', to: 'fid' },
      { path: 'statusHistory.1', to: entry },
    ]);
  });

  it('refuses an effective date in the future', () => {
    const error = validationErrorFrom(() =>
      changeStatus(aProject(), { status: 'fid', effectiveDate: '2025-06-16' }, aContext()),
    );

    expect(error.errors.map((e) => e.path)).toEqual(['effectiveDate']);
  });

  it('refuses an effective date before the previous one, naming it', () => {
    const project = aProject(); // announced on 2024-01-10

    const error = validationErrorFrom(() =>
      changeStatus(project, { status: 'fid', effectiveDate: '2024-01-09' }, aContext()),
    );

    expect(error.errors).toEqual([{ path: 'effectiveDate', message: expect.stringContaining('2024-01-10') }]);
  });

  it('accepts an effective date on the same day as the previous one', () => {
    const project = aProject(); // announced on 2024-01-10

    const { project: moved } = changeStatus(
      project,
      { status: 'cancelled', effectiveDate: '2024-01-10' },
      aContext(),
    );

    expect(moved.status).toBe('cancelled');
  });

  it('reports a forbidden transition and a bad date together', () => {
    const project = aProject();

    const error = validationErrorFrom(() =>
      changeStatus(project, { status: 'retired', effectiveDate: '2030-01-01' }, aContext()),
    );

    expect(error.errors.map((e) => e.path)).toEqual(['status', 'effectiveDate']);
  });
});

describe('reviewProject', () => {
  it.each(['accepted', 'changes_requested', 'rejected'] as const)(
    'records the decision %s with its comment',
    (decision) => {
      const project = aProject({ version: 5 });
      const ctx = aContext({ principal: aReviewer({ subject: 'user-reviewer-1' }) });

      const { project: reviewed, audit } = reviewProject(
        project,
        { decision, comment: 'Matches METI data.' },
        ctx,
      );

      expect(reviewed).toMatchObject({ reviewState: decision, version: 6, updatedAt: now });
      expect(audit).toEqual({
        projectId: project.id,
        at: now,
        by: 'user-reviewer-1',
        action: 'reviewed',
        version: 6,
        changes: [
          { path: 'reviewState', from: 'submitted', to: decision },
          // Acceptance publishes this version.
          ...(decision === 'accepted' ? [{ path: 'acceptedVersion', to: 6 }] : []),
        ],
        comment: 'Matches METI data.',
      });
    },
  );

  it.each(['accepted', 'changes_requested', 'rejected'] as const)(
    'refuses to review a project that is %s, not awaiting review',
    (reviewState) => {
      const project = aProject({ reviewState });

      const error = validationErrorFrom(() =>
        reviewProject(project, { decision: 'accepted', comment: 'ok' }, aContext({ principal: aReviewer() })),
      );

      expect(error.errors).toEqual([{ path: 'decision', message: expect.stringContaining(reviewState) }]);
    },
  );
});

describe('versions and audit entries over a project’s life', () => {
  it('grows the version by one per change, each audit entry carrying the version it made', () => {
    const ctx = aContext();
    const created = createProject(aProjectInput({ statusEffectiveDate: '2024-01-10' }), ctx);
    const edited = patchProject(created.project, { summary: 'Now with storage.' }, ctx);
    if (edited.audit === undefined) throw new Error('the edit changed something');
    const moved = changeStatus(edited.project, { status: 'feasibility', effectiveDate: '2024-06-01' }, ctx);
    const reviewed = reviewProject(
      moved.project,
      { decision: 'accepted', comment: 'Verified.' },
      aContext({ principal: aReviewer() }),
    );

    const entries = [created.audit, edited.audit, moved.audit, reviewed.audit];

    expect(entries.map((e) => [e.action, e.version])).toEqual([
      ['created', 1],
      ['edited', 2],
      ['status_changed', 3],
      ['reviewed', 4],
    ]);
    expect(reviewed.project.version).toBe(4);
  });

  it('leaves the project it was given untouched', () => {
    const project = aProject();
    const before = structuredClone(project);

    patchProject(project, { name: 'Other' }, aContext());
    changeStatus(project, { status: 'fid', effectiveDate: '2025-01-01' }, aContext());
    reviewProject(
      project,
      { decision: 'rejected', comment: 'Duplicate.' },
      aContext({ principal: aReviewer() }),
    );

    expect(project).toEqual(before);
  });
});

describe('statusAt', () => {
  function aProjectWithHistory(): Project {
    const ctx = aContext();
    let project = createProject(aProjectInput({ statusEffectiveDate: '2021-11-15' }), ctx).project;
    for (const [status, effectiveDate] of [
      ['fid', '2022-04-01'],
      ['construction', '2022-04-01'],
      ['operating', '2024-10-01'],
    ] as const) {
      project = changeStatus(project, { status, effectiveDate }, ctx).project;
    }
    return project;
  }

  it.each([
    ['2021-11-14', undefined],
    ['2021-11-15', 'announced'],
    ['2022-03-31', 'announced'],
    ['2022-04-01', 'construction'],
    ['2024-09-30', 'construction'],
    ['2024-10-01', 'operating'],
    ['2030-01-01', 'operating'],
  ])('answers the status in force on %s: %s', (date, expected) => {
    expect(statusAt(aProjectWithHistory(), date)).toBe(expected);
  });
});
