/**
 * Starts one real local runtime WITH the sample data for the browser tests, and makes sure an
 * indicator run is published before any test opens the dashboard: the start-up run of the local
 * scheduler normally does it; if none has published after a while, one is asked for as an admin.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { issueToken, loadIssuerKeys } from '../../infra/local/issuer.ts';
import { launchLocal, stopLocal, tempStateDir, waitForStatus } from '../support/local-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    runId: string;
  }
}

async function latestRunId(baseUrl: string): Promise<string | null> {
  const response = await fetch(`${baseUrl}/indicators?limit=1`);
  if (!response.ok) return null;
  return ((await response.json()) as { runId: string | null }).runId;
}

async function ensurePublishedRun(baseUrl: string, stateDir: string): Promise<string> {
  const waitForRun = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const runId = await latestRunId(baseUrl);
      if (runId) return runId;
      await sleep(500);
    }
    return null;
  };
  const scheduled = await waitForRun(60_000);
  if (scheduled) return scheduled;
  const token = await issueToken(await loadIssuerKeys(join(stateDir, 'issuer')), { roles: ['admin'] });
  const started = await fetch(`${baseUrl}/indicators/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  if (started.status !== 202) throw new Error(`POST /indicators/runs answered ${started.status}`);
  const manual = await waitForRun(60_000);
  if (!manual) throw new Error('No indicator run was published within two minutes of start-up');
  return manual;
}

export default async function setup(project: TestProject) {
  const port = await freePort();
  const stateDir = tempStateDir();
  const local = launchLocal({
    args: ['--in-memory', '--quiet'],
    env: { PORT: String(port), JUCIP_LOCAL_DIR: stateDir },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // Generous: with the sample data on a busy 2-core machine, start-up has taken over a minute.
    await waitForStatus(`${baseUrl}/health`, 200, 180_000, local);
    project.provide('runId', await ensurePublishedRun(baseUrl, stateDir));
  } catch (error) {
    await stopLocal(local, 'SIGTERM');
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('baseUrl', baseUrl);
  return async () => {
    await stopLocal(local, 'SIGTERM');
    rmSync(stateDir, { recursive: true, force: true });
  };
}
