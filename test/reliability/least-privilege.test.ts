/**
 * Least privilege and encryption, swept over the whole synthesized template (no bundling): every
 * function may reach only the tables its routes use, with write actions only where its definition
 * says readwrite; functions that serve only GET routes can change nothing; no Allow statement has a
 * wildcard action, and none gives a data action on every resource; every queue refuses non-TLS
 * requests; every table, queue and topic is encrypted with KMS or an AWS-managed key. The per-
 * function details (logs, X-Ray, invoke targets, event bus) are in test/infra/functions.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type FunctionDefinition, functionDefinitions, routes } from '../../shared/routes.ts';
import { outboxTableDefinitions, type TableId, tableDefinitions } from '../../shared/tables.ts';
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
} from '../infra/support.ts';
import { Tally } from './support/collector.ts';

const tally = new Tally('least privilege (template)');
afterAll(() => tally.flush());

const { stack, template } = synthesize();

/** DynamoDB actions that change data. */
const dynamoWrites = new Set([
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'dynamodb:DeleteTable',
  'dynamodb:UpdateTable',
  'dynamodb:CreateTable',
  'dynamodb:RestoreTableFromBackup',
  'dynamodb:ImportTable',
]);
/** Actions of any service that change something other than the function's own logs and traces. */
const harmless = new Set([
  // Reading evidence objects under documents/ (to sign five-minute download links) changes nothing.
  's3:GetObject',
  's3:GetObjectVersion',
  // Listing release keys under releases/ (the list of releases) changes nothing either.
  's3:ListBucket',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
]);
const isDynamoRead = (action: string) => action.startsWith('dynamodb:') && !dynamoWrites.has(action);

const tableIdByLogicalId = new Map<string, TableId>(
  tableDefinitions.map((table) => [logicalId(stack.data.table(table.id)), table.id]),
);
const roleOf = (definition: FunctionDefinition): string =>
  resource(template, logicalId(stack.function(definition.id))).Properties.Role['Fn::GetAtt'][0];
const resourcesOf = (statement: PolicyStatement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

describe('each function’s IAM policy', () => {
  it.each(functionDefinitions)(
    '$id reaches only its tables, writing only those it may write',
    (definition) => {
      const statements = statementsForRole(template, roleOf(definition));
      const grants = new Map<TableId, Set<string>>();
      for (const statement of statements) {
        tally.add('templateChecks');
        expect(statement.Effect).toBe('Allow');
        const dynamo = actionsOf(statement).filter((action) => action.startsWith('dynamodb:'));
        if (dynamo.length === 0) continue;
        for (const id of referencedLogicalIds(statement.Resource)) {
          const table = tableIdByLogicalId.get(id);
          expect(
            table,
            `${definition.id}: DynamoDB actions on ${id}, which is not a tracker table`,
          ).toBeDefined();
          const actions = grants.get(table as TableId) ?? new Set<string>();
          for (const action of dynamo) actions.add(action);
          grants.set(table as TableId, actions);
        }
      }
      // The outbox publisher reads the outbox tables' streams and deletes outbox items, nothing else
      // (docs/events.md; the condition on the delete is asserted in test/infra/functions.test.ts).
      const outboxTables = (definition.triggers ?? []).some((trigger) => trigger.kind === 'outbox')
        ? outboxTableDefinitions.map((table) => table.id)
        : [];
      expect([...grants.keys()].sort()).toEqual(
        [...new Set([...Object.keys(definition.tables), ...outboxTables])].sort(),
      );
      for (const [table, actions] of grants) {
        const writes = [...actions].filter((action) => !isDynamoRead(action));
        if (!(table in definition.tables)) {
          expect(writes, `${definition.id} on ${table}`).toEqual(['dynamodb:DeleteItem']);
          continue;
        }
        if (definition.tables[table] === 'read') expect(writes, `${definition.id} on ${table}`).toEqual([]);
        else expect(writes.length, `${definition.id} on ${table}`).toBeGreaterThan(0);
        // Table administration is never a function's business.
        expect(
          [...actions].filter((a) => /Table$|Backup$/.test(a) && a !== 'dynamodb:DescribeTable'),
        ).toEqual([]);
      }
    },
  );

  const readOnlyServers = functionDefinitions.filter((definition) => {
    const served = routes.filter((route) => route.function === definition.id);
    return served.length > 0 && served.every((route) => route.method === 'GET');
  });

  it('leaves at least the read routes’ functions read-only', () => {
    expect(readOnlyServers.map((d) => d.id).sort()).toEqual([
      'documents-read',
      'iati-export',
      'projects-read',
      'public-read',
      'releases-read',
      'web',
    ]);
  });

  it.each(readOnlyServers)('$id serves only GET routes and can change no data', (definition) => {
    const changing = statementsForRole(template, roleOf(definition))
      .flatMap(actionsOf)
      .filter((action) => !isDynamoRead(action) && !harmless.has(action));
    tally.add('templateChecks');
    expect(changing).toEqual([]);
  });

  it('every route’s function can do what the route needs: writes only behind non-GET routes', () => {
    for (const definition of functionDefinitions) {
      const served = routes.filter((route) => route.function === definition.id);
      const writes = Object.values(definition.tables).includes('readwrite');
      tally.add('templateChecks');
      if (served.length > 0 && writes)
        expect(
          served.some((route) => route.method !== 'GET'),
          definition.id,
        ).toBe(true);
    }
  });
});

describe('every IAM statement in the template', () => {
  const statements = allIamStatements(template).filter(({ statement }) => statement.Effect === 'Allow');

  it('has no wildcard action', () => {
    const wildcards = statements.flatMap(({ source, statement }) =>
      actionsOf(statement)
        .filter((action) => action.includes('*'))
        .map((action) => `${action} in ${source}`),
    );
    tally.add('templateChecks', statements.length);
    expect(statements.length).toBeGreaterThan(10);
    expect(wildcards).toEqual([]);
  });

  it('gives no data or invoke action on every resource', () => {
    const open = statements.filter(
      ({ statement }) =>
        actionsOf(statement).some((action) => /^(dynamodb|sqs|sns|lambda|events|kms):/.test(action)) &&
        resourcesOf(statement).some((r) => r === '*'),
    );
    tally.add('templateChecks', statements.length);
    expect(open.map(({ source, statement }) => `${source}: ${actionsOf(statement).join(',')}`)).toEqual([]);
  });
});

describe('encryption and transport', () => {
  it('encrypts every table with KMS', () => {
    const tablesInTemplate = Object.entries(resourcesOfType(template, 'AWS::DynamoDB::GlobalTable'));
    expect(tablesInTemplate.length).toBe(tableDefinitions.length);
    for (const [id, table] of tablesInTemplate) {
      tally.add('templateChecks');
      expect(table.Properties.SSESpecification, id).toMatchObject({ SSEEnabled: true });
    }
  });

  it('encrypts every queue and refuses every request to it without TLS', () => {
    const queues = Object.entries(resourcesOfType(template, 'AWS::SQS::Queue'));
    const policies = Object.values(resourcesOfType(template, 'AWS::SQS::QueuePolicy'));
    expect(queues.length).toBeGreaterThan(0);
    for (const [id, queue] of queues) {
      tally.add('templateChecks', 2);
      expect(
        queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined,
        id,
      ).toBe(true);
      const denies = policies
        .filter((policy) => referencedLogicalIds(policy.Properties.Queues).has(id))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[])
        .filter(
          (s) =>
            s.Effect === 'Deny' &&
            actionsOf(s).includes('sqs:*') &&
            s.Condition?.Bool?.['aws:SecureTransport'] === 'false' &&
            referencedLogicalIds(s.Resource).has(id),
        );
      expect(denies.length, `${id} has a TLS-only policy`).toBeGreaterThan(0);
    }
  });

  it('encrypts every topic with KMS but the alarm topic, and refuses publishing without TLS', () => {
    const topics = Object.entries(resourcesOfType(template, 'AWS::SNS::Topic'));
    const policies = Object.values(resourcesOfType(template, 'AWS::SNS::TopicPolicy'));
    expect(topics.length).toBeGreaterThan(0);
    for (const [id, topic] of topics) {
      tally.add('templateChecks', 2);
      if (topic.Properties.KmsMasterKeyId === undefined) {
        // The one deliberate exception (acknowledged for cdk-nag in infra/constructs/operations.ts):
        // the alarm topic carries alarm names and states only, and CloudWatch cannot publish to a
        // topic under the AWS-managed SNS key. Any other unencrypted topic fails here.
        expect(id).toMatch(/^OperationsAlarmTopic/);
      }
      const denies = policies
        .filter((policy) => referencedLogicalIds(policy.Properties.Topics).has(id))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[])
        .filter((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
      expect(denies.length, `${id} has a TLS-only policy`).toBeGreaterThan(0);
    }
  });
});
