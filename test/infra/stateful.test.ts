import { describe, expect, it } from 'vitest';
import { tableDefinitions } from '../../shared/tables.ts';
import { logicalId, resource, resourcesOfType, type Synthesized, synthesize } from './support.ts';

const dev = synthesize();
const prod = synthesize({ stage: 'prod' });

function tableResource({ stack, template }: Synthesized, id: (typeof tableDefinitions)[number]['id']) {
  return resource(template, logicalId(stack.data.table(id)));
}

describe('stack', () => {
  it('is named after the stage', () => {
    expect([dev.stack.stackName, prod.stack.stackName]).toEqual(['Jucip-dev', 'Jucip-prod']);
  });
});

describe('tables', () => {
  it('creates exactly one table per definition in shared/tables.ts', () => {
    expect(Object.keys(resourcesOfType(dev.template, 'AWS::DynamoDB::GlobalTable')).sort()).toEqual(
      tableDefinitions.map((definition) => logicalId(dev.stack.data.table(definition.id))).sort(),
    );
  });

  describe.each(tableDefinitions)('the $id table', (definition) => {
    const table = tableResource(dev, definition.id).Properties;

    it('has the keys, indexes and expiry attribute of its definition', () => {
      const keySchema = (key: { name: string } | undefined, type: string) =>
        key ? [{ AttributeName: key.name, KeyType: type }] : [];
      expect(table.KeySchema).toEqual([
        ...keySchema(definition.partitionKey, 'HASH'),
        ...keySchema(definition.sortKey, 'RANGE'),
      ]);
      expect(table.GlobalSecondaryIndexes ?? []).toEqual(
        definition.globalIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [...keySchema(index.partitionKey, 'HASH'), ...keySchema(index.sortKey, 'RANGE')],
          Projection: { ProjectionType: 'ALL' },
        })),
      );
      expect(table.TimeToLiveSpecification).toEqual(
        definition.timeToLiveAttribute
          ? { AttributeName: definition.timeToLiveAttribute, Enabled: true }
          : undefined,
      );
    });

    it('is billed on demand, encrypted with KMS and recoverable to any point in time', () => {
      expect(table.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      for (const replica of table.Replicas) {
        expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      }
    });

    it('can be deleted with a dev stack', () => {
      const devTable = tableResource(dev, definition.id);
      expect(devTable.DeletionPolicy).toBe('Delete');
      for (const replica of devTable.Properties.Replicas)
        expect(replica.DeletionProtectionEnabled).toBe(false);
    });

    it('is protected from deletion and retained in prod', () => {
      const prodTable = tableResource(prod, definition.id);
      expect(prodTable.DeletionPolicy).toBe('Retain');
      expect(prodTable.UpdateReplacePolicy).toBe('Retain');
      for (const replica of prodTable.Properties.Replicas)
        expect(replica.DeletionProtectionEnabled).toBe(true);
    });
  });
});

describe('identity', () => {
  const pool = () => resource(dev.template, logicalId(dev.stack.identity.userPool));
  const client = () => resource(dev.template, logicalId(dev.stack.identity.client)).Properties;

  it('lets only administrators create accounts, signing in by e-mail', () => {
    expect(pool().Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
    });
  });

  it('requires strong passwords and TOTP MFA for every person (no SMS)', () => {
    expect(pool().Properties.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: expect.any(Number),
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool().Properties.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(pool().Properties.MfaConfiguration).toBe('ON');
    expect(pool().Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('defines the orgId custom attribute that tokens carry as custom:orgId', () => {
    expect(pool().Properties.Schema).toContainEqual(
      expect.objectContaining({ Name: 'orgId', AttributeDataType: 'String', Mutable: true }),
    );
  });

  it('has exactly the groups viewer, submitter, reviewer and admin', () => {
    const groups = Object.values(resourcesOfType(dev.template, 'AWS::Cognito::UserPoolGroup'));

    expect(groups.map((group) => group.Properties.GroupName).sort()).toEqual(
      ['admin', 'reviewer', 'submitter', 'viewer'].sort(),
    );
    for (const group of groups) {
      expect(group.Properties.UserPoolId).toEqual({ Ref: logicalId(dev.stack.identity.userPool) });
    }
  });

  it('has a public app client that signs in with SRP and refreshes tokens, without OAuth flows', () => {
    expect(client()).toMatchObject({
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: false,
    });
  });

  it('lets the app client read custom:orgId but never write it', () => {
    expect(client().ReadAttributes).toContain('custom:orgId');
    expect(client().WriteAttributes).toBeDefined();
    expect(client().WriteAttributes).not.toContain('custom:orgId');
  });

  it('can be deleted with a dev stack', () => {
    expect(pool().DeletionPolicy).toBe('Delete');
    expect(pool().Properties.DeletionProtection).toBe('INACTIVE');
  });

  it('is protected from deletion and retained in prod', () => {
    const prodPool = resource(prod.template, logicalId(prod.stack.identity.userPool));
    expect(prodPool.DeletionPolicy).toBe('Retain');
    expect(prodPool.Properties.DeletionProtection).toBe('ACTIVE');
  });
});

describe('logs', () => {
  it('keeps every log group for the configured period and deletes them with a dev stack', () => {
    dev.template.allResources('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: dev.stack.config.logRetentionDays },
      DeletionPolicy: 'Delete',
    });
  });

  it('keeps every log group for a year and retains them in prod', () => {
    prod.template.allResources('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
  });
});
