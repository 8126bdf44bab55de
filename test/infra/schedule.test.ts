import { ContextAttribute } from 'aws-cdk-lib/aws-scheduler';
import { describe, expect, it } from 'vitest';
import { scheduledFunctionId } from '../../infra/stack.ts';
import {
  defaultIndicatorSchedule,
  defaultReminderSchedule,
  indicatorScheduleEvent,
  reminderScheduleEvent,
  scheduledEventAt,
  scheduledTimePlaceholder,
} from '../../shared/schedule.ts';
import {
  actionsOf,
  logicalId,
  type PolicyStatement,
  referencedLogicalIds,
  resource,
  resourcesOfType,
  statementsForRole,
  synthesize,
} from './support.ts';

const { stack, template } = synthesize();
const jobId = logicalId(stack.function(scheduledFunctionId));
const workflowId = logicalId(stack.indicatorWorkflow.stateMachine);
const queueId = logicalId(stack.jobDeadLetterQueue.queue);
const schedules = Object.values(resourcesOfType(template, 'AWS::Scheduler::Schedule'));
const schedule = schedules.find((s) => referencedLogicalIds(s.Properties.Target.Arn).has(workflowId));
const target = schedule?.Properties.Target;

describe('indicator schedule', () => {
  it('starts the indicator workflow with the event the local runtime also sends', () => {
    expect(referencedLogicalIds(target.Arn)).toEqual(new Set([workflowId]));
    expect(JSON.parse(target.Input)).toEqual(indicatorScheduleEvent);
  });

  it('passes the scheduled time as Scheduler’s context attribute, which Scheduler fills in', () => {
    // The placeholder must reach Scheduler verbatim: any escaping or rewriting would leave it literal.
    expect(scheduledTimePlaceholder).toBe(ContextAttribute.scheduledTime);
    expect(target.Input).toContain('"scheduledTime":"<aws.scheduler.scheduled-time>"');
    expect(JSON.parse(target.Input).scheduledTime).toBe(ContextAttribute.scheduledTime);
  });

  it('sends the same fields the local runtime sends, with the time filled in there', () => {
    const local = scheduledEventAt(new Date('2030-01-02T03:04:05Z'));

    expect(Object.keys(JSON.parse(target.Input)).sort()).toEqual(Object.keys(local).sort());
    expect(local).toEqual({ ...JSON.parse(target.Input), scheduledTime: '2030-01-02T03:04:05.000Z' });
  });

  it('runs daily by default, on the expression from shared/schedule.ts', () => {
    expect(schedule?.Properties.ScheduleExpression).toBe(defaultIndicatorSchedule);
    expect(schedule?.Properties.State).toBe('ENABLED');
  });

  it('runs on the expression given in the indicatorSchedule context', () => {
    const { template: custom } = synthesize({ indicatorSchedule: 'cron(0 3 * * ? *)' });

    custom.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 3 * * ? *)' });
  });

  it('retries delivery explicitly and dead-letters what it cannot deliver', () => {
    expect(target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(target.RetryPolicy.MaximumEventAgeInSeconds).toBeGreaterThanOrEqual(60);
    expect(referencedLogicalIds(target.DeadLetterConfig.Arn)).toEqual(new Set([queueId]));
  });

  it('sends runs that fail all Lambda retries to the same dead-letter queue', () => {
    const job = resource(template, jobId).Properties;

    expect(referencedLogicalIds(job.DeadLetterConfig.TargetArn)).toEqual(new Set([queueId]));
  });

  it('assumes a role that only this account’s schedules can use, allowed to start only the workflow', () => {
    const [roleId] = referencedLogicalIds(target.RoleArn);
    const role = resource(template, roleId as string).Properties;
    const statements = statementsForRole(template, roleId as string);
    const invokes = statements.filter((statement) => actionsOf(statement).includes('states:StartExecution'));
    expect(statements.some((statement) => actionsOf(statement).includes('lambda:InvokeFunction'))).toBe(
      false,
    );

    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: expect.objectContaining({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }),
        },
      }),
    ]);
    expect(new Set(invokes.flatMap((statement) => [...referencedLogicalIds(statement.Resource)]))).toEqual(
      new Set([workflowId]),
    );
  });
});

describe('dead-letter queue', () => {
  const queue = resource(template, queueId).Properties;
  const [policy] = Object.values(resourcesOfType(template, 'AWS::SQS::QueuePolicy')).filter((candidate) =>
    referencedLogicalIds(candidate.Properties.Queues).has(queueId),
  );

  it('is encrypted at rest', () => {
    expect(queue.SqsManagedSseEnabled === true || queue.KmsMasterKeyId !== undefined).toBe(true);
  });

  it('refuses every request that does not use TLS', () => {
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining<Partial<PolicyStatement>>({
        Effect: 'Deny',
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('keeps messages for 14 days, long enough to look into a failed run', () => {
    expect(queue.MessageRetentionPeriod).toBe(14 * 24 * 60 * 60);
  });
});

describe('reminder schedule', () => {
  const reminderJobId = logicalId(stack.function('reminder-job'));
  const reminders = schedules.find((s) => referencedLogicalIds(s.Properties.Target.Arn).has(reminderJobId));

  it('invokes the reminder job daily with the event the local runtime also sends, dead-lettering what it cannot deliver', () => {
    expect(schedules).toHaveLength(2);
    expect(reminders?.Properties.ScheduleExpression).toBe(defaultReminderSchedule);
    expect(JSON.parse(reminders?.Properties.Target.Input)).toEqual(reminderScheduleEvent);
    expect(referencedLogicalIds(reminders?.Properties.Target.DeadLetterConfig.Arn)).toEqual(
      new Set([queueId]),
    );
  });

  it('gives the job the configured day of grace', () => {
    const environment = (t: typeof template) =>
      resource(t, reminderJobId).Properties.Environment.Variables as Record<string, string>;
    expect(environment(template).REPORT_DUE_DAY).toBe('15');
    const custom = synthesize({ reportDueDay: '20' });
    expect(environment(custom.template).REPORT_DUE_DAY).toBe('20');
  });
});
