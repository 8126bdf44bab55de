import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { indicatorMapConcurrency, indicatorRunExpectedDuration } from '../../infra/stack.ts';
import { workflowArnEnvVar } from '../../shared/adapters/stepfunctions/workflow-launcher.ts';
import { maxJobDurationMs } from '../../shared/domain/indicator-runs/run.ts';
import {
  actionsOf,
  logicalId,
  referencedLogicalIds,
  resource,
  resourcesOfType,
  statementsForRole,
  synthesize,
} from './support.ts';

type Validate = (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };
const validateAsl = createRequire(import.meta.url)('asl-validator') as Validate;

const { stack, template } = synthesize();
const machineId = logicalId(stack.indicatorWorkflow.stateMachine);
const machine = resource(template, machineId).Properties;
const functionId = (id: Parameters<typeof stack.function>[0]) => logicalId(stack.function(id));

/** A template value with its intrinsic functions replaced by plausible literals (an account, ARNs, names). */
function resolved(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolved);
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => String(resolved(part))).join(separator);
  }
  if ('Ref' in node) {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': 'us-east-1',
      'AWS::AccountId': '123456789012',
    };
    return pseudo[node.Ref as string] ?? `ref-${String(node.Ref).toLowerCase()}`;
  }
  if ('Fn::GetAtt' in node) {
    const [id] = node['Fn::GetAtt'] as [string, string];
    return `arn:aws:lambda:us-east-1:123456789012:function:${id}`;
  }
  return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, resolved(inner)]));
}

// biome-ignore lint/suspicious/noExplicitAny: an Amazon States Language document is free-form JSON.
const definition = JSON.parse(resolved(machine.DefinitionString) as string) as Record<string, any>;
const states = definition.States;
const map = states.MapShards;

describe('indicator workflow (Step Functions)', () => {
  it('is a Standard state machine whose definition is valid Amazon States Language', () => {
    const result = validateAsl(definition);

    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
    expect(machine.StateMachineType).toBe('STANDARD');
  });

  it('stops a run at the longest a run may take, the same time after which its claim lapses', () => {
    expect(definition.TimeoutSeconds).toBe(maxJobDurationMs / 1000);
  });

  it('runs the shards in a Distributed Map read from the shard objects, tolerating no failure, at bounded concurrency', () => {
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig.Mode).toBe('DISTRIBUTED');
    expect(map.ItemReader.Resource).toBe('arn:aws:states:::s3:listObjectsV2');
    expect(map.ItemReader.Parameters).toEqual({
      Bucket: `ref-${logicalId(stack.objects.bucket('jobs')).toLowerCase()}`,
      'Prefix.$': '$.shards.prefix',
    });
    expect(map.ToleratedFailurePercentage).toBe(0);
    expect(map.MaxConcurrency).toBe(indicatorMapConcurrency);
    expect(map.ItemSelector).toEqual({
      'runId.$': '$.plan.runId',
      'startedAt.$': '$.plan.startedAt',
      'key.$': '$$.Map.Item.Value.Key',
    });
  });

  it('retries every map step, and Lambda’s transient errors on the other steps', () => {
    const mapStep = map.ItemProcessor.States.MapShard;
    expect(mapStep.Retry).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 3 })]);
    for (const name of ['ShardProjects', 'MergeAndPublish', 'RecordFailure']) {
      expect(states[name].Retry).toEqual([
        expect.objectContaining({ ErrorEquals: expect.arrayContaining(['Lambda.TooManyRequestsException']) }),
      ]);
    }
  });

  it('records a run whose map or publish step failed for good as failed, then fails the execution', () => {
    for (const name of ['MapShards', 'MergeAndPublish']) {
      expect(states[name].Catch).toEqual([
        expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'RecordFailure' }),
      ]);
    }
    expect(states.RecordFailure.Parameters).toEqual({ step: 'fail', plan: { 'runId.$': '$.plan.runId' } });
    expect(states.RecordFailure.Next).toBe('RunFailed');
    expect(states.RunFailed.Type).toBe('Fail');
  });

  it('invokes each step’s own function', () => {
    expect(states.ShardProjects.Resource).toContain(functionId('indicator-job'));
    expect(map.ItemProcessor.States.MapShard.Resource).toContain(functionId('indicator-shard'));
    expect(states.MergeAndPublish.Resource).toContain(functionId('indicator-publish'));
    expect(states.MergeAndPublish.Parameters).toEqual({ step: 'finish', 'plan.$': '$.plan' });
  });

  it('logs every event to its own log group and is traced', () => {
    expect(machine.LoggingConfiguration.Level).toBe('ALL');
    expect(machine.LoggingConfiguration.Destinations).toHaveLength(1);
    expect(machine.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('lets each step touch only what it needs', () => {
    const roleOf = (id: Parameters<typeof stack.function>[0]) =>
      [...referencedLogicalIds(resource(template, functionId(id)).Properties.Role)][0] as string;
    const touched = (id: Parameters<typeof stack.function>[0]) =>
      new Set(
        statementsForRole(template, roleOf(id)).flatMap((statement) => [
          ...referencedLogicalIds(statement.Resource),
        ]),
      );
    const tableId = (id: 'projects' | 'metrics' | 'indicators') => logicalId(stack.data.table(id));

    expect(touched('indicator-shard').has(tableId('indicators'))).toBe(false);
    expect(touched('indicator-shard').has(tableId('metrics'))).toBe(true);
    expect(touched('indicator-publish').has(tableId('projects'))).toBe(false);
    expect(touched('indicator-publish').has(tableId('metrics'))).toBe(false);
    expect(touched('indicator-publish').has(tableId('indicators'))).toBe(true);
  });

  it('is allowed to invoke its three steps and nothing else', () => {
    const roleId = [...referencedLogicalIds(machine.RoleArn)][0] as string;
    const invoked = statementsForRole(template, roleId)
      .filter((statement) => actionsOf(statement).includes('lambda:InvokeFunction'))
      .flatMap((statement) => [...referencedLogicalIds(statement.Resource)]);

    expect(new Set(invoked)).toEqual(
      new Set([functionId('indicator-job'), functionId('indicator-shard'), functionId('indicator-publish')]),
    );
  });

  it('is started by the manual run route, which knows its ARN', () => {
    const admin = resource(template, functionId('indicators-admin')).Properties;
    const roleId = [...referencedLogicalIds(admin.Role)][0] as string;
    const starts = statementsForRole(template, roleId).filter((statement) =>
      actionsOf(statement).includes('states:StartExecution'),
    );

    expect(referencedLogicalIds(admin.Environment.Variables[workflowArnEnvVar])).toEqual(
      new Set([machineId]),
    );
    expect(new Set(starts.flatMap((statement) => [...referencedLogicalIds(statement.Resource)]))).toEqual(
      new Set([machineId]),
    );
  });

  it('keeps the job’s first step to one instance at a time', () => {
    expect(resource(template, functionId('indicator-job')).Properties.ReservedConcurrentExecutions).toBe(1);
  });

  it('alarms when a run fails, times out or is aborted, and when one takes longer than expected', () => {
    const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm'));
    const failed = alarms.find((alarm) =>
      (alarm.Properties.Metrics ?? []).some(
        (query: { MetricStat?: { Metric: { MetricName: string } } }) =>
          query.MetricStat?.Metric.MetricName === 'ExecutionsFailed',
      ),
    );
    const slow = alarms.find((alarm) => alarm.Properties.MetricName === 'ExecutionTime');

    expect(failed?.Properties.Threshold).toBe(1);
    expect(JSON.stringify(failed?.Properties.Metrics)).toContain('ExecutionsTimedOut');
    expect(slow?.Properties.Threshold).toBe(indicatorRunExpectedDuration.toMilliseconds());
    expect(referencedLogicalIds(slow?.Properties.Dimensions)).toEqual(new Set([machineId]));
  });

  it('keeps the shard objects a week only', () => {
    const bucket = resource(template, logicalId(stack.objects.bucket('jobs'))).Properties;

    expect(bucket.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 7 })]);
  });
});

describe('indicator run retention', () => {
  it('gives the steps that write a run’s items the configured retention (400 days by default)', () => {
    const retention = (t: typeof template, id: 'indicator-job' | 'indicator-publish') =>
      (resource(t, logicalId(stack.function(id))).Properties.Environment.Variables as Record<string, string>)
        .INDICATOR_RETENTION_DAYS;
    const custom = synthesize({ indicatorRetentionDays: '800' });
    for (const id of ['indicator-job', 'indicator-publish'] as const) {
      expect(retention(template, id)).toBe('400');
      expect(retention(custom.template, id)).toBe('800');
    }
  });
});
