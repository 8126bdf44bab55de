/**
 * The physical lifecycle of a project: which status may follow which. Anything not listed is refused.
 */
import type { LifecycleStatus } from './schema.ts';

/** The spec's transition table, as data: `from` → the statuses it may move to. */
export const lifecycleTransitions: Readonly<Record<LifecycleStatus, readonly LifecycleStatus[]>> = {
  announced: ['feasibility', 'fid', 'construction', 'operating', 'cancelled'],
  feasibility: ['fid', 'construction', 'cancelled'],
  fid: ['construction', 'cancelled'],
  construction: ['operating', 'suspended', 'cancelled'],
  operating: ['suspended', 'retired'],
  suspended: ['construction', 'operating', 'retired', 'cancelled'],
  retired: [],
  cancelled: [],
};

/** The statuses a project in `from` may move to; empty for the terminal `retired` and `cancelled`. */
export function allowedNextStatuses(from: LifecycleStatus): readonly LifecycleStatus[] {
  return lifecycleTransitions[from];
}

/** True when the lifecycle allows moving from `from` to `to`. */
export function canTransition(from: LifecycleStatus, to: LifecycleStatus): boolean {
  return lifecycleTransitions[from].includes(to);
}
