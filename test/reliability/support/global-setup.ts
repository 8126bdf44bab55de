/**
 * The reliability suite's shared world: one DynamoDB Local (in memory) started here, one real local
 * runtime pointed at it, and a folder where each test file records what it tried. The teardown
 * prints the summary table from those records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../../infra/local/dynamodb-local.ts';
import { stopLocal, tempStateDir, waitForStatus } from '../../support/local-process.ts';
import { launchRuntime } from './runtime.ts';
import { printSummary } from './summary.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    localStateDir: string;
    dynamodbEndpoint: string;
    s3Endpoint: string;
    reliabilityCountsDir: string;
  }
}

export default async function setup(project: TestProject) {
  const startedAt = Date.now();
  const countsDir = mkdtempSync(join(tmpdir(), 'jucip-reliability-'));
  const database = await startDynamoDbLocal();
  const stateDir = tempStateDir();
  const { local, baseUrl, s3Endpoint } = await launchRuntime(database.endpoint, stateDir);
  try {
    await waitForStatus(`${baseUrl}/health`, 200, 90_000, local);
    // Let the start-up run of the indicator job finish before any test dumps the tables.
    const deadline = Date.now() + 60_000;
    while (!/published run|failed|skipped/.test(local.output()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (!/published run|failed|skipped/.test(local.output()))
      throw new Error(
        'The start-up indicator run did not finish within 60 s; its writes would race the dumps',
      );
  } catch (error) {
    await stopLocal(local, 'SIGTERM').catch(() => undefined);
    await database.stop();
    throw error;
  }
  console.log(`[reliability] local runtime ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  project.provide('baseUrl', baseUrl);
  project.provide('localStateDir', stateDir);
  project.provide('dynamodbEndpoint', database.endpoint);
  project.provide('s3Endpoint', s3Endpoint);
  project.provide('reliabilityCountsDir', countsDir);
  return async () => {
    await stopLocal(local, 'SIGTERM');
    await database.stop();
    printSummary(countsDir, Date.now() - startedAt);
    rmSync(countsDir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  };
}
