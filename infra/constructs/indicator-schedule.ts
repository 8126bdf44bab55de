import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { IndicatorScheduleEvent } from '../../shared/schedule.ts';

/** Properties of {@link IndicatorSchedule}. */
export interface IndicatorScheduleProps {
  /**
   * What the schedule starts: the indicator workflow's state machine (`docs/indicator-job.md`), or a
   * job function (the reminder job).
   */
  readonly target: IStateMachine | IFunction;
  /** EventBridge Scheduler expression, `rate(...)` or `cron(...)` (UTC). */
  readonly expression: string;
  /**
   * The event the job receives, the same one the local runtime sends. It goes into the target's
   * input verbatim, so Scheduler fills in context attribute placeholders such as
   * `<aws.scheduler.scheduled-time>` (`ContextAttribute.scheduledTime`) on every invocation.
   */
  readonly input: IndicatorScheduleEvent;
  /** Where events go that Scheduler could not deliver after its retries. */
  readonly deadLetterQueue: IQueue;
  /** What the scheduled job does (the indicator job's unless told otherwise). */
  readonly description?: string;
}

/**
 * Starts a scheduled job (the indicator workflow, the reminder job) through EventBridge Scheduler. Delivery is retried a few
 * times within two hours; after that the event is dead-lettered, where an alarm reports it, rather
 * than being delivered so late that it runs close to the next scheduled run.
 */
export class IndicatorSchedule extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: IndicatorScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Our own role rather than the target's shared default, so its findings are acknowledged here.
    // The conditions stop other accounts' schedules from using it (confused deputy).
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
      description: `Lets EventBridge Scheduler start the job (${props.description ?? 'indicators'}) and dead-letter undeliverable runs`,
    });
    const target = props.target;
    const common = {
      role,
      input: ScheduleTargetInput.fromObject(props.input),
      retryAttempts: 3,
      maxEventAge: Duration.hours(2),
      deadLetterQueue: props.deadLetterQueue,
    };
    let scheduleTarget: LambdaInvoke | StepFunctionsStartExecution;
    if ('functionArn' in target) {
      const targetLogicalId = stack.getLogicalId(target.node.defaultChild as CfnElement);
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${targetLogicalId}.Arn>:*]`,
        reason:
          'lambda:InvokeFunction on the scheduled job and its versions, as grantInvoke writes it; no other function.',
      });
      scheduleTarget = new LambdaInvoke(target, common);
    } else {
      scheduleTarget = new StepFunctionsStartExecution(target, common);
    }
    this.schedule = new Schedule(this, 'Schedule', {
      description: props.description ?? 'Computes and publishes the green-growth indicators',
      schedule: ScheduleExpression.expression(props.expression),
      target: scheduleTarget,
    });
  }
}
