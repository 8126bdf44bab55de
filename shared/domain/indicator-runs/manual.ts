/** `POST /indicators/runs`: an admin asks for a run now; the job runs asynchronously. */
import { assertAuthorized, type Principal } from '../policy.ts';
import type { IndicatorRunStore } from './ports.ts';
import type { IndicatorRun } from './run.ts';

/** Starts the indicator job for a run id, without waiting for it (an asynchronous Lambda invoke). */
export interface JobLauncher {
  launch(runId: string): Promise<void>;
}

export interface ManualRunDeps {
  readonly runs: IndicatorRunStore;
  readonly launcher: JobLauncher;
  readonly now: () => string;
  readonly newRunId: () => string;
}

/**
 * Records a `running` manual run and launches the job for it; answers the run as recorded.
 * If the launch fails, the run is recorded as failed (never served) and the error goes up (503).
 */
export async function requestManualRun(principal: Principal, deps: ManualRunDeps): Promise<IndicatorRun> {
  assertAuthorized(principal, 'indicators:run');
  const run: IndicatorRun = {
    runId: deps.newRunId(),
    state: 'running',
    trigger: 'manual',
    startedAt: deps.now(),
  };
  await deps.runs.start(run);
  try {
    await deps.launcher.launch(run.runId);
  } catch (error) {
    await deps.runs.fail(run.runId, 'The job could not be started', deps.now());
    throw error;
  }
  return run;
}
