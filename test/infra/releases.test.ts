/** The releases bucket (docs/releases.md): private, SSL-only, encrypted, versioned, logged, and who may touch it. */
import { describe, expect, it } from 'vitest';
import { functions } from '../../shared/routes.ts';
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

const releasesId = logicalId(stack.objects.bucket('releases'));
const releases = resource(template, releasesId);

function roleOf(functionId: keyof typeof functions): string {
  return resource(template, logicalId(stack.function(functionId))).Properties.Role['Fn::GetAtt'][0];
}

const releaseStatementsOf = (functionId: keyof typeof functions) =>
  statementsForRole(template, roleOf(functionId)).filter(
    (statement) =>
      actionsOf(statement).some((action) => action.startsWith('s3:')) &&
      JSON.stringify(statement.Resource).includes('-releases-'),
  );

describe('the releases bucket', () => {
  it('blocks public access, disables ACLs, encrypts and keeps versions', () => {
    expect(releases.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(releases.Properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    });
    expect(releases.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(releases.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('refuses every request that is not over TLS', () => {
    const [policy] = Object.values(resourcesOfType(template, 'AWS::S3::BucketPolicy')).filter(
      (p: CfnResource) => JSON.stringify(p.Properties.Bucket).includes(releasesId),
    );
    const deny = policy?.Properties.PolicyDocument.Statement.find(
      (statement: { Effect: string }) => statement.Effect === 'Deny',
    );
    expect(deny).toMatchObject({ Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('logs access under its own prefix of the access-log bucket, and has a lifecycle rule', () => {
    expect(releases.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalId(stack.objects.accessLogs) },
      LogFilePrefix: 'releases/',
    });
    expect(releases.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: 90 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      }),
    ]);
  });

  it('is kept with a prod stack', () => {
    const prod = synthesize({ stage: 'prod' });
    expect(resource(prod.template, logicalId(prod.stack.objects.bucket('releases'))).DeletionPolicy).toBe(
      'Retain',
    );
  });
});

describe('access to release files', () => {
  it('lets the indicator job put files under releases/ and nothing else', () => {
    const statements = releaseStatementsOf('indicator-job');
    expect(statements.flatMap(actionsOf)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(statements[0]?.Resource)).toMatch(/jucip-dev-releases-.*\/releases\/\*/);
  });

  it('lets the release reader read files and list keys under releases/ only', () => {
    const statements = releaseStatementsOf('releases-read');
    expect(statements.flatMap(actionsOf).sort()).toEqual([
      's3:GetObject',
      's3:GetObjectVersion',
      's3:ListBucket',
    ]);
    const listing = statements.find((statement) => actionsOf(statement).includes('s3:ListBucket'));
    expect(listing?.Condition).toEqual({ StringLike: { 's3:prefix': 'releases/*' } });
  });

  it('gives no other function any access to release files', () => {
    const withReleases = Object.values(functions)
      .filter((definition) => releaseStatementsOf(definition.id).length > 0)
      .map((definition) => definition.id)
      .sort();
    expect(withReleases).toEqual(['indicator-job', 'indicator-publish', 'releases-read']);
  });

  it('tells both functions the bucket name', () => {
    for (const id of ['indicator-job', 'releases-read'] as const) {
      const variables = resource(template, logicalId(stack.function(id))).Properties.Environment.Variables;
      expect(JSON.stringify(variables.RELEASES_BUCKET_NAME)).toContain('jucip-dev-releases-');
    }
  });

  it('tells the job the configured licence, and the IATI reader the configured publisher', () => {
    const configured = synthesize({
      releaseLicense: 'CC0-1.0',
      iatiReportingOrgRef: 'XM-DAC-701-8',
      iatiReportingOrgName: 'JICA',
    });
    const variablesOf = (id: 'indicator-job' | 'iati-export') =>
      resource(configured.template, logicalId(configured.stack.function(id))).Properties.Environment
        .Variables;
    expect(variablesOf('indicator-job').RELEASE_LICENSE).toBe('CC0-1.0');
    expect(variablesOf('iati-export')).toMatchObject({
      IATI_REPORTING_ORG_REF: 'XM-DAC-701-8',
      IATI_REPORTING_ORG_NAME: 'JICA',
      IATI_REPORTING_ORG_TYPE: '15',
    });
    expect(
      resource(template, logicalId(stack.function('indicator-job'))).Properties.Environment.Variables
        .RELEASE_LICENSE,
    ).toBe('CC-BY-4.0');
  });
});
