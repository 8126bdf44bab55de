import { describe, expect, it } from 'vitest';
import { allowedNextStatuses, canTransition } from '../../../../shared/domain/projects/lifecycle.ts';
import { changeStatus, createProject } from '../../../../shared/domain/projects/project.ts';
import type { LifecycleStatus } from '../../../../shared/domain/projects/schema.ts';
import { aContext, aProjectInput, validationErrorFrom } from '../factories.ts';

/** The transition table of `docs/accounting.md` ("Projects"), typed in again on purpose. */
const specTransitions: Record<LifecycleStatus, LifecycleStatus[]> = {
  announced: ['feasibility', 'fid', 'construction', 'operating', 'cancelled'],
  feasibility: ['fid', 'construction', 'cancelled'],
  fid: ['construction', 'cancelled'],
  construction: ['operating', 'suspended', 'cancelled'],
  operating: ['suspended', 'retired'],
  suspended: ['construction', 'operating', 'retired', 'cancelled'],
  retired: [],
  cancelled: [],
};
const statuses = Object.keys(specTransitions) as LifecycleStatus[];
const pairs = statuses.flatMap((from) =>
  statuses.map((to) => ({ from, to, allowed: specTransitions[from].includes(to) })),
);

function aProjectThatIs(status: LifecycleStatus) {
  return createProject(aProjectInput({ status, statusEffectiveDate: '2024-03-01' }), aContext()).project;
}

describe('the project lifecycle', () => {
  it('knows every status of the spec and no other', () => {
    expect([...statuses].sort()).toEqual(
      [
        'announced',
        'cancelled',
        'construction',
        'feasibility',
        'fid',
        'operating',
        'retired',
        'suspended',
      ].sort(),
    );
  });

  describe.each(pairs.filter((p) => p.allowed))('allows $from → $to', ({ from, to }) => {
    it('moves the project and records the transition', () => {
      const project = aProjectThatIs(from);

      const { project: moved } = changeStatus(
        project,
        { status: to, effectiveDate: '2025-01-01' },
        aContext(),
      );

      expect(canTransition(from, to)).toBe(true);
      expect(moved.status).toBe(to);
      expect(moved.statusHistory.map((e) => e.status)).toEqual([from, to]);
    });
  });

  describe.each(pairs.filter((p) => !p.allowed))('refuses $from → $to', ({ from, to }) => {
    it('answers a ValidationError listing the allowed next statuses', () => {
      const project = aProjectThatIs(from);

      const error = validationErrorFrom(() =>
        changeStatus(project, { status: to, effectiveDate: '2025-01-01' }, aContext()),
      );

      expect(canTransition(from, to)).toBe(false);
      expect(error.errors.map((e) => e.path)).toEqual(['status']);
      for (const next of specTransitions[from]) {
        expect(error.message).toContain(next);
        expect(error.errors[0]?.message).toContain(next);
      }
      if (specTransitions[from].length === 0)
        expect(error.message).toContain('cannot change status any more');
    });
  });

  it.each(statuses)('lists exactly the spec’s next statuses after %s', (from) => {
    expect([...allowedNextStatuses(from)].sort()).toEqual([...specTransitions[from]].sort());
  });
});
