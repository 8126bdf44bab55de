import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import {
  Choice,
  Condition,
  DefinitionBody,
  DistributedMap,
  Fail,
  JsonPath,
  LogLevel,
  Pass,
  Result,
  S3ObjectsItemReader,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** Properties of {@link IndicatorWorkflow}. */
export interface IndicatorWorkflowProps {
  /** Records, claims and shards a run (`functions/indicator-job`). */
  readonly begin: IFunction;
  /** Maps one shard (`functions/indicator-shard`). */
  readonly shard: IFunction;
  /** Merges, writes and publishes, or records a failure (`functions/indicator-publish`). */
  readonly publish: IFunction;
  /** Where `begin` writes the shard objects the Distributed Map lists. */
  readonly jobsBucket: Bucket;
  /** Map steps at once (each reads DynamoDB with its own bounded parallelism). */
  readonly maxConcurrency: number;
  /** The longest a run may take: the execution is stopped (and fails) after it. */
  readonly timeout: Duration;
  readonly logRetention: RetentionDays;
  readonly retainLogs: boolean;
}

/** Lambda's own transient errors, retried on every step. */
const lambdaServiceErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/**
 * Always writes `ToleratedFailurePercentage`, even 0 (the base class leaves 0 out as a default), so
 * that the definition says what the run depends on: one failed shard fails the run.
 */
class ShardMap extends DistributedMap {
  override toStateJson(): object {
    return { ...super.toStateJson(), ToleratedFailurePercentage: 0 };
  }
}

/**
 * The indicator job as a Step Functions Standard workflow (`docs/indicator-job.md`): `begin` shards
 * the projects into S3, a Distributed Map runs one `shard` step per shard object (retried, no
 * failure tolerated, bounded concurrency), and `publish` merges and publishes. A run that a step
 * fails for good is recorded as failed and the execution fails; the execution times out after the
 * run's longest time. Logged (all events) and traced.
 */
export class IndicatorWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: IndicatorWorkflowProps) {
    super(scope, id);
    const markBegin = new Pass(this, 'StartRun', {
      comment: 'Marks the execution input as the begin step',
      result: Result.fromString('begin'),
      resultPath: '$.step',
    });
    const begin = new LambdaInvoke(this, 'ShardProjects', {
      comment: 'Records and claims the run, lists the published projects into shard objects',
      lambdaFunction: props.begin,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    begin.addRetry({
      errors: lambdaServiceErrors,
      interval: Duration.seconds(5),
      maxAttempts: 3,
      backoffRate: 2,
    });

    const mapOne = new LambdaInvoke(this, 'MapShard', {
      comment: 'Reads one shard and stores its partial result',
      lambdaFunction: props.shard,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    // A map step only reads and rewrites its own partial: any failure is worth another attempt.
    mapOne.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(5),
      maxAttempts: 3,
      backoffRate: 2,
    });
    const map = new ShardMap(this, 'MapShards', {
      comment: 'One map step per shard object, in any order; no shard may be missing',
      itemReader: new S3ObjectsItemReader({
        // `Bucket` is an `IBucket`; only `exactOptionalPropertyTypes` sees `isWebsite?` differently.
        bucket: props.jobsBucket as unknown as IBucket,
        prefix: JsonPath.stringAt('$.shards.prefix'),
      }),
      itemSelector: {
        runId: JsonPath.stringAt('$.plan.runId'),
        startedAt: JsonPath.stringAt('$.plan.startedAt'),
        key: JsonPath.stringAt('$$.Map.Item.Value.Key'),
      },
      maxConcurrency: props.maxConcurrency,
      mapExecutionType: StateMachineType.STANDARD,
      resultPath: JsonPath.DISCARD,
    });
    map.itemProcessor(mapOne);

    const publish = new LambdaInvoke(this, 'MergeAndPublish', {
      comment: 'Adds the partial results in shard order, writes the items, moves the latest pointer',
      lambdaFunction: props.publish,
      payload: TaskInput.fromObject({ step: 'finish', plan: JsonPath.objectAt('$.plan') }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    // Not on a failure of the step itself: it records the run as failed before it throws.
    publish.addRetry({
      errors: lambdaServiceErrors,
      interval: Duration.seconds(5),
      maxAttempts: 3,
      backoffRate: 2,
    });

    const recordFailure = new LambdaInvoke(this, 'RecordFailure', {
      comment: 'Records the run as failed, so that it is never served',
      lambdaFunction: props.publish,
      payload: TaskInput.fromObject({ step: 'fail', plan: { runId: JsonPath.stringAt('$.plan.runId') } }),
      payloadResponseOnly: true,
      resultPath: JsonPath.DISCARD,
      retryOnServiceExceptions: false,
    });
    recordFailure.addRetry({
      errors: lambdaServiceErrors,
      interval: Duration.seconds(5),
      maxAttempts: 3,
      backoffRate: 2,
    });
    const failed = new Fail(this, 'RunFailed', {
      error: 'IndicatorRunFailed',
      cause: 'A step of the run failed',
    });
    recordFailure.next(failed);
    map.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });
    publish.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });
    begin.addCatch(
      new Fail(this, 'ShardingFailed', {
        error: 'IndicatorRunFailed',
        cause: 'The run could not be sharded',
      }),
      {
        errors: ['States.ALL'],
      },
    );

    const definition = markBegin
      .next(begin)
      .next(
        new Choice(this, 'Planned')
          .when(Condition.stringEquals('$.outcome', 'skipped'), new Succeed(this, 'NothingToDo'))
          .otherwise(map.next(publish).next(new Succeed(this, 'Published'))),
      );

    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      comment: 'Computes and publishes the green-growth indicators: shard, map, merge',
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      timeout: props.timeout,
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });
    const stack = Stack.of(this);
    const role = this.stateMachine.role;
    for (const fn of [props.begin, props.shard, props.publish]) {
      const logicalId = stack.getLogicalId(fn.node.defaultChild as never);
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: 'lambda:InvokeFunction on this step function and its versions, as the task grant writes it.',
      });
    }
    // The Distributed Map starts and stops its child executions: executions of this state machine only.
    const machineId = stack.getLogicalId(this.stateMachine.node.defaultChild as never);
    const literal = (value: string, pseudo: string) =>
      Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
    const executions = `arn:${literal(stack.partition, 'Partition')}:states:${literal(stack.region, 'Region')}:${literal(stack.account, 'AccountId')}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}`;
    for (const resource of [`${executions}:*`, `${executions}/*:*`]) {
      Validations.of(this.stateMachine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${resource}]`,
        reason: 'The Distributed Map describes and stops its own child executions, whose names it generates.',
      });
    }
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Log delivery (logs:CreateLogDelivery and friends), X-Ray and the Distributed Map child executions (states:StartExecution on this state machine, whose ARN would refer to itself) support no narrower resource.',
    });
  }
}
