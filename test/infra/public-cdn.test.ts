import { afterEach, describe, expect, it } from 'vitest';
import { logicalId, referencedLogicalIds, resourcesOfType, synthesize } from './support.ts';

describe('the public CDN, off by default', () => {
  const { stack, template } = synthesize();

  it('builds no CloudFront distribution, web ACL or CDN output', () => {
    expect(resourcesOfType(template, 'AWS::CloudFront::Distribution')).toEqual({});
    expect(resourcesOfType(template, 'AWS::WAFv2::WebACL')).toEqual({});
    expect(Object.keys(template.findOutputs('*'))).not.toContain('PublicCdnUrl');
    expect(stack.publicCdn).toBeUndefined();
  });

  it('leaves the stack environment-agnostic', () => {
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
  });
});

describe('the public CDN with -c publicCdn=true', () => {
  const { stack, template } = synthesize({ publicCdn: 'true', publicCdnRatePerFiveMinutes: 600 });
  const [distribution] = Object.values(resourcesOfType(template, 'AWS::CloudFront::Distribution'));
  const config = distribution?.Properties.DistributionConfig;
  const [webAclId, webAcl] = Object.entries(resourcesOfType(template, 'AWS::WAFv2::WebACL'))[0] ?? [];

  it('puts the stack in us-east-1, where AWS WAF for CloudFront lives', () => {
    expect(stack.region).toBe('us-east-1');
  });

  it('guards the distribution with a CloudFront-scoped web ACL whose rate-based rule blocks a busy IP', () => {
    expect(webAcl?.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    expect(webAcl?.Properties.Rules).toEqual([
      expect.objectContaining({
        Action: { Block: {} },
        Statement: { RateBasedStatement: { Limit: 600, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
      }),
    ]);
    expect(referencedLogicalIds(config.WebACLId)).toEqual(new Set([webAclId]));
  });

  it('logs the web ACL to an aws-waf-logs- group with retention', () => {
    const [logging] = Object.values(resourcesOfType(template, 'AWS::WAFv2::LoggingConfiguration'));
    expect(referencedLogicalIds(logging?.Properties.ResourceArn)).toEqual(new Set([webAclId]));
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-jucip-dev-public',
      RetentionInDays: stack.config.logRetentionDays,
    });
  });

  it('serves only GET and HEAD over HTTPS from the API, with access logs', () => {
    expect(config.DefaultCacheBehavior).toMatchObject({
      AllowedMethods: ['GET', 'HEAD'],
      CachedMethods: ['GET', 'HEAD'],
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0].CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    expect(referencedLogicalIds(config.Origins[0].DomainName)).toEqual(
      new Set([logicalId(stack.api.httpApi)]),
    );
    expect(config.Logging).toBeDefined();
  });

  it('caches briefly, keyed on the query string and Accept only, and forwards no token or cookie', () => {
    const [cachePolicy] = Object.values(resourcesOfType(template, 'AWS::CloudFront::CachePolicy'));
    const cache = cachePolicy?.Properties.CachePolicyConfig;
    expect(cache).toMatchObject({ DefaultTTL: 0, MinTTL: 0, MaxTTL: 60 });
    expect(cache.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Accept'] },
      CookiesConfig: { CookieBehavior: 'none' },
    });
    const [requestPolicy] = Object.values(resourcesOfType(template, 'AWS::CloudFront::OriginRequestPolicy'));
    expect(requestPolicy?.Properties.OriginRequestPolicyConfig).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      HeadersConfig: { HeaderBehavior: 'none' },
      CookiesConfig: { CookieBehavior: 'none' },
    });
  });

  it('outputs the distribution URL', () => {
    expect(Object.keys(template.findOutputs('PublicCdnUrl'))).toEqual(['PublicCdnUrl']);
  });
});

describe('the public CDN in another region', () => {
  const saved = process.env.CDK_DEFAULT_REGION;
  afterEach(() => {
    if (saved === undefined) delete process.env.CDK_DEFAULT_REGION;
    else process.env.CDK_DEFAULT_REGION = saved;
  });

  it('is refused at synthesis, naming us-east-1', () => {
    process.env.CDK_DEFAULT_REGION = 'eu-west-1';

    expect(() => synthesize({ publicCdn: true })).toThrow(
      /publicCdn needs the stack in us-east-1.*eu-west-1/,
    );
  });
});
