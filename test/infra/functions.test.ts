import { describe, expect, it } from 'vitest';
import { serviceName } from '../../infra/constructs/tracker-function.ts';
import { functionDefinitions } from '../../shared/routes.ts';
import { tableDefinitions, tables } from '../../shared/tables.ts';
import {
  actionsOf,
  allIamStatements,
  logicalId,
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
const tableIdByLogicalId = new Map(
  tableDefinitions.map((table) => [logicalId(stack.data.table(table.id)), table.id]),
);

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
        NODE_OPTIONS: '--enable-source-maps',
      });
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

      expect([...reached].sort()).toEqual(Object.keys(definition.tables).sort());
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
