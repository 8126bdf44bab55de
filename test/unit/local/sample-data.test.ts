import { describe, expect, it } from 'vitest';
import { sampleFxRates } from '../../../infra/local/sample-data/fx-rates.ts';
import { sampleOrganisations } from '../../../infra/local/sample-data/organisations.ts';
import { type SampleProject, sampleProjects } from '../../../infra/local/sample-data/projects.ts';
import { organisationInputSchema } from '../../../shared/domain/organisations/schema.ts';
import type { Principal } from '../../../shared/domain/policy.ts';
import { canTransition } from '../../../shared/domain/projects/lifecycle.ts';
import {
  changeStatus,
  createProject,
  type ProjectContext,
  reviewProject,
} from '../../../shared/domain/projects/project.ts';
import {
  type LifecycleStatus,
  lifecycleStatuses,
  type ProjectCreateInput,
  projectCreateSchema,
  reviewSchema,
  statusChangeSchema,
  technologies,
} from '../../../shared/domain/projects/schema.ts';
import { fxKey } from '../../../shared/domain/reference/fx.ts';
import { fieldErrorsFromZod, parseOrThrow } from '../../../shared/domain/validation.ts';

/** No sample date may be later than this, so that the data loads whenever the runtime starts after it. */
const latestDate = '2026-10-31';

const rateTable = new Map(sampleFxRates.map((rate) => [fxKey(rate.currency, rate.year), rate.usdPerUnit]));

function parsedBody(sample: SampleProject): ProjectCreateInput {
  return parseOrThrow(projectCreateSchema, sample.body);
}

function label(sample: SampleProject): string {
  const { name } = sample.body as { name?: unknown };
  return String(name);
}

/** The status history a sample ends with: its first status, then each change. */
function historyOf(
  sample: SampleProject,
): Array<{ status: LifecycleStatus; effectiveDate: string | undefined }> {
  const body = parsedBody(sample);
  return [
    { status: body.status ?? 'announced', effectiveDate: body.statusEffectiveDate },
    ...(sample.statusChanges ?? []).map((change) => parseOrThrow(statusChangeSchema, change)),
  ];
}

function finalStatus(sample: SampleProject): LifecycleStatus {
  return historyOf(sample).at(-1)?.status ?? 'announced';
}

describe('sample projects', () => {
  it('holds between 40 and 70 projects (the hand-written ones and the generated fleet) from 5 to 8 sample organisations', () => {
    expect(sampleProjects.length).toBeGreaterThanOrEqual(40);
    expect(sampleProjects.length).toBeLessThanOrEqual(70);
    const orgIds = new Set(sampleProjects.map((sample) => sample.orgId));
    expect(orgIds.size).toBeGreaterThanOrEqual(5);
    expect(orgIds.size).toBeLessThanOrEqual(8);
    for (const orgId of orgIds) expect(orgId).toMatch(/^sample-[a-z0-9-]+$/);
  });

  it.each(sampleProjects.map((sample) => [label(sample), sample] as const))(
    '%s is a valid POST /projects body',
    (_name, sample) => {
      const result = projectCreateSchema.safeParse(sample.body);
      expect(result.success ? [] : fieldErrorsFromZod(result.error)).toEqual([]);
    },
  );

  it('says everywhere that it is sample data', () => {
    for (const sample of sampleProjects) {
      const body = parsedBody(sample);
      expect(body.name).toMatch(/^\[Sample\] /);
      expect(body.summary).toMatch(/illustrative sample data, not a real project record/i);
      for (const participant of body.participants) expect(participant.name).toMatch(/\(sample\)$/);
      for (const ref of body.externalRefs ?? []) expect(ref.id).toMatch(/^SAMPLE-/);
    }
  });

  it('gives every project one or two external references, unique across the portfolio', () => {
    const seen = new Map<string, string>();
    for (const sample of sampleProjects) {
      const refs = parsedBody(sample).externalRefs ?? [];
      expect(refs.length, label(sample)).toBeGreaterThanOrEqual(1);
      expect(refs.length, label(sample)).toBeLessThanOrEqual(2);
      for (const ref of refs) {
        const key = `${ref.system}:${ref.id}`;
        expect(seen.get(key), `${key} in ${label(sample)}`).toBeUndefined();
        seen.set(key, label(sample));
      }
    }
  });

  it('moves every project only along the lifecycle, on dates that do not go back and are not after 2026-10-31', () => {
    for (const sample of sampleProjects) {
      const body = parsedBody(sample);
      const history = historyOf(sample);
      if ((sample.statusChanges ?? []).length > 0) {
        // Without it the first status is effective on the loading day, after every later change.
        expect(body.statusEffectiveDate, `${label(sample)} needs statusEffectiveDate`).toBeDefined();
      }
      for (const [index, entry] of history.entries()) {
        if (entry.effectiveDate !== undefined) {
          expect(entry.effectiveDate <= latestDate, `${label(sample)}: ${entry.effectiveDate}`).toBe(true);
        }
        const previous = history[index - 1];
        if (previous === undefined) continue;
        expect(
          canTransition(previous.status, entry.status),
          `${label(sample)}: ${previous.status} → ${entry.status}`,
        ).toBe(true);
        expect(
          String(entry.effectiveDate) >= String(previous.effectiveDate),
          `${label(sample)}: ${entry.effectiveDate} before ${previous.effectiveDate}`,
        ).toBe(true);
      }
    }
  });

  it('starts construction or operation between 2019 and mid-2026 when a project reaches operating', () => {
    for (const sample of sampleProjects) {
      const history = historyOf(sample);
      if (!history.some((entry) => entry.status === 'operating')) continue;
      for (const entry of history) {
        if (entry.status !== 'construction' && entry.status !== 'operating') continue;
        expect(entry.effectiveDate, label(sample)).toBeDefined();
        expect(String(entry.effectiveDate) >= '2019-01-01', label(sample)).toBe(true);
        expect(String(entry.effectiveDate) <= '2026-06-30', label(sample)).toBe(true);
      }
    }
  });

  it('has a sample FX rate for every non-USD investment, committed 2019–2026', () => {
    for (const sample of sampleProjects) {
      for (const investment of parsedBody(sample).investments) {
        const year = Number(investment.committedOn.slice(0, 4));
        expect(year, label(sample)).toBeGreaterThanOrEqual(2019);
        expect(investment.committedOn <= latestDate, label(sample)).toBe(true);
        if (investment.currency === 'USD') continue;
        expect(
          rateTable.get(fxKey(investment.currency, year)),
          `${label(sample)}: ${investment.currency} ${year}`,
        ).toBeDefined();
      }
    }
  });

  it('gives reviews that the review route accepts', () => {
    for (const sample of sampleProjects) {
      if (sample.review !== undefined)
        expect(reviewSchema.safeParse(sample.review).success, label(sample)).toBe(true);
    }
  });

  it('covers every technology and every lifecycle status, and mostly accepted projects', () => {
    const bodies = sampleProjects.map(parsedBody);
    expect(new Set(bodies.map((body) => body.technology))).toEqual(new Set(technologies));
    expect(new Set(sampleProjects.map(finalStatus))).toEqual(new Set(lifecycleStatuses));
    const decisions = sampleProjects.map((sample) => sample.review?.decision ?? 'submitted');
    const acceptedShare = decisions.filter((d) => d === 'accepted').length / decisions.length;
    expect(acceptedShare).toBeGreaterThan(0.5);
    expect(acceptedShare).toBeLessThan(0.75);
    for (const state of ['changes_requested', 'rejected', 'submitted']) expect(decisions).toContain(state);
  });

  it('loads through the domain operations as the local runtime will load it', () => {
    const now = `${latestDate}T23:00:00.000Z`;
    const reviewer: Principal = { subject: 'sample-reviewer', roles: ['reviewer'] };
    let issued = 0;
    for (const sample of sampleProjects) {
      const principal: Principal = {
        subject: `${sample.orgId}-submitter`,
        roles: ['submitter'],
        orgId: sample.orgId,
      };
      const ctx: ProjectContext = {
        principal,
        now,
        newId: () => `SAMPLE${String(++issued).padStart(20, '0')}`,
        usdPerUnit: (currency, year) => rateTable.get(fxKey(currency, year)),
      };
      let project = createProject(parsedBody(sample), ctx).project;
      for (const change of sample.statusChanges ?? []) {
        project = changeStatus(project, parseOrThrow(statusChangeSchema, change), ctx).project;
      }
      if (sample.review !== undefined) {
        project = reviewProject(project, parseOrThrow(reviewSchema, sample.review), {
          principal: reviewer,
          now,
        }).project;
      }
      expect(project.status).toBe(finalStatus(sample));
      expect(project.reviewState).toBe(sample.review?.decision ?? 'submitted');
      for (const investment of project.investments) expect(investment.usdAmount).toBeGreaterThan(0);
    }
  });
});

describe('sample FX rates', () => {
  it('has one rate per currency and year, for JPY, EUR, KRW, AUD, CAD and GBP from 2018 to 2026', () => {
    expect(new Set(sampleFxRates.map((rate) => fxKey(rate.currency, rate.year))).size).toBe(
      sampleFxRates.length,
    );
    for (const currency of ['JPY', 'EUR', 'KRW', 'AUD', 'CAD', 'GBP']) {
      for (let year = 2018; year <= 2026; year += 1) expect(rateTable.has(fxKey(currency, year))).toBe(true);
    }
  });

  it('labels every rate as a sample, extrapolated ones as extrapolated, and links no source', () => {
    for (const rate of sampleFxRates) {
      expect(rate.source.title).toMatch(/^SAMPLE for local use only: /);
      expect(rate.source.title).toMatch(/not an official rate/);
      expect(rate.source.url).toBeUndefined();
      if (rate.year >= 2025) expect(rate.source.title).toMatch(/extrapolated/);
      expect(Number.isFinite(rate.usdPerUnit) && rate.usdPerUnit > 0).toBe(true);
    }
  });

  it.each([
    ['JPY', 2019, 1 / 109],
    ['JPY', 2022, 1 / 131.5],
    ['JPY', 2023, 1 / 140.5],
    ['JPY', 2024, 1 / 151.4],
    ['EUR', 2022, 1.053],
    ['KRW', 2023, 1 / 1306],
  ])('puts %s in %i near the published average (%f USD)', (currency, year, expected) => {
    const rate = rateTable.get(fxKey(currency, year));
    expect(rate).toBeDefined();
    expect(Math.abs(Number(rate) / expected - 1)).toBeLessThan(0.02);
  });
});

describe('sample organisations', () => {
  it('register every organisation a sample project belongs to, each a valid, labelled sample', () => {
    const registered = new Set(sampleOrganisations.map((o) => o.orgId));

    expect([...new Set(sampleProjects.map((p) => p.orgId))].filter((id) => !registered.has(id))).toEqual([]);
    for (const { orgId, body } of sampleOrganisations) {
      expect(orgId).toMatch(/^sample-/);
      expect(body.name).toMatch(/\(sample\)$/);
      expect(() => parseOrThrow(organisationInputSchema, body)).not.toThrow();
    }
  });
});
