import { Duration, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { pascalCase } from './names.ts';
import type { TrackerFunction } from './tracker-function.ts';

/** Properties of {@link Operations}. */
export interface OperationsProps {
  /** Used in the topic's display name. */
  readonly stage: string;
  readonly api: HttpApi;
  /** Every function; each gets an errors and a throttles alarm. */
  readonly functions: readonly TrackerFunction[];
  /** The dead-letter queue whose depth means an indicator run failed for good. */
  readonly deadLetterQueue: IQueue;
  /** The dead-letter queue whose depth means an object event (an uploaded document) was never checked. */
  readonly eventDeadLetterQueue?: IQueue;
  /** The indicator workflow: alarms when a run fails (or times out) and when one takes longer than expected. */
  readonly indicatorWorkflow?: { readonly stateMachine: StateMachine; readonly expectedDuration: Duration };
  /** The dead-letter queue whose depth means a domain event was not published or not delivered. */
  readonly domainEventDeadLetterQueue?: IQueue;
  /** Subscribed to the alarm topic when given. */
  readonly alarmEmail?: string;
}

// Five-minute sums over one period: a handled error never reaches Lambda's Errors metric (handlers
// answer with problem details), so a single error, throttle or 5xx is already worth a look.
const period = Duration.minutes(5);

/**
 * Alarms on what needs a human: API 5xx responses, function errors and throttles (for the
 * indicator job an error is a failed run), and messages in the dead-letter queue. Every alarm
 * notifies an SNS topic on alarm and on recovery.
 */
export class Operations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `JUCIP tracker ${props.stage} alarms`,
      enforceSSL: true,
    });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry only alarm names and states, no tracker data; CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer key only for this would add a key policy to maintain.',
    });
    this.action = new SnsAction(this.topic);

    if (props.alarmEmail) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'E-mail delivery of alarm notifications; SNS retries it, and a missed e-mail loses nothing since the alarm state stays in CloudWatch.',
      });
    }

    this.addAlarm('ApiServerErrors', props.api.metricServerError({ period, statistic: 'Sum' }), {
      description: 'The API answered with 5xx responses.',
    });
    for (const fn of props.functions) {
      const name = pascalCase(fn.definition.id);
      this.addAlarm(`${name}Errors`, fn.metricErrors({ period, statistic: 'Sum' }), {
        description: `${fn.definition.id} failed with an unhandled error (${fn.definition.description}).`,
      });
      this.addAlarm(`${name}Throttles`, fn.metricThrottles({ period, statistic: 'Sum' }), {
        description: `${fn.definition.id} invocations were throttled.`,
      });
    }
    this.addAlarm(
      'DeadLetters',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      {
        description:
          'Events in the dead-letter queue: an indicator run (scheduled or started by an admin) failed after all retries.',
      },
    );
    if (props.indicatorWorkflow) {
      const { stateMachine, expectedDuration } = props.indicatorWorkflow;
      this.addAlarm(
        'IndicatorRunsFailed',
        new MathExpression({
          expression: 'failed + timedOut + aborted',
          usingMetrics: {
            failed: stateMachine.metricFailed({ period, statistic: 'Sum' }),
            timedOut: stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
            aborted: stateMachine.metricAborted({ period, statistic: 'Sum' }),
          },
          period,
          label: 'Indicator runs failed, timed out or aborted',
        }),
        { description: 'An indicator run failed, timed out or was aborted: no new figures were published.' },
      );
      this.addAlarm('IndicatorRunSlow', stateMachine.metricTime({ period, statistic: 'Maximum' }), {
        description: `An indicator run took longer than expected (${expectedDuration.toMinutes()} minutes); it stops at its timeout.`,
        threshold: expectedDuration.toMilliseconds(),
      });
    }
    if (props.eventDeadLetterQueue) {
      this.addAlarm(
        'EventDeadLetters',
        props.eventDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        {
          description:
            'Events in the dead-letter queue after all retries: an uploaded evidence document that was not checked (it stays pending).',
        },
      );
    }
    if (props.domainEventDeadLetterQueue) {
      this.addAlarm(
        'DomainEventDeadLetters',
        props.domainEventDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period,
          statistic: 'Maximum',
        }),
        {
          description:
            'Domain events in the dead-letter queue: an outbox batch was not published (its events wait in the outbox, docs/events.md), or a subscriber never took an event, e.g. the notifier could not deliver one (some e-mails unsent; docs/notifications.md; replay it from the archive).',
        },
      );
    }
  }

  /** An alarm when the metric reaches the threshold (1 unless given) in one period; missing data (no traffic) is fine. */
  private addAlarm(
    id: string,
    metric: IMetric,
    options: { readonly description: string; readonly threshold?: number },
  ): void {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: options.description,
      threshold: options.threshold ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }
}
