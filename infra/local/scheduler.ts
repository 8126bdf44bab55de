/**
 * The local stand-in for EventBridge Scheduler: it invokes the indicator function with the same
 * input the schedule sends, once at start and then at the schedule's rate. Runs never overlap.
 */
import { type IndicatorScheduleEvent, rateIntervalMs, scheduledEventAt } from '../../shared/schedule.ts';

export interface LocalScheduler {
  stop(): Promise<void>;
}

export interface LocalSchedulerOptions {
  /** A `rate(...)` expression. */
  readonly expression: string;
  readonly invoke: (event: IndicatorScheduleEvent) => Promise<unknown>;
  readonly onResult?: (result: unknown) => void;
  readonly onError?: (error: unknown) => void;
}

/** Starts the schedule; the first run begins at once. */
export function startLocalScheduler(options: LocalSchedulerOptions): LocalScheduler {
  const intervalMs = rateIntervalMs(options.expression);
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = options
      .invoke(scheduledEventAt(new Date()))
      .then((result) => options.onResult?.(result), options.onError)
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
