/** `POST /reminders/runs`: an admin runs the reminder job now (202; 409 while a run is under way). */
import { ulid } from 'ulid';
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoReminderLease } from '../../shared/adapters/dynamodb/reminders.ts';
import { LambdaJobLauncher, lambdaClientFromEnvironment } from '../../shared/adapters/lambda/job-launcher.ts';
import { requiredEnv, tableName } from '../../shared/config/env.ts';
import { requestReminderRun } from '../../shared/domain/reminders/job.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { principalOf } from '../../shared/http/principal.ts';
import { json } from '../../shared/http/response.ts';
import { functionNameEnvVar } from '../../shared/routes.ts';

const lease = new DynamoReminderLease(documentClient, tableName('projects'));
const launcher = new LambdaJobLauncher(
  lambdaClientFromEnvironment(),
  requiredEnv(functionNameEnvVar('reminder-job')),
);

export const handler = httpHandler(
  {
    'POST /reminders/runs': async ({ event }) => {
      const run = await requestReminderRun(principalOf(event), {
        lease,
        launch: (runId) => launcher.launch(runId),
        now,
        newRunId: () => ulid(),
      });
      return json(202, { runId: run.runId, state: 'running', startedAt: run.startedAt });
    },
  },
  { machineClients: machineClientsFromEnvironment },
);
