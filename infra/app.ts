/**
 * The CDK app: `cdk synth` / `cdk deploy` run this file (see cdk.json). Tests call `buildApp` to get
 * the same app, with the same cdk-nag checks, without synthesizing to disk.
 */
import { pathToFileURL } from 'node:url';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { readConfig, type TrackerConfig } from './config.ts';
import { cloudFrontWafRegion } from './constructs/public-cdn.ts';
import { TrackerStack } from './stack.ts';

/** The stack name for a stage, e.g. `Jucip-prod`. */
export function stackName(stage: string): string {
  return `Jucip-${stage}`;
}

/**
 * Adds the tracker stack for a configuration to an app.
 * @returns the stack, named after the stage.
 */
export function createTrackerStack(app: App, config: TrackerConfig): TrackerStack {
  const stack = new TrackerStack(app, stackName(config.stage), {
    config,
    ...(config.publicCdn.enabled && { env: publicCdnEnvironment() }),
    description: `JUCIP clean-energy cooperation tracker (${config.stage})`,
  });
  Tags.of(stack).add('project', 'jucip-tracker');
  Tags.of(stack).add('stage', config.stage);
  return stack;
}

/**
 * The environment of a stack with the public CDN: us-east-1, where AWS WAF for CloudFront lives.
 * A CLI pointed at another region is refused rather than silently deploying a second stack there.
 * @throws Error when the CLI's region is another one
 */
function publicCdnEnvironment(): { region: string; account?: string } {
  const cliRegion = process.env.CDK_DEFAULT_REGION;
  if (cliRegion && cliRegion !== cloudFrontWafRegion) {
    throw new Error(
      `publicCdn needs the stack in ${cloudFrontWafRegion} (AWS WAF for CloudFront), but the CLI's region is ${cliRegion}: deploy with AWS_REGION=${cloudFrontWafRegion}, or leave publicCdn off (docs/operations.md)`,
    );
  }
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  return { region: cloudFrontWafRegion, ...(account ? { account } : {}) };
}

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /** CDK context on top of what the CLI passes, e.g. `{ stage: 'prod' }`. */
  readonly context?: Record<string, unknown>;
  /**
   * CDK's built-in CloudFormation template validation. It adds about ten seconds to every
   * synthesis, so tests turn it off; `cdk synth` keeps it.
   * @default true
   */
  readonly cloudFormationValidation?: boolean;
}

/**
 * Builds the app with its stack and registers the cdk-nag rule packs, which run when the app is
 * synthesized (an unacknowledged error fails synthesis).
 * @throws Error when a context value is invalid.
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; stack: TrackerStack } {
  const app = new App({
    context: options.context ?? {},
    builtinCloudFormationValidation: options.cloudFormationValidation ?? true,
  });
  const stack = createTrackerStack(app, readConfig(app.node));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, stack };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildApp().app.synth();
}
