import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  type ICommandHooks,
  NodejsFunction,
  OutputFormat,
  SourceMapMode,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type BucketAccess, type BucketId, buckets as bucketDefinitions } from '../../shared/buckets.ts';
import { besideBundleFiles } from '../../shared/bundle-files.ts';
import { authorizerEnvironment, mailEnvironment, tokenEnvironment } from '../../shared/config/env.ts';
import { type FunctionDefinition, functionNameEnvVar, type TableAccess } from '../../shared/routes.ts';
import { type TableId, tables as tableDefinitions } from '../../shared/tables.ts';
import type { TrackerConfig } from '../config.ts';
import type { DataTables } from './data-tables.ts';
import type { ObjectBuckets } from './object-buckets.ts';

/** Entries, the lock file and the tsconfig are resolved from here, whatever the working directory. */
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Powertools' `service` on every log line and metric: one service, told apart by function name. */
export const serviceName = 'jucip-tracker';

// ESM bundles have no `require`; some bundled CommonJS dependencies call it for Node built-ins.
// The alias avoids clashing with a `createRequire` import inside the bundle.
const esmRequireBanner =
  "import { createRequire as __jucipCreateRequire } from 'node:module'; const require = __jucipCreateRequire(import.meta.url);";

/**
 * What each bundle ships beside `index.mjs`, copied after esbuild has bundled the handler; the
 * commands run on this machine (local bundling), from the project root:
 * - the data files the functions read on first use instead of carrying them in every bundle (the
 *   API's message catalogues, the ISO 3166-2 codes, the English texts of the release files:
 *   `besideBundleFiles`);
 * - for the `web` function, its pages and assets: the asset build (`functions/web/build.ts`) writes
 *   them into `<bundle>/web`, where the handler reads them.
 */
function assetHooks(definition: FunctionDefinition): ICommandHooks {
  const quote = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;
  const dataFiles = besideBundleFiles.map((file) => quote(`${projectRoot}${file}`));
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) => [
      `cp ${dataFiles.join(' ')} ${quote(outputDir)}`,
      ...(definition.id === 'web'
        ? [
            `cd ${quote(projectRoot)} && node --import tsx functions/web/build.ts --out ${quote(`${outputDir}/web`)}`,
          ]
        : []),
    ],
  };
}

/** The ARN of an SES identity (a domain or an address) of the stack's account and region. */
export function sesIdentityArn(scope: Construct, identity: string): string {
  return Stack.of(scope).formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
}

/** The JWT authorizer whose audience a function that manages machine clients sets. */
export interface JwtAuthorizerTarget {
  /** The HTTP API the authorizer belongs to. */
  readonly apiId: string;
  readonly authorizerId: string;
  /** The issuer the authorizer checks, sent again with every update. */
  readonly issuerUrl: string;
  /** People's app client, which stays in the audience. */
  readonly webClientId: string;
}

/** How a function is invoked, which decides where failed invocations go. */
export type Invocation =
  /** Synchronously by API Gateway: the caller gets the error, so there is nothing to dead-letter. */
  | { readonly kind: 'http' }
  /** Asynchronously (EventBridge Scheduler): events that still fail after Lambda's retries go to the queue. */
  | { readonly kind: 'async'; readonly deadLetterQueue: IQueue }
  /** Synchronously by a Step Functions workflow, which retries and records failures itself. */
  | { readonly kind: 'workflow' };

/** Properties of {@link TrackerFunction}. */
export interface TrackerFunctionProps {
  /** The function's definition from `shared/routes.ts`: entry, sizing and table access. */
  readonly definition: FunctionDefinition;
  /** The tables; the function gets the name and a grant for each table its definition lists. */
  readonly tables: DataTables;
  /** The buckets; the function gets the name and grants under the object prefix for each bucket its definition lists. */
  readonly buckets: ObjectBuckets;
  /** Stage, log retention and level, and whether logs outlive the stack. */
  readonly config: TrackerConfig;
  readonly invocation: Invocation;
  /**
   * The user pool whose app clients a function with `managesMachineClients` creates and deletes,
   * and the token endpoint those clients use (docs/machine-clients.md).
   */
  readonly machineClients?: { readonly userPool: IUserPool; readonly tokenUrl: string };
  /** The issuer and app client whose tokens a function that `readsOptionalTokens` accepts. */
  readonly tokenIssuer?: { readonly issuerUrl: string; readonly audience: string };
  /** The stack's event bus, which a function that `publishesEvents` puts events on. */
  readonly eventBus?: EventBus;
}

/** The S3 actions each kind of bucket access allows on objects under the bucket's prefix. */
const objectActions: Readonly<Record<BucketAccess, readonly string[]>> = {
  put: ['s3:PutObject'],
  read: ['s3:GetObject', 's3:GetObjectVersion'],
  delete: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
  // Listing is a bucket action, granted on the bucket limited to the prefix (below).
  list: [],
};

/**
 * The one way this project builds a Lambda function: Node.js 24 on arm64, an ESM bundle with the
 * AWS SDK inside, source maps (read when an error is logged, not at start-up:
 * `shared/observability/source-maps.ts`), an explicit log group with retention, active tracing, and a role
 * that can write its own log group, touch exactly the tables its definition lists and, when the
 * definition says so, put events on the stack's bus. Grants to invoke other functions are added by
 * {@link TrackerFunction.allowInvoking} once those functions exist.
 */
export class TrackerFunction extends NodejsFunction {
  /** The definition this function was built from. */
  readonly definition: FunctionDefinition;

  constructor(scope: Construct, id: string, props: TrackerFunctionProps) {
    const { definition, config, invocation } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // Created before the function so that neither the `logRetention` custom resource (whose policy
    // has a `*` action) nor the broad AWSLambdaBasicExecutionRole managed policy is needed.
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: config.logRetentionDays,
      removalPolicy,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${definition.id} function`,
    });
    const grantedTables = Object.entries(definition.tables) as [TableId, TableAccess][];
    const grantedBuckets = Object.entries(definition.buckets ?? {}) as [BucketId, readonly BucketAccess[]][];
    const machineClients = definition.managesMachineClients ? props.machineClients : undefined;
    const eventBus = definition.publishesEvents ? props.eventBus : undefined;
    if (definition.publishesEvents && !eventBus) {
      throw new Error(`Function "${definition.id}" publishes events but was given no event bus`);
    }
    if (definition.managesMachineClients && !machineClients) {
      throw new Error(`Function "${definition.id}" manages machine clients but was given no user pool`);
    }

    super(scope, id, {
      entry: `${projectRoot}${definition.entry}`,
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      description: definition.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: definition.memoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      ...(invocation.kind === 'async' && { deadLetterQueue: invocation.deadLetterQueue }),
      ...(definition.reservedConcurrency !== undefined && {
        reservedConcurrentExecutions: definition.reservedConcurrency,
      }),
      environment: {
        STAGE: config.stage,
        POWERTOOLS_SERVICE_NAME: serviceName,
        LOG_LEVEL: config.logLevel,
        ...Object.fromEntries(
          grantedTables.map(([tableId]) => [
            tableDefinitions[tableId].envVar,
            props.tables.table(tableId).tableName,
          ]),
        ),
        ...Object.fromEntries(
          grantedBuckets.map(([bucketId]) => [
            bucketDefinitions[bucketId].envVar,
            props.buckets.nameOf(bucketId),
          ]),
        ),
        ...(eventBus && { EVENT_BUS_NAME: eventBus.eventBusName }),
        ...(machineClients && {
          USER_POOL_ID: machineClients.userPool.userPoolId,
          TOKEN_URL: machineClients.tokenUrl,
        }),
        ...(definition.sendsEmail &&
          config.mail && {
            [mailEnvironment.from]: config.mail.from,
            [mailEnvironment.sesIdentityArn]: sesIdentityArn(scope, config.mail.sesIdentity),
          }),
        ...(definition.readsOptionalTokens &&
          props.tokenIssuer && {
            [tokenEnvironment.issuerUrl]: props.tokenIssuer.issuerUrl,
            [tokenEnvironment.audience]: props.tokenIssuer.audience,
          }),
      },
      bundling: {
        format: OutputFormat.ESM,
        banner: esmRequireBanner,
        // Prefer packages' ESM builds so that tree shaking works across the SDK and Powertools.
        mainFields: ['module', 'main'],
        // Bundle the AWS SDK instead of using the runtime's copy: the version we test is the one we run.
        externalModules: [],
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        tsconfig: `${projectRoot}tsconfig.json`,
        commandHooks: assetHooks(definition),
      },
    });
    this.definition = definition;
    logGroup.grantWrite(role);

    for (const [tableId, access] of grantedTables) {
      const table = props.tables.table(tableId);
      if (access === 'readwrite') table.grantReadWriteData(this);
      else table.grantReadData(this);
      if (tableDefinitions[tableId].globalIndexes.length > 0) {
        const tableLogicalId = Stack.of(this).getLogicalId(table.node.defaultChild as CfnElement);
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
          reason: `Queries the ${tableId} table's global secondary indexes; the grant covers only that table's indexes.`,
        });
      }
    }

    for (const [bucketId, access] of grantedBuckets) this.grantObjects(props.buckets, bucketId, access);

    if (eventBus) {
      // The stack's bus only, by ARN: no other bus and no wildcard.
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['events:PutEvents'], resources: [eventBus.eventBusArn] }),
      );
    }

    if (definition.sendsEmail && config.mail) {
      // Sending only, and only from the configured identity.
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [sesIdentityArn(scope, config.mail.sesIdentity)],
        }),
      );
    }

    if (machineClients) {
      // Exactly the two calls that create and revoke machine clients, on this one pool.
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'],
          resources: [machineClients.userPool.userPoolArn],
        }),
      );
    }

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
    });
    if (invocation.kind === 'http') {
      Validations.of(this).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously by API Gateway only; Lambda dead-letter queues apply to asynchronous invocations.',
      });
    }
    if (invocation.kind === 'workflow') {
      Validations.of(this).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously by the indicator workflow, which retries the step and records the run as failed; Lambda dead-letter queues apply to asynchronous invocations.',
      });
    }
  }

  /**
   * Grants exactly the object actions the accesses need, on `<bucket>/<prefix>*` only; deleting every
   * version also needs listing versions, which is a bucket action, limited to the prefix by condition.
   */
  private grantObjects(
    objectBuckets: ObjectBuckets,
    bucketId: BucketId,
    access: readonly BucketAccess[],
  ): void {
    const bucketArn = objectBuckets.arnOf(bucketId);
    const { objectPrefix } = bucketDefinitions[bucketId];
    const actions = [...new Set(access.flatMap((kind) => objectActions[kind]))];
    if (actions.length > 0) {
      this.addToRolePolicy(new PolicyStatement({ actions, resources: [`${bucketArn}/${objectPrefix}*`] }));
    }
    if (access.includes('list')) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [bucketArn],
          conditions: { StringLike: { 's3:prefix': `${objectPrefix}*` } },
        }),
      );
    }
    if (access.includes('delete')) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:ListBucketVersions'],
          resources: [bucketArn],
          conditions: { StringLike: { 's3:prefix': `${objectPrefix}*` } },
        }),
      );
    }
    Validations.of(this.role as Role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${objectBuckets.nameOf(bucketId).replace(/\$\{Token\[AWS\.(\w+)\.\d+\]\}/g, '<AWS::$1>')}/${objectPrefix}*]`,
      reason: `Objects under the ${bucketId} bucket's ${objectPrefix} prefix, whose keys are generated per document; no other objects.`,
    });
  }

  /**
   * Lets a function that manages machine clients set the audience of the API's JWT authorizer
   * (docs/machine-clients.md): `apigateway:PATCH` (what `UpdateAuthorizer` needs) on that one
   * authorizer's ARN, and the ids it needs in its environment. Called once the API exists; no
   * cycle arises, as the authorizer depends on the API only, not on the functions its routes invoke.
   */
  allowSettingAudience(authorizer: JwtAuthorizerTarget): void {
    if (!this.definition.managesMachineClients) {
      throw new Error(`Function "${this.definition.id}" does not manage machine clients`);
    }
    const stack = Stack.of(this);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['apigateway:PATCH'],
        resources: [
          `arn:${stack.partition}:apigateway:${stack.region}::/apis/${authorizer.apiId}/authorizers/${authorizer.authorizerId}`,
        ],
      }),
    );
    this.addEnvironment(authorizerEnvironment.apiId, authorizer.apiId);
    this.addEnvironment(authorizerEnvironment.authorizerId, authorizer.authorizerId);
    this.addEnvironment(authorizerEnvironment.issuerUrl, authorizer.issuerUrl);
    this.addEnvironment(authorizerEnvironment.webClientId, authorizer.webClientId);
  }

  /**
   * Lets this function invoke another one (asynchronously, by name): `lambda:InvokeFunction` on that
   * function's unqualified ARN only, and its name in `<ID>_FUNCTION_NAME`.
   */
  allowInvoking(target: TrackerFunction): void {
    if (target === this) throw new Error(`Function "${this.definition.id}" cannot invoke itself`);
    // Not `grantInvoke`, which also allows every version and alias (`<arn>:*`); we invoke `$LATEST` by name.
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }),
    );
    this.addEnvironment(functionNameEnvVar(target.definition.id), target.functionName);
  }
}
