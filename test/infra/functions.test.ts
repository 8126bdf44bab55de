import { describe, expect, it } from 'vitest';
import { serviceName } from '../../infra/constructs/tracker-function.ts';
import { scheduledFunctionId } from '../../infra/stack.ts';
import { buckets } from '../../shared/buckets.ts';
import { tokenEnvironment } from '../../shared/config/env.ts';
import {
  type FunctionDefinition,
  functionDefinitions,
  functionNameEnvVar,
  triggeredFunctionIds,
} from '../../shared/routes.ts';
import { outboxTableDefinitions, tableDefinitions, tables } from '../../shared/tables.ts';
import {
  actionsOf,
  allIamStatements,
  logicalId,
  type PolicyStatement,
  referencedLogicalIds,
  resource,
  resourcesOfType,
  statementsForRole,
  synthesize,
} from './support.ts';

const { stack, template } = synthesize();

const writeActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
const readActions = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
/** Every DynamoDB action that changes nothing. */
const readOnlyDynamoActions = [
  ...readActions,
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:DescribeStream',
  'dynamodb:ListStreams',
];
const tracingActions = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
const logActions = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const tableIdByLogicalId = new Map(
  tableDefinitions.map((table) => [logicalId(stack.data.table(table.id)), table.id]),
);
const functionLogicalId = (id: FunctionDefinition['id']) => logicalId(stack.function(id));
const roleLogicalIdOf = (id: FunctionDefinition['id']): string =>
  resource(template, functionLogicalId(id)).Properties.Role['Fn::GetAtt'][0];
/** The stack's own event bus, as the template refers to it. */
const eventBusLogicalId = logicalId(stack.domainEvents.bus);
/** Whether the function publishes the outboxes: it reaches those tables' streams and outbox items only. */
const publishesOutboxes = (definition: FunctionDefinition) =>
  (definition.triggers ?? []).some((trigger) => trigger.kind === 'outbox');
/** The tables a function reaches: those its definition lists, and the outbox tables for the publisher. */
const tablesReachedBy = (definition: FunctionDefinition): string[] => [
  ...new Set([
    ...Object.keys(definition.tables),
    ...(publishesOutboxes(definition) ? outboxTableDefinitions.map((table) => table.id) : []),
  ]),
];
/** Functions invoked asynchronously by the schedule or another function: they dead-letter to the job queue. */
const jobFunctionIds = new Set([
  scheduledFunctionId,
  ...functionDefinitions.flatMap((definition) => definition.invokes ?? []),
]);
/** Functions invoked asynchronously: they may dead-letter failed events. */
const asyncFunctionIds = new Set([...jobFunctionIds, ...triggeredFunctionIds]);
/** The S3 actions each kind of bucket access may use. */
const bucketActions = {
  put: ['s3:PutObject'],
  read: ['s3:GetObject', 's3:GetObjectVersion'],
  delete: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:ListBucketVersions'],
  list: ['s3:ListBucket'],
} as const;
/** A function that only reads: every table and bucket read-only, invoking nothing and announcing nothing. */
const isReadOnly = (definition: FunctionDefinition) =>
  Object.values(definition.tables).every((access) => access === 'read') &&
  Object.values(definition.buckets ?? {}).every((access) =>
    access.every((kind) => kind === 'read' || kind === 'list'),
  ) &&
  (definition.invokes ?? []).length === 0 &&
  !definition.publishesEvents;
const resourcesOf = (statement: PolicyStatement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

describe('Lambda functions', () => {
  it('are exactly the functions defined in shared/routes.ts', () => {
    expect(Object.keys(resourcesOfType(template, 'AWS::Lambda::Function')).sort()).toEqual(
      functionDefinitions.map((definition) => logicalId(stack.function(definition.id))).sort(),
    );
  });

  describe.each(functionDefinitions)('the $id function', (definition) => {
    const fn = resource(template, logicalId(stack.function(definition.id))).Properties;
    const roleLogicalId: string = fn.Role['Fn::GetAtt'][0];
    const dynamoStatements = statementsForRole(template, roleLogicalId).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );
    const actionsOn = (tableLogicalId: string) =>
      dynamoStatements
        .filter((statement) => referencedLogicalIds(statement.Resource).has(tableLogicalId))
        .flatMap(actionsOf);

    it('runs Node.js 24 on arm64 with active tracing, sized as defined', () => {
      expect(fn).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: definition.memoryMb,
        Timeout: definition.timeoutSeconds,
        Handler: 'index.handler',
      });
    });

    it('reserves concurrency exactly as defined', () => {
      expect(fn.ReservedConcurrentExecutions).toBe(definition.reservedConcurrency);
    });

    it('logs to its own log group, which has a retention period', () => {
      const [logGroupId] = referencedLogicalIds(fn.LoggingConfig?.LogGroup);
      expect(logGroupId).toBeDefined();
      expect(resource(template, logGroupId as string).Properties.RetentionInDays).toBe(
        stack.config.logRetentionDays,
      );
    });

    it('learns the name of each table it may use, and of no other, from the environment', () => {
      const variables = fn.Environment.Variables as Record<string, unknown>;
      const granted = Object.keys(definition.tables) as (keyof typeof tables)[];

      expect(variables).toMatchObject({
        STAGE: stack.config.stage,
        POWERTOOLS_SERVICE_NAME: serviceName,
        LOG_LEVEL: stack.config.logLevel,
      });
      // Source maps are read when an error is logged, not parsed at every cold start.
      expect(variables).not.toHaveProperty('NODE_OPTIONS');
      for (const tableId of granted) {
        expect(variables[tables[tableId].envVar]).toEqual({ Ref: logicalId(stack.data.table(tableId)) });
      }
      const tableVariables = tableDefinitions
        .map((table) => table.envVar)
        .filter((name) => name in variables);
      expect(tableVariables.sort()).toEqual(granted.map((tableId) => tables[tableId].envVar).sort());
    });

    it('may use only the tables its definition lists', () => {
      const reached = new Set(
        dynamoStatements.flatMap((statement) =>
          [...referencedLogicalIds(statement.Resource)].map((id) => tableIdByLogicalId.get(id) ?? id),
        ),
      );

      expect([...reached].sort()).toEqual(tablesReachedBy(definition).sort());
    });

    it('deletes nothing but outbox items in the tables it does not list', () => {
      const unlisted = tablesReachedBy(definition).filter((tableId) => !(tableId in definition.tables));
      for (const tableId of unlisted) {
        const tableLogicalId = logicalId(stack.data.table(tableId as keyof typeof tables));
        const statements = dynamoStatements.filter((statement) =>
          referencedLogicalIds(statement.Resource).has(tableLogicalId),
        );
        const writing = statements.filter((statement) =>
          actionsOf(statement).some((action) => !readOnlyDynamoActions.includes(action)),
        );
        expect(writing.flatMap(actionsOf)).toEqual(['dynamodb:DeleteItem']);
        expect(writing[0]?.Condition).toEqual({
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] },
        });
        const reading = statements.filter((statement) => !writing.includes(statement)).flatMap(actionsOf);
        expect(reading.every((action) => readOnlyDynamoActions.includes(action))).toBe(true);
        expect(reading).not.toContain('dynamodb:GetItem');
        expect(reading).not.toContain('dynamodb:Query');
      }
    });

    it('reads every table it may use and writes only those it may write', () => {
      for (const [tableId, access] of Object.entries(definition.tables)) {
        const actions = actionsOn(logicalId(stack.data.table(tableId as keyof typeof tables)));
        expect(actions).toEqual(expect.arrayContaining(readActions));
        for (const action of writeActions) {
          if (access === 'readwrite') expect(actions).toContain(action);
          else expect(actions).not.toContain(action);
        }
      }
    });

    it('has no AWS managed policies, only its own statements', () => {
      expect(resource(template, roleLogicalId).Properties.ManagedPolicyArns).toBeUndefined();
    });

    describe('role, beyond its tables', () => {
      const statements = statementsForRole(template, roleLogicalId);
      const withAction = (prefix: string) =>
        statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith(prefix)));
      const targets = definition.invokes ?? [];

      it('allows only X-Ray, its logs, its tables, its dead-letter queue, invoking, events, the workflow and machine clients (and their audience) as defined', () => {
        const services = new Set(
          statements.flatMap(actionsOf).map((action) => action.slice(0, action.indexOf(':'))),
        );
        const expected = new Set(['xray', 'logs']);
        if (tablesReachedBy(definition).length > 0) expected.add('dynamodb');
        if (asyncFunctionIds.has(definition.id)) expected.add('sqs');
        if (targets.length > 0) expected.add('lambda');
        if (definition.publishesEvents) expected.add('events');
        // The manual run route starts the indicator workflow (test/infra/indicator-workflow.test.ts).
        if (definition.id === 'indicators-admin') expected.add('states');
        if (Object.keys(definition.buckets ?? {}).length > 0) expected.add('s3');
        if (definition.managesMachineClients) {
          expected.add('cognito-idp');
          expected.add('apigateway');
        }

        expect(services).toEqual(expected);
        for (const statement of statements) expect(statement.Effect).toBe('Allow');
      });

      it('sends traces to X-Ray and writes only its own log group', () => {
        const [logGroupId] = referencedLogicalIds(fn.LoggingConfig?.LogGroup);

        for (const statement of withAction('xray:')) {
          expect(tracingActions).toEqual(expect.arrayContaining(actionsOf(statement)));
        }
        expect(withAction('xray:').flatMap(actionsOf).sort()).toEqual([...tracingActions].sort());
        for (const statement of withAction('logs:')) {
          expect(logActions).toEqual(expect.arrayContaining(actionsOf(statement)));
          expect(resourcesOf(statement)).toEqual([{ 'Fn::GetAtt': [logGroupId, 'Arn'] }]);
        }
        expect(withAction('logs:').flatMap(actionsOf).sort()).toEqual([...logActions].sort());
      });

      it('sends failed events only to the dead-letter queue, and only when invoked asynchronously', () => {
        const sqs = withAction('sqs:');
        if (!asyncFunctionIds.has(definition.id)) {
          expect(sqs).toEqual([]);
          return;
        }
        const onObjects = (definition.triggers ?? []).some((trigger) => trigger.kind === 'object_created');
        const queueId = logicalId(
          (jobFunctionIds.has(definition.id)
            ? stack.jobDeadLetterQueue
            : onObjects
              ? stack.eventDeadLetterQueue
              : stack.domainEventDeadLetterQueue
          ).queue,
        );
        // A stream's failure destination also looks the queue up before sending to it.
        const allowed = publishesOutboxes(definition)
          ? ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']
          : ['sqs:SendMessage'];
        expect(sqs.flatMap(actionsOf)).toContain('sqs:SendMessage');
        expect(sqs.flatMap(actionsOf).every((action) => allowed.includes(action))).toBe(true);
        for (const resourceOf of sqs.flatMap(resourcesOf)) {
          expect(resourceOf).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
        }
      });

      it('may invoke exactly the functions it invokes, by unqualified ARN', () => {
        const invoking = withAction('lambda:');

        expect([...new Set(invoking.flatMap(actionsOf))]).toEqual(
          targets.length > 0 ? ['lambda:InvokeFunction'] : [],
        );
        // Each target's own ARN only: no `<arn>:*` (versions, aliases) and no other function.
        expect(invoking.flatMap(resourcesOf)).toEqual(
          targets.map((target) => ({ 'Fn::GetAtt': [functionLogicalId(target), 'Arn'] })),
        );
      });

      it('learns the name of each function it invokes, and of no other, from the environment', () => {
        const variables = fn.Environment.Variables as Record<string, unknown>;
        const nameVariables = Object.keys(variables).filter((name) => name.endsWith('_FUNCTION_NAME'));

        expect(nameVariables.sort()).toEqual(targets.map(functionNameEnvVar).sort());
        for (const target of targets) {
          expect(variables[functionNameEnvVar(target)]).toEqual({ Ref: functionLogicalId(target) });
        }
      });

      it('may put events on the stack’s bus only, and only when it publishes events', () => {
        const variables = fn.Environment.Variables as Record<string, unknown>;
        const publishing = withAction('events:');

        if (definition.publishesEvents) {
          expect(variables.EVENT_BUS_NAME).toEqual({ Ref: eventBusLogicalId });
          expect(publishing.flatMap(actionsOf)).toEqual(['events:PutEvents']);
          expect(publishing.flatMap(resourcesOf)).toEqual([{ 'Fn::GetAtt': [eventBusLogicalId, 'Arn'] }]);
        } else {
          expect(variables.EVENT_BUS_NAME).toBeUndefined();
          expect(publishing).toEqual([]);
        }
      });

      it('reaches only the object prefix of the buckets it lists, with the actions its access needs', () => {
        const s3 = withAction('s3:');
        const granted = Object.entries(definition.buckets ?? {}) as [
          keyof typeof buckets,
          readonly string[],
        ][];
        const expectedActions = granted.flatMap(([, access]) =>
          access.flatMap((kind) => bucketActions[kind as keyof typeof bucketActions]),
        );
        const variables = fn.Environment.Variables as Record<string, unknown>;

        expect(s3.flatMap(actionsOf).sort()).toEqual([...expectedActions].sort());
        for (const statement of s3) {
          for (const target of resourcesOf(statement)) {
            const arn = JSON.stringify(target);
            const bucketId = granted.map(([id]) => id).find((id) => arn.includes(`-${id}-`));
            expect(bucketId, arn).toBeDefined();
            const prefix = buckets[bucketId as keyof typeof buckets].objectPrefix;
            if (actionsOf(statement).some((action) => action.startsWith('s3:ListBucket'))) {
              // A bucket action: limited to the prefix by condition.
              expect(statement.Condition).toEqual({ StringLike: { 's3:prefix': `${prefix}*` } });
            } else {
              expect(arn.endsWith(`/${prefix}*"]]}`)).toBe(true);
            }
          }
        }
        for (const [bucketId] of granted) {
          expect(JSON.stringify(variables[buckets[bucketId].envVar])).toContain(
            `jucip-${stack.config.stage}-${bucketId}-`,
          );
        }
        expect(Object.keys(variables).filter((name) => name.endsWith('_BUCKET_NAME')).length).toBe(
          granted.length,
        );
      });

      it('learns the user pool issuer and app client only when it verifies optional tokens itself', () => {
        const variables = fn.Environment.Variables as Record<string, unknown>;
        if (definition.readsOptionalTokens) {
          expect(variables[tokenEnvironment.issuerUrl]).toEqual(
            expect.objectContaining({ 'Fn::Join': expect.anything() }),
          );
          expect(variables[tokenEnvironment.audience]).toEqual({ Ref: logicalId(stack.identity.client) });
        } else {
          expect(variables[tokenEnvironment.issuerUrl]).toBeUndefined();
          expect(variables[tokenEnvironment.audience]).toBeUndefined();
        }
        expect(variables[tokenEnvironment.publicKeyFile]).toBeUndefined();
      });

      if (isReadOnly(definition)) {
        it('changes no data, since it only reads', () => {
          // Writing its own logs and traces is all it may do besides reading.
          const changing = statements
            .flatMap(actionsOf)
            .filter(
              (action) =>
                !readOnlyDynamoActions.includes(action) &&
                !(bucketActions.read as readonly string[]).includes(action) &&
                !(bucketActions.list as readonly string[]).includes(action) &&
                !tracingActions.includes(action) &&
                !logActions.includes(action),
            );

          expect(changing).toEqual([]);
        });
      }
    });
  });
});

describe('the indicator job', () => {
  it('runs one instance at a time (reserved concurrency 1)', () => {
    const job = resource(template, logicalId(stack.function('indicator-job'))).Properties;
    expect(job.ReservedConcurrentExecutions).toBe(1);
  });
});

describe('invoking functions and publishing events', () => {
  const roles = Object.keys(resourcesOfType(template, 'AWS::IAM::Role'));
  const rolesAllowing = (action: string) =>
    roles
      .filter((roleId) => statementsForRole(template, roleId).some((s) => actionsOf(s).includes(action)))
      .sort();

  it('is allowed to no role but those of functions that invoke others, the workflow’s and the schedulers’ of jobs', () => {
    // The indicator schedule starts the workflow; the reminder schedule invokes its job function.
    const schedulerRoles = Object.values(resourcesOfType(template, 'AWS::Scheduler::Schedule'))
      .filter((schedule) => JSON.stringify(schedule.Properties.Target.Arn).includes('Function'))
      .flatMap((schedule) => [...referencedLogicalIds(schedule.Properties.Target.RoleArn)]);
    const invokers = functionDefinitions
      .filter((definition) => (definition.invokes ?? []).length > 0)
      .map((definition) => roleLogicalIdOf(definition.id));

    const workflowRole = logicalId(stack.indicatorWorkflow.stateMachine.role);

    expect(schedulerRoles).toHaveLength(1);
    expect(rolesAllowing('lambda:InvokeFunction')).toEqual(
      [...invokers, workflowRole, ...schedulerRoles].sort(),
    );
  });

  it('puts events for no role but those of functions that publish events', () => {
    const publishers = functionDefinitions
      .filter((definition) => definition.publishesEvents)
      .map((definition) => roleLogicalIdOf(definition.id));

    expect(rolesAllowing('events:PutEvents')).toEqual(publishers.sort());
  });
});

describe('IAM policies', () => {
  it('never allow a wildcard action such as * or service:*', () => {
    const wildcards = allIamStatements(template)
      .filter(({ statement }) => statement.Effect === 'Allow')
      .flatMap(({ source, statement }) =>
        actionsOf(statement)
          .filter((action) => action.includes('*'))
          .map((action) => `${action} in ${source}`),
      );

    expect(wildcards).toEqual([]);
  });
});
