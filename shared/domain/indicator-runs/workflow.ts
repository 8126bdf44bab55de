/**
 * The indicator workflow's contract (`docs/indicator-job.md`): what its state machine hands each
 * step and what each step answers. The CDK state machine reads these field names, so the two agree.
 */
import type { RunPlan, ShardSummary } from './job.ts';

/** `begin`: the execution's input, as the schedule or the admin route starts it. */
export interface BeginStepEvent {
  readonly step: 'begin';
  readonly trigger?: 'schedule' | 'manual';
  readonly runId?: string;
  readonly scheduledTime?: string;
}

/** What `begin` answers: the plan and where its shards are listed, or why there is nothing to do. */
export type BeginStepResult =
  | {
      readonly outcome: 'planned';
      readonly plan: RunPlan;
      /** The workspace bucket and the prefix its shard objects are listed under (the Distributed Map's reader). */
      readonly shards: { readonly bucket: string; readonly prefix: string };
    }
  | { readonly outcome: 'skipped'; readonly runId: string; readonly reason: string };

/** `map`: one shard object, as the Distributed Map's item reader lists it. */
export interface ShardStepEvent {
  readonly runId: string;
  readonly startedAt: string;
  /** The shard object's key. */
  readonly key: string;
}

export type ShardStepResult = ShardSummary;

/** `finish` publishes the planned run; `fail` records it failed (after a step failed for good). */
export type PublishStepEvent =
  | { readonly step: 'finish'; readonly plan: RunPlan }
  | { readonly step: 'fail'; readonly plan: Pick<RunPlan, 'runId'> };
