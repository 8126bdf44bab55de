/** `POST /indicators/runs`: an admin runs the indicator job now (202 with the run's id). */

import { ulid } from 'ulid';
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { LambdaJobLauncher, lambdaClientFromEnvironment } from '../../shared/adapters/lambda/job-launcher.ts';
import {
  StepFunctionsJobLauncher,
  sfnClientFromEnvironment,
  workflowArnEnvVar,
} from '../../shared/adapters/stepfunctions/workflow-launcher.ts';
import { requiredEnv, tableName } from '../../shared/config/env.ts';
import { requestManualRun } from '../../shared/domain/indicator-runs/manual.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { idempotent } from '../../shared/http/idempotency.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { principalOf } from '../../shared/http/principal.ts';
import { json } from '../../shared/http/response.ts';
import { functionNameEnvVar } from '../../shared/routes.ts';

const deps = {
  runs: new DynamoIndicatorRunStore(documentClient, tableName('indicators')),
  // In AWS the workflow's state machine; locally (no state machine) the job's function, which runs
  // the same steps in one process.
  launcher: process.env[workflowArnEnvVar]
    ? new StepFunctionsJobLauncher(sfnClientFromEnvironment(), requiredEnv(workflowArnEnvVar))
    : new LambdaJobLauncher(lambdaClientFromEnvironment(), requiredEnv(functionNameEnvVar('indicator-job'))),
  now,
  newRunId: () => ulid(),
};

export const handler = httpHandler(
  {
    'POST /indicators/runs': idempotent(async ({ event }) => {
      const run = await requestManualRun(principalOf(event), deps);
      const location = `/indicators/runs/${run.runId}`;
      return json(
        202,
        { runId: run.runId, state: run.state, startedAt: run.startedAt, href: location },
        { location },
      );
    }),
  },
  { machineClients: machineClientsFromEnvironment },
);
