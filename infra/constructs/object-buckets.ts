import { Aws, Duration, Lazy, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnPermission, type IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BucketDefinition, BucketId } from '../../shared/buckets.ts';
import { pascalCase } from './names.ts';

/** Properties of {@link ObjectBuckets}. */
export interface ObjectBucketsProps {
  /** The buckets to create, normally `bucketDefinitions` from `shared/buckets.ts`. */
  readonly definitions: readonly BucketDefinition[];
  /** Part of each bucket's name. */
  readonly stage: string;
  /** Keep the buckets (`RETAIN`) when the stack or a bucket is removed. */
  readonly retainData: boolean;
  /** Browser origins that may upload (POST) and download (GET) directly; none means no CORS rule. */
  readonly corsOrigins: readonly string[];
}

/** How long objects stay in S3 Standard before moving to Standard-IA: evidence is read around review time. */
const infrequentAccessAfter = Duration.days(90);
/** How long a replaced or deleted object's old version is kept (then it expires for good). */
const noncurrentVersionsKeptFor = Duration.days(90);

/**
 * The private object buckets, one per definition, and the bucket their access logs go to. Each is
 * private (public access blocked, bucket-owner-enforced ownership, no ACLs), SSL-only, encrypted with
 * S3-managed keys (functions and presigned URLs need no KMS grants), versioned, access-logged, with
 * a lifecycle rule (Standard-IA after 90 days, old versions expire after 90 days, unfinished multipart
 * uploads are cleaned up), and CORS for the configured origins only.
 *
 * Object-created events are wired in the bucket's own notification configuration rather than
 * through CDK's `addEventNotification`, which adds a custom-resource Lambda (Python, an AWS managed
 * policy and a `*` resource) only to break a dependency cycle; naming the bucket from the stage,
 * account and region lets the invoke permission name its source ARN without referring to the bucket.
 */
export class ObjectBuckets extends Construct {
  readonly accessLogs: Bucket;
  private readonly byId = new Map<BucketId, Bucket>();
  private readonly definitions = new Map<BucketId, BucketDefinition>();
  private readonly lambdaTargets = new Map<BucketId, CfnBucket.LambdaConfigurationProperty[]>();
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: ObjectBucketsProps) {
    super(scope, id);
    this.stage = props.stage;
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket itself; logging its own access would log the log deliveries, without end.',
    });

    for (const definition of props.definitions) {
      this.definitions.set(definition.id, definition);
      const name = pascalCase(definition.id);
      const bucket = new Bucket(this, name, {
        bucketName: this.bucketNameOf(definition, props.stage),
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        versioned: true,
        lifecycleRules: [
          {
            transitions: [
              { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: infrequentAccessAfter },
            ],
            noncurrentVersionExpiration: noncurrentVersionsKeptFor,
            abortIncompleteMultipartUploadAfter: Duration.days(1),
            ...(definition.objectsExpireAfterDays !== undefined && {
              expiration: Duration.days(definition.objectsExpireAfterDays),
            }),
          },
        ],
        ...(props.corsOrigins.length > 0 && {
          cors: [
            {
              allowedOrigins: [...props.corsOrigins],
              // Presigned POST uploads and presigned GET downloads from the browser; nothing else.
              allowedMethods: [HttpMethods.POST, HttpMethods.GET],
              allowedHeaders: ['*'],
              exposedHeaders: ['ETag'],
              maxAge: 3600,
            },
          ],
        }),
        removalPolicy,
      });
      const cfnBucket = bucket.node.defaultChild as CfnBucket;
      // Access logging by bucket policy, written here rather than through `serverAccessLogsBucket`,
      // whose form (ACL or policy) depends on a feature flag; ACLs are disabled on these buckets.
      cfnBucket.loggingConfiguration = {
        destinationBucketName: this.accessLogs.bucketName,
        logFilePrefix: `${definition.id}/`,
      };
      this.accessLogs.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
          actions: ['s3:PutObject'],
          resources: [this.accessLogs.arnForObjects(`${definition.id}/*`)],
          conditions: {
            ArnLike: { 'aws:SourceArn': this.arnOf(definition.id) },
            StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          },
        }),
      );
      const targets: CfnBucket.LambdaConfigurationProperty[] = [];
      this.lambdaTargets.set(definition.id, targets);
      cfnBucket.notificationConfiguration = {
        lambdaConfigurations: Lazy.any({ produce: () => (targets.length > 0 ? targets : undefined) }),
      };
      this.byId.set(definition.id, bucket);
    }
  }

  /** `jucip-<stage>-<id>-<account>-<region>`: unique per account and region, at most 63 characters. */
  private bucketNameOf(definition: BucketDefinition, stage: string): string {
    return `jucip-${stage}-${definition.id}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
  }

  /**
   * A bucket's name, built from the stage, account and region rather than read from the bucket:
   * what refers to it (function environments and policies) then does not depend on the bucket,
   * which itself depends on the permissions of the functions its events invoke.
   */
  nameOf(id: BucketId): string {
    return this.bucketNameOf(this.definition(id), this.stage);
  }

  /** A bucket's ARN, built like {@link ObjectBuckets.nameOf}. */
  arnOf(id: BucketId): string {
    return `arn:${Aws.PARTITION}:s3:::${this.nameOf(id)}`;
  }

  private definition(id: BucketId): BucketDefinition {
    const definition = this.definitions.get(id);
    if (!definition) throw new Error(`No bucket "${id}" was defined`);
    return definition;
  }

  /**
   * The bucket created for a definition.
   * @throws Error when the bucket was not among the definitions.
   */
  bucket(id: BucketId): Bucket {
    const bucket = this.byId.get(id);
    if (!bucket) throw new Error(`No bucket "${id}" was defined`);
    return bucket;
  }

  /**
   * Invokes a function (asynchronously, as S3 does) for every object created under the bucket's
   * object prefix: a notification in the bucket's configuration and a permission for S3 to invoke
   * the function from this bucket in this account only.
   */
  addObjectCreatedTarget(id: BucketId, target: IFunction, constructId: string): void {
    const bucket = this.bucket(id);
    const definition = this.definition(id);
    const permission = new CfnPermission(this, `${constructId}Permission`, {
      action: 'lambda:InvokeFunction',
      functionName: target.functionArn,
      principal: 's3.amazonaws.com',
      sourceAccount: Aws.ACCOUNT_ID,
      sourceArn: this.arnOf(id),
    });
    // S3 checks that it may invoke the function when the configuration is written.
    bucket.node.addDependency(permission);
    this.lambdaTargets.get(id)?.push({
      event: 's3:ObjectCreated:*',
      function: target.functionArn,
      filter: { s3Key: { rules: [{ name: 'prefix', value: definition.objectPrefix }] } },
    });
  }
}
