/** `POST /indicators/runs`: an admin asks for a run now; the job runs asynchronously. */
import { RunInProgressError } from '../errors.ts';
import { assertAuthorized, type Principal } from '../policy.ts';
import type { IndicatorRunStore } from './ports.ts';
import { type IndicatorRun, maxJobDurationMs } from './run.ts';

/**
 * How many of the newest runs are looked at for one still running. Runs ids sort by start time and
 * no run starts while one is running, so a running run is among the newest; a few more cover failed
 * launches recorded around it.
 */
const newestRunsChecked = 10;

/**
 * The run still running, if any: `running` and started less than the job's longest possible run
 * ago (a run older than that was killed without being able to record it, and blocks nothing).
 */
export async function runningRun(runs: IndicatorRunStore, now: string): Promise<IndicatorRun | undefined> {
  const { runs: newest } = await runs.list(newestRunsChecked);
  const oldestAlive = Date.parse(now) - maxJobDurationMs;
  return newest.find((run) => run.state === 'running' && Date.parse(run.startedAt) > oldestAlive);
}

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
 * @throws RunInProgressError (409 with the running run's `Location`) while a run is still running:
 *   the job runs one at a time (reserved concurrency 1 in AWS), so a second would only queue
 */
export async function requestManualRun(principal: Principal, deps: ManualRunDeps): Promise<IndicatorRun> {
  assertAuthorized(principal, 'indicators:run');
  const running = await runningRun(deps.runs, deps.now());
  if (running) throw new RunInProgressError(running.runId);
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
