/**
 * What the indicator job gives the computation: the accepted projects, each with the latest
 * revision of every monthly report. Only the fields the indicators read, so that the job reads
 * (and hashes) no more than it needs.
 */
import type { CapacityUnit, LifecycleStatus, Program, Technology } from '../projects/schema.ts';

/** An accepted project (`reviewState = accepted`); projects in any other review state are not given. */
export interface IndicatorProject {
  readonly id: string;
  readonly hostCountry: string;
  readonly technology: Technology;
  readonly programs: readonly Program[];
  readonly capacity?: { readonly value: number; readonly unit: CapacityUnit };
  readonly participants: readonly { readonly country: string; readonly sharePct?: number }[];
  readonly investments: readonly {
    readonly investorCountry: string;
    readonly usdAmount: number;
    readonly committedOn: string;
    /** Payments out of the commitment, each with its USD value at its own year's rate. */
    readonly disbursements?: readonly { readonly date: string; readonly usdAmount: number }[];
  }[];
  /** What a year of normal operation was expected to give, when the project states it. */
  readonly expected?: {
    readonly annualGenerationMwh?: number;
    readonly annualReductionsTco2e?: number;
  };
  /** In the order it was recorded (append-only); see `statusAt` in `projects/project.ts`. */
  readonly statusHistory: readonly { readonly status: LifecycleStatus; readonly effectiveDate: string }[];
}

/** The latest revision of one month's report of one project. */
export interface IndicatorReport {
  /** `YYYY-MM`. */
  readonly period: string;
  readonly generationMwh?: number;
  readonly projectTco2e: number;
  readonly baselineTco2e: number;
  readonly reductionsTco2e: number;
  /** The latest revision's `verification.state` is `verified`. */
  readonly verified: boolean;
}
