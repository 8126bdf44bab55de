import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type Archive, EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { outboxEntity } from '../../shared/adapters/dynamodb/outbox.ts';
import { type EventType, eventSource } from '../../shared/domain/events/schema.ts';

/** Properties of {@link DomainEvents}. */
export interface DomainEventsProps {
  /** Part of the bus's name, so that stages in one account keep apart. */
  readonly stage: string;
  /** How long the archive keeps every event, for replays after a consumer's outage or a fix. */
  readonly archiveRetention: Duration;
  /** Where events go that could not be delivered or published after all retries. */
  readonly deadLetterQueue: IQueue;
}

/** How a stream batch is retried before its records are dead-lettered. */
export const publisherRetryAttempts = 10;
/** How often EventBridge retries delivering an event to a subscriber, and for how long. */
export const subscriberRetryAttempts = 185;
export const subscriberMaxEventAge = Duration.hours(24);

/**
 * The domain events in AWS (`docs/events.md`): the stack's own EventBridge bus with an archive of
 * every event; the publisher that DynamoDB Streams hands each table's new outbox items to; and one
 * rule per subscribed function, matching the tracker's source and the event types it names.
 */
export class DomainEvents extends Construct {
  readonly bus: EventBus;
  readonly archive: Archive;
  readonly rules: Rule[] = [];
  private readonly deadLetterQueue: IQueue;

  constructor(scope: Construct, id: string, props: DomainEventsProps) {
    super(scope, id);
    this.deadLetterQueue = props.deadLetterQueue;
    Validations.of(props.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the outbox publisher’s stream and of the event rules’ targets, which cdk-nag does not recognise as dead-letter uses.',
    });
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `jucip-tracker-${props.stage}-events`,
      description: 'Domain events of the JUCIP tracker (docs/events.md)',
    });
    this.archive = this.bus.archive('Archive', {
      description: 'Every domain event, for replay',
      eventPattern: { source: [eventSource] },
      retention: props.archiveRetention,
    });
  }

  /** A rule that sends the events of `types` to `target`, retried for a day, then dead-lettered. */
  addSubscriber(id: string, target: IFunction, types: readonly EventType[]): Rule {
    const rule = new Rule(this, `${id}Rule`, {
      eventBus: this.bus,
      description: `Domain events for ${id}: ${types.join(', ')}`,
      eventPattern: { source: [eventSource], detailType: [...types] },
      targets: [
        new LambdaFunction(target, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: subscriberRetryAttempts,
          maxEventAge: subscriberMaxEventAge,
        }),
      ],
    });
    this.rules.push(rule);
    return rule;
  }

  /**
   * Makes `publisher` the publisher of the outboxes of `tables`: their streams' new outbox items
   * only (filtered before Lambda is invoked), in batches whose failing part is bisected and retried,
   * then dead-lettered; and `dynamodb:DeleteItem` on outbox items only (their partition keys start
   * with `OUTBOX#`), so that it can empty the outbox and touch nothing else.
   */
  addOutboxPublisher(publisher: IFunction, tables: readonly TableV2[]): void {
    for (const table of tables) {
      publisher.addEventSource(
        // A TableV2 is an ITable; only `exactOptionalPropertyTypes` tells the two apart.
        new DynamoEventSource(table as ITable, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: 100,
          maxBatchingWindow: Duration.seconds(1),
          bisectBatchOnError: true,
          retryAttempts: publisherRetryAttempts,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(this.deadLetterQueue),
          filters: [
            FilterCriteria.filter({
              eventName: FilterRule.isEqual('INSERT'),
              dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(outboxEntity) } } },
            }),
          ],
        }),
      );
    }
    publisher.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:DeleteItem'],
        resources: tables.map((table) => table.tableArn),
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] } },
      }),
    );
  }
}
