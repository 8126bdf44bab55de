import { ArnFormat, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { PublicCdnConfig } from '../config.ts';

/** The only region where a web ACL for CloudFront (scope `CLOUDFRONT`) can be created. */
export const cloudFrontWafRegion = 'us-east-1';

/** Properties of {@link PublicCdn}. */
export interface PublicCdnProps {
  readonly api: HttpApi;
  readonly stage: string;
  readonly config: PublicCdnConfig;
  readonly logRetentionDays: RetentionDays;
  /** Keep the logs when the stack is removed. */
  readonly retainData: boolean;
}

/**
 * An opt-in CloudFront distribution in front of the API for the public reads: GET and HEAD only,
 * responses cached briefly (as long as the API's `Cache-Control` allows, at most
 * `maxCacheSeconds`), keyed on the query string and `Accept` (JSON or CSV) and nothing else, so no
 * token, cookie or caller-specific header reaches the origin or the cache. An AWS WAF web ACL with a
 * rate-based rule blocks a client IP past `ratePerFiveMinutes` requests. Authenticated clients keep
 * calling the API URL (docs/operations.md).
 *
 * AWS WAF for CloudFront exists only in us-east-1, so the stack must be deployed there when this is
 * on; the stack refuses any other region at synthesis.
 */
export class PublicCdn extends Construct {
  readonly distribution: Distribution;
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: PublicCdnProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const metricPrefix = `jucip-${props.stage}-public`;

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${metricPrefix}-cdn`,
      description: 'Rate limit per client IP on the public routes behind CloudFront',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: `${metricPrefix}-cdn`,
        sampledRequestsEnabled: true,
      },
      rules: [
        {
          name: 'rate-per-ip',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: props.config.ratePerFiveMinutes,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
            },
          },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            metricName: `${metricPrefix}-rate-per-ip`,
            sampledRequestsEnabled: true,
          },
        },
      ],
    });

    // WAF writes only to log groups whose name starts with `aws-waf-logs-`, named by an ARN without `:*`.
    const wafLogs = new LogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-${metricPrefix}`,
      retention: props.logRetentionDays,
      removalPolicy,
    });
    const wafLogging = new CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: wafLogs.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
    wafLogging.node.addDependency(wafLogs);

    // CloudFront standard logs need a bucket that accepts ACLs (the log delivery writes with one).
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      removalPolicy,
      autoDeleteObjects: false,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket holds the CloudFront access logs; logging its own access would log the log writes.',
    });

    const cachePolicy = new CachePolicy(this, 'PublicReads', {
      comment: 'Public reads: keyed on query string and Accept only, kept as long as the API allows',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(props.config.maxCacheSeconds),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      headerBehavior: CacheHeaderBehavior.allowList('Accept'),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const originRequestPolicy = new OriginRequestPolicy(this, 'QueryOnly', {
      comment: 'Forward the query string only: no cookies, no viewer headers beyond the cache key',
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      headerBehavior: OriginRequestHeaderBehavior.none(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });

    // `https://<id>.execute-api.<region>.amazonaws.com` → its host name.
    const apiDomain = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `JUCIP tracker public reads (${props.stage})`,
      defaultBehavior: {
        origin: new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy,
        originRequestPolicy,
        compress: true,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      webAclId: this.webAcl.attrArn,
      enableLogging: true,
      // `Bucket` declares `isWebsite` as `boolean | undefined`, which `exactOptionalPropertyTypes` will not pass as `IBucket`.
      logBucket: accessLogs as IBucket,
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'The public indicators are open data for every country; no geographic restriction applies.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses the default *.cloudfront.net certificate, with which CloudFront does not allow choosing a minimum TLS version; a custom domain with an ACM certificate lifts this (docs/operations.md).',
    });
  }
}
