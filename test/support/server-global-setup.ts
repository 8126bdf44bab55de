/** Starts one real local runtime (in-memory DynamoDB Local, no sample data) for the e2e tests. */
import type { TestProject } from 'vitest/node';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { launchLocal, stopLocal, tempStateDir, waitForStatus } from './local-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    localStateDir: string;
  }
}

export default async function setup(project: TestProject) {
  const port = await freePort();
  const stateDir = tempStateDir();
  const local = launchLocal({
    args: ['--in-memory', '--no-sample-data', '--quiet'],
    env: { PORT: String(port), JUCIP_LOCAL_DIR: stateDir },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForStatus(`${baseUrl}/health`, 200, 90_000, local);
  project.provide('baseUrl', baseUrl);
  project.provide('localStateDir', stateDir);
  return async () => {
    await stopLocal(local, 'SIGTERM');
  };
}
