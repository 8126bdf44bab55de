import { CfnOutput, Duration, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { workflowArnEnvVar } from '../shared/adapters/stepfunctions/workflow-launcher.ts';
import { bucketDefinitions } from '../shared/buckets.ts';
import { iatiEnvironment, releaseEnvironment } from '../shared/config/env.ts';
import { maxJobDurationMs } from '../shared/domain/indicator-runs/run.ts';
import {
  type FunctionDefinition,
  type FunctionId,
  functionDefinitions,
  httpFunctionIds,
  routes,
  triggeredFunctionIds,
  workflowStepFunctionIds,
} from '../shared/routes.ts';
import {
  defaultReminderSchedule,
  indicatorScheduleEvent,
  reminderScheduleEvent,
} from '../shared/schedule.ts';
import { outboxTableDefinitions, tableDefinitions } from '../shared/tables.ts';
import type { TrackerConfig } from './config.ts';
import { DataTables } from './constructs/data-tables.ts';
import { DeadLetterQueue } from './constructs/dead-letter-queue.ts';
import { DomainEvents } from './constructs/domain-events.ts';
import { Identity } from './constructs/identity.ts';
import { IndicatorSchedule } from './constructs/indicator-schedule.ts';
import { IndicatorWorkflow } from './constructs/indicator-workflow.ts';
import { pascalCase } from './constructs/names.ts';
import { ObjectBuckets } from './constructs/object-buckets.ts';
import { Operations } from './constructs/operations.ts';
import { cloudFrontWafRegion, PublicCdn } from './constructs/public-cdn.ts';
import { fallbackFunctionId, TrackerApi } from './constructs/tracker-api.ts';
import { type Invocation, TrackerFunction } from './constructs/tracker-function.ts';

/** The function the local scheduler invokes (in AWS, EventBridge Scheduler starts the indicator workflow, whose first step it is). */
export const scheduledFunctionId: FunctionId = 'indicator-job';

/** How long a run is expected to take at most; longer raises an alarm (the timeout stops it at 15 minutes). */
export const indicatorRunExpectedDuration = Duration.minutes(10);

/** Map steps of the indicator workflow at once (`docs/indicator-job.md` for the sizing). */
export const indicatorMapConcurrency = 100;

/** Properties of {@link TrackerStack}. */
export interface TrackerStackProps extends StackProps {
  readonly config: TrackerConfig;
}

/** Functions that other functions invoke asynchronously (their definitions' `invokes`). */
function invokedFunctionIds(): Set<FunctionId> {
  return new Set(functionDefinitions.flatMap((definition) => definition.invokes ?? []));
}

/**
 * Fails synthesis when a function's `invokes` would make functions refer to each other: each one
 * learns the other's name from its environment, which CloudFormation cannot create in a cycle.
 */
function checkInvocationsAreAcyclic(): void {
  const byId = new Map(functionDefinitions.map((definition) => [definition.id, definition]));
  const done = new Set<FunctionId>();
  const visit = (id: FunctionId, path: readonly FunctionId[]): void => {
    if (path.includes(id))
      throw new Error(`Functions invoke each other in a cycle: ${[...path, id].join(' -> ')}`);
    if (done.has(id)) return;
    for (const target of byId.get(id)?.invokes ?? []) visit(target, [...path, id]);
    done.add(id);
  };
  for (const id of byId.keys()) visit(id, []);
}

/**
 * Fails synthesis when the route and function tables disagree, e.g. a route naming a function that
 * API Gateway would not be allowed to invoke, or a function that nothing invokes.
 */
function checkDefinitions(): void {
  const http = new Set<FunctionId>(httpFunctionIds);
  for (const route of routes) {
    if (!http.has(route.function)) {
      throw new Error(
        `Route "${route.method} ${route.path}" targets "${route.function}", which is not in httpFunctionIds`,
      );
    }
  }
  if (!http.has(fallbackFunctionId)) throw new Error(`httpFunctionIds must include "${fallbackFunctionId}"`);
  const defined = new Set(functionDefinitions.map((definition) => definition.id));
  const invoked = invokedFunctionIds();
  const triggered = new Set([...triggeredFunctionIds, ...workflowStepFunctionIds]);
  for (const id of [...http, scheduledFunctionId, ...invoked]) {
    if (!defined.has(id)) throw new Error(`Function "${id}" is used but has no definition`);
  }
  for (const id of defined) {
    if (!http.has(id) && id !== scheduledFunctionId && !invoked.has(id) && !triggered.has(id)) {
      throw new Error(
        `Function "${id}" is defined but neither an HTTP function, the scheduled job, triggered by events nor invoked by another function`,
      );
    }
  }
  for (const id of [...invoked, ...triggered]) {
    // An asynchronously invoked function dead-letters its failed events; an HTTP function is built without.
    if (http.has(id))
      throw new Error(`Function "${id}" is invoked asynchronously, so it cannot also serve HTTP`);
  }
  checkInvocationsAreAcyclic();
}

/**
 * The whole tracker in one stack: tables, identity, functions, HTTP API, the indicator schedule and
 * operations, all built from the shared table, function and route definitions.
 */
export class TrackerStack extends Stack {
  readonly config: TrackerConfig;
  readonly data: DataTables;
  readonly objects: ObjectBuckets;
  readonly identity: Identity;
  readonly functions: ReadonlyMap<FunctionId, TrackerFunction>;
  readonly api: TrackerApi;
  readonly jobDeadLetterQueue: DeadLetterQueue;
  readonly eventDeadLetterQueue: DeadLetterQueue;
  readonly domainEventDeadLetterQueue: DeadLetterQueue;
  readonly domainEvents: DomainEvents;
  readonly indicatorSchedule: IndicatorSchedule;
  readonly indicatorWorkflow: IndicatorWorkflow;
  readonly reminderSchedule: IndicatorSchedule;
  readonly operations: Operations;
  /** The CloudFront distribution of the public routes, when `publicCdn` is on. */
  readonly publicCdn?: PublicCdn;

  constructor(scope: Construct, id: string, props: TrackerStackProps) {
    super(scope, id, props);
    checkDefinitions();
    const { config } = props;
    this.config = config;

    this.data = new DataTables(this, 'Data', {
      definitions: tableDefinitions,
      retainData: config.retainData,
    });
    this.objects = new ObjectBuckets(this, 'Objects', {
      definitions: bucketDefinitions,
      stage: config.stage,
      retainData: config.retainData,
      corsOrigins: config.corsOrigins,
    });
    this.identity = new Identity(this, 'Identity', { stage: config.stage, retainData: config.retainData });
    this.jobDeadLetterQueue = new DeadLetterQueue(this, 'JobDeadLetters', {
      purpose:
        'indicator job runs, scheduled or started by an admin, that EventBridge Scheduler could not deliver or that failed all Lambda retries',
    });

    this.eventDeadLetterQueue = new DeadLetterQueue(this, 'EventDeadLetters', {
      purpose: 'object events (an uploaded evidence document) whose function failed after all Lambda retries',
    });
    this.domainEventDeadLetterQueue = new DeadLetterQueue(this, 'DomainEventDeadLetters', {
      purpose:
        'domain events that could not be published from an outbox, or delivered to a subscriber (the notifier), after all retries',
    });
    this.domainEvents = new DomainEvents(this, 'DomainEvents', {
      stage: config.stage,
      archiveRetention: Duration.days(365),
      deadLetterQueue: this.domainEventDeadLetterQueue.queue,
    });

    const asyncFunctionIds = new Set<FunctionId>([scheduledFunctionId, ...invokedFunctionIds()]);
    const triggered = new Set<FunctionId>(triggeredFunctionIds);
    const onObjects = (definition: FunctionDefinition) =>
      (definition.triggers ?? []).some((trigger) => trigger.kind === 'object_created');
    const invocationOf = (definition: FunctionDefinition): Invocation =>
      definition.workflowStep && !asyncFunctionIds.has(definition.id)
        ? { kind: 'workflow' }
        : asyncFunctionIds.has(definition.id)
          ? { kind: 'async', deadLetterQueue: this.jobDeadLetterQueue.queue }
          : triggered.has(definition.id)
            ? {
                kind: 'async',
                deadLetterQueue: (onObjects(definition)
                  ? this.eventDeadLetterQueue
                  : this.domainEventDeadLetterQueue
                ).queue,
              }
            : { kind: 'http' };
    this.functions = new Map(
      functionDefinitions.map((definition) => [
        definition.id,
        new TrackerFunction(this, `${pascalCase(definition.id)}Function`, {
          definition,
          tables: this.data,
          buckets: this.objects,
          config,
          invocation: invocationOf(definition),
          machineClients: { userPool: this.identity.userPool, tokenUrl: this.identity.tokenUrl },
          tokenIssuer: {
            issuerUrl: this.identity.issuerUrl,
            audience: this.identity.client.userPoolClientId,
          },
          eventBus: this.domainEvents.bus,
        }),
      ]),
    );
    for (const definition of functionDefinitions) {
      for (const target of definition.invokes ?? []) {
        this.function(definition.id).allowInvoking(this.function(target));
      }
      for (const trigger of definition.triggers ?? []) {
        if (trigger.kind === 'object_created') {
          this.objects.addObjectCreatedTarget(
            trigger.bucket,
            this.function(definition.id),
            `${pascalCase(definition.id)}ObjectCreated`,
          );
        } else if (trigger.kind === 'domain_event') {
          this.domainEvents.addSubscriber(
            pascalCase(definition.id),
            this.function(definition.id),
            trigger.types,
          );
        } else {
          this.domainEvents.addOutboxPublisher(
            this.function(definition.id),
            outboxTableDefinitions.map((table) => this.data.table(table.id)),
          );
        }
      }
    }

    // Release licence and IATI publisher (docs/releases.md, docs/iati.md): the two functions that use them.
    this.function('reminder-job').addEnvironment('REPORT_DUE_DAY', String(config.reportDueDay));
    for (const id of ['indicator-job', 'indicator-publish'] as const) {
      this.function(id).addEnvironment('INDICATOR_RETENTION_DAYS', String(config.indicatorRetentionDays));
    }
    // Whoever writes releases (the whole job in one process, the workflow's publish step) names the licence.
    for (const definition of functionDefinitions.filter((d) => d.buckets?.releases?.includes('put'))) {
      this.function(definition.id).addEnvironment(releaseEnvironment.license, config.releaseLicense);
    }
    if (config.iatiReportingOrg) {
      const { ref, name, type } = config.iatiReportingOrg;
      const reader = this.function('iati-export');
      reader.addEnvironment(iatiEnvironment.reportingOrgRef, ref);
      reader.addEnvironment(iatiEnvironment.reportingOrgName, name);
      reader.addEnvironment(iatiEnvironment.reportingOrgType, type);
    }

    this.api = new TrackerApi(this, 'Api', {
      routes,
      functions: this.functions,
      jwt: { issuerUrl: this.identity.issuerUrl, audience: this.identity.client.userPoolClientId },
      config,
    });
    // After the API exists: the functions that create machine clients admit them to its authorizer.
    for (const definition of functionDefinitions.filter((d) => d.managesMachineClients)) {
      this.function(definition.id).allowSettingAudience({
        apiId: this.api.httpApi.apiId,
        authorizerId: this.api.jwtAuthorizer.authorizerId,
        issuerUrl: this.identity.issuerUrl,
        webClientId: this.identity.client.userPoolClientId,
      });
    }

    this.indicatorWorkflow = new IndicatorWorkflow(this, 'IndicatorWorkflow', {
      begin: this.function('indicator-job'),
      shard: this.function('indicator-shard'),
      publish: this.function('indicator-publish'),
      jobsBucket: this.objects.bucket('jobs'),
      maxConcurrency: indicatorMapConcurrency,
      timeout: Duration.millis(maxJobDurationMs),
      logRetention: config.logRetentionDays,
      retainLogs: config.retainData,
    });
    // The admin route starts the workflow too (locally, where there is none, it invokes the job).
    const admin = this.function('indicators-admin');
    this.indicatorWorkflow.stateMachine.grantStartExecution(admin);
    admin.addEnvironment(workflowArnEnvVar, this.indicatorWorkflow.stateMachine.stateMachineArn);

    this.indicatorSchedule = new IndicatorSchedule(this, 'IndicatorSchedule', {
      target: this.indicatorWorkflow.stateMachine,
      expression: config.indicatorSchedule,
      input: indicatorScheduleEvent,
      deadLetterQueue: this.jobDeadLetterQueue.queue,
    });
    // The same schedule definition as the local runtime's (`shared/schedule.ts`).
    this.reminderSchedule = new IndicatorSchedule(this, 'ReminderSchedule', {
      target: this.function('reminder-job'),
      expression: defaultReminderSchedule,
      input: reminderScheduleEvent,
      deadLetterQueue: this.jobDeadLetterQueue.queue,
      description: 'Reminds organisations of overdue monthly reports (ReportDue)',
    });

    this.operations = new Operations(this, 'Operations', {
      stage: config.stage,
      api: this.api.httpApi,
      functions: [...this.functions.values()],
      deadLetterQueue: this.jobDeadLetterQueue.queue,
      eventDeadLetterQueue: this.eventDeadLetterQueue.queue,
      indicatorWorkflow: {
        stateMachine: this.indicatorWorkflow.stateMachine,
        expectedDuration: indicatorRunExpectedDuration,
      },
      domainEventDeadLetterQueue: this.domainEventDeadLetterQueue.queue,
      ...(config.alarmEmail !== undefined && { alarmEmail: config.alarmEmail }),
    });

    if (config.publicCdn.enabled) {
      if (Token.isUnresolved(this.region) || this.region !== cloudFrontWafRegion) {
        throw new Error(
          `publicCdn needs the stack in ${cloudFrontWafRegion}, where AWS WAF for CloudFront lives (this stack is in ${Token.isUnresolved(this.region) ? 'an unspecified region' : this.region}); see docs/operations.md`,
        );
      }
      this.publicCdn = new PublicCdn(this, 'PublicCdn', {
        api: this.api.httpApi,
        stage: config.stage,
        config: config.publicCdn,
        logRetentionDays: config.logRetentionDays,
        retainData: config.retainData,
      });
      new CfnOutput(this, 'PublicCdnUrl', {
        value: `https://${this.publicCdn.distribution.distributionDomainName}/`,
        description: 'CloudFront URL of the public reads (GET only, cached briefly, WAF rate-limited)',
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'DashboardUrl', {
      value: this.api.url,
      description: 'The public dashboard, served by the API at /',
    });
    new CfnOutput(this, 'EvidenceBucketName', {
      value: this.objects.bucket('evidence').bucketName,
      description:
        'Private bucket of the evidence documents (uploads and downloads only through presigned URLs)',
    });
    new CfnOutput(this, 'IndicatorWorkflowArn', {
      value: this.indicatorWorkflow.stateMachine.stateMachineArn,
      description: 'The indicator job (Step Functions): start an execution to run it now',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.identity.client.userPoolClientId,
      description: 'App client whose ID tokens the API accepts',
    });
    new CfnOutput(this, 'TokenUrl', {
      value: this.identity.tokenUrl,
      description: 'Where machine clients get access tokens (OAuth 2.0 client credentials)',
    });
    new CfnOutput(this, 'IssuerUrl', {
      value: this.identity.issuerUrl,
      description: 'The iss claim the JWT authorizer checks',
    });
  }

  /**
   * The function built from a definition.
   * @throws Error when no such function was defined.
   */
  function(id: FunctionId): TrackerFunction {
    const fn = this.functions.get(id);
    if (!fn) throw new Error(`No function "${id}" was defined`);
    return fn;
  }
}
