/**
 * Announces published indicator runs: an EventBridge event (`jucip.indicators` / `IndicatorRunPublished`)
 * when `EVENT_BUS_NAME` is set (in AWS), a structured log line otherwise (locally), so that others
 * can subscribe to new indicators either way.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { RunAnnouncer } from '../../domain/indicator-runs/ports.ts';
import type { IndicatorRun } from '../../domain/indicator-runs/run.ts';
import { logger } from '../../observability/logger.ts';

export const runEventSource = 'jucip.indicators';
export const runPublishedDetailType = 'IndicatorRunPublished';

function detailOf(run: IndicatorRun) {
  return { runId: run.runId, finishedAt: run.finishedAt, inputsHash: run.inputsHash, counts: run.counts };
}

export class EventBridgeRunAnnouncer implements RunAnnouncer {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
  ) {}

  async announce(run: IndicatorRun): Promise<void> {
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.eventBusName,
            Source: runEventSource,
            DetailType: runPublishedDetailType,
            Detail: JSON.stringify(detailOf(run)),
          },
        ],
      }),
    );
    if ((result.FailedEntryCount ?? 0) > 0) {
      // The run is published either way; a lost announcement must not fail it.
      logger.error('Announcing the published run failed', { runId: run.runId, entries: result.Entries });
    }
  }
}

export class LogRunAnnouncer implements RunAnnouncer {
  async announce(run: IndicatorRun): Promise<void> {
    logger.info(runPublishedDetailType, { source: runEventSource, detail: detailOf(run) });
  }
}

/** The announcer for this environment. */
export function runAnnouncerFromEnvironment(): RunAnnouncer {
  const bus = process.env.EVENT_BUS_NAME;
  return bus ? new EventBridgeRunAnnouncer(new EventBridgeClient({}), bus) : new LogRunAnnouncer();
}
