import { describe, expect, it } from 'vitest';
import { buckets } from '../../shared/buckets.ts';
import { functions, triggeredFunctionIds } from '../../shared/routes.ts';
import {
  actionsOf,
  type CfnResource,
  logicalId,
  resource,
  resourcesOfType,
  statementsForRole,
  synthesize,
} from './support.ts';

const { stack, template } = synthesize();

const evidenceId = logicalId(stack.objects.bucket('evidence'));
const logsId = logicalId(stack.objects.accessLogs);
const evidence = resource(template, evidenceId);

function policyOf(bucketLogicalId: string): { Statement: Record<string, unknown>[] } {
  const [policy] = Object.values(resourcesOfType(template, 'AWS::S3::BucketPolicy')).filter(
    (p: CfnResource) => JSON.stringify(p.Properties.Bucket).includes(bucketLogicalId),
  );
  if (!policy) throw new Error(`No bucket policy for ${bucketLogicalId}`);
  return policy.Properties.PolicyDocument;
}

function roleOf(functionId: keyof typeof functions): string {
  return resource(template, logicalId(stack.function(functionId))).Properties.Role['Fn::GetAtt'][0];
}

const s3StatementsOf = (functionId: keyof typeof functions) =>
  statementsForRole(template, roleOf(functionId)).filter((statement) =>
    actionsOf(statement).some((action) => action.startsWith('s3:')),
  );

describe('the evidence bucket', () => {
  it('blocks every kind of public access and disables ACLs', () => {
    expect(evidence.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(evidence.Properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    });
  });

  it('is encrypted at rest and versioned', () => {
    expect(evidence.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(evidence.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('refuses every request that is not over TLS', () => {
    const deny = policyOf(evidenceId).Statement.find((statement) => statement.Effect === 'Deny');

    expect(deny).toMatchObject({
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Principal: { AWS: '*' },
    });
  });

  it('logs access to the log bucket, which accepts deliveries from this bucket only', () => {
    expect(evidence.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logsId },
      LogFilePrefix: 'evidence/',
    });
    const delivery = policyOf(logsId).Statement.find((statement) => statement.Effect === 'Allow');
    expect(delivery).toMatchObject({
      Action: 's3:PutObject',
      Principal: { Service: 'logging.s3.amazonaws.com' },
    });
    expect(JSON.stringify(delivery?.Condition)).toContain('jucip-dev-evidence-');
  });

  it('moves objects to Standard-IA after 90 days and expires replaced versions', () => {
    expect(evidence.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }],
        NoncurrentVersionExpiration: { NoncurrentDays: 90 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      }),
    ]);
  });

  it('allows no cross-origin requests unless origins are configured', () => {
    expect(evidence.Properties.CorsConfiguration).toBeUndefined();
  });

  it('allows POST uploads and GET downloads from the configured origins only', () => {
    const withCors = synthesize({ corsOrigins: 'https://tracker.example.org' });
    const bucket = resource(withCors.template, logicalId(withCors.stack.objects.bucket('evidence')));

    expect(bucket.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({
        AllowedOrigins: ['https://tracker.example.org'],
        AllowedMethods: ['POST', 'GET'],
      }),
    ]);
  });

  it('is kept with a prod stack and deleted with a dev stack', () => {
    const prod = synthesize({ stage: 'prod' });

    expect(resource(prod.template, logicalId(prod.stack.objects.bucket('evidence'))).DeletionPolicy).toBe(
      'Retain',
    );
    expect(evidence.DeletionPolicy).toBe('Delete');
  });

  it('invokes the arrival check for every object created under documents/', () => {
    expect(evidence.Properties.NotificationConfiguration.LambdaConfigurations).toEqual([
      {
        Event: 's3:ObjectCreated:*',
        Function: { 'Fn::GetAtt': [logicalId(stack.function('document-check')), 'Arn'] },
        Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: buckets.evidence.objectPrefix }] } },
      },
    ]);
    const onObjects = triggeredFunctionIds.filter((id) =>
      (functions[id].triggers ?? []).some((trigger) => trigger.kind === 'object_created'),
    );
    expect(onObjects).toEqual(['document-check']);
  });

  it('is the only source S3 may invoke the arrival check from, in this account', () => {
    const [permission, ...others] = Object.values(
      resourcesOfType(template, 'AWS::Lambda::Permission'),
    ).filter((p) => p.Properties.Principal === 's3.amazonaws.com');

    expect(others).toEqual([]);
    expect(permission?.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalId(stack.function('document-check')), 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    expect(JSON.stringify(permission?.Properties.SourceArn)).toContain('jucip-dev-evidence-');
  });
});

describe('access to evidence objects', () => {
  it('lets the upload signer put objects under documents/ and do nothing else in S3', () => {
    const statements = s3StatementsOf('documents-write');

    expect(statements.flatMap(actionsOf)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(statements[0]?.Resource)).toMatch(/jucip-dev-evidence-.*\/documents\/\*/);
  });

  it('lets the reader read objects under documents/ (to sign downloads) and nothing else', () => {
    expect(s3StatementsOf('documents-read').flatMap(actionsOf).sort()).toEqual([
      's3:GetObject',
      's3:GetObjectVersion',
    ]);
  });

  it('lets the arrival check read and delete under documents/, listing versions under that prefix only', () => {
    const statements = s3StatementsOf('document-check');

    expect(statements.flatMap(actionsOf).sort()).toEqual([
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:GetObject',
      's3:GetObjectVersion',
      's3:ListBucketVersions',
    ]);
    expect(statements.flatMap(actionsOf)).not.toContain('s3:PutObject');
    const listing = statements.find((statement) => actionsOf(statement).includes('s3:ListBucketVersions'));
    expect(listing?.Condition).toEqual({ StringLike: { 's3:prefix': 'documents/*' } });
  });

  it('gives no other function any access to evidence objects', () => {
    const withEvidence = Object.values(functions)
      .filter((definition) =>
        s3StatementsOf(definition.id).some((statement) =>
          JSON.stringify(statement.Resource).includes('-evidence-'),
        ),
      )
      .map((definition) => definition.id)
      .sort();

    expect(withEvidence).toEqual(['document-check', 'documents-read', 'documents-write']);
  });

  it('dead-letters object events the arrival check could not process', () => {
    const fn = resource(template, logicalId(stack.function('document-check')));

    expect(fn.Properties.DeadLetterConfig).toEqual({
      TargetArn: { 'Fn::GetAtt': [logicalId(stack.eventDeadLetterQueue.queue), 'Arn'] },
    });
  });
});
