/** Starting and stopping the real local runtime as a child process, as a user's `npm start` would. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const projectRoot = resolve(import.meta.dirname, '..', '..');

export interface LocalProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

export interface LaunchOptions {
  readonly args?: readonly string[];
  readonly env?: Record<string, string | undefined>;
}

/** A throwaway state folder for one local runtime. */
export function tempStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'jucip-local-'));
}

/** Launches `infra/local/start.ts` with tsx, in its own process group (so a test can Ctrl-C the group). */
export function launchLocal(options: LaunchOptions = {}): LocalProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/local/start.ts', ...(options.args ?? [])],
    {
      cwd: projectRoot,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolveExit(code);
    }),
  );
  return { child, output: () => output, exited };
}

/** Polls a URL until it answers with the wanted status, or fails after the timeout with the process output. */
export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs: number,
  process?: LocalProcess,
): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (process && process.child.exitCode !== null) {
      throw new Error(`The local runtime exited (${process.child.exitCode}):\n${process.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === status) return response;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(
    `${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})\n${process?.output() ?? ''}`,
  );
}

/** Whether a process id is alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a local runtime with a signal to its whole group, as Ctrl-C in a terminal does. */
export async function stopLocal(
  local: LocalProcess,
  signal: NodeJS.Signals = 'SIGINT',
): Promise<number | null> {
  if (local.child.exitCode !== null || local.child.pid === undefined) return local.child.exitCode;
  process.kill(-local.child.pid, signal);
  const timeout = new AbortController();
  const code = await Promise.race([
    local.exited,
    sleep(20_000, 'timeout' as const, { signal: timeout.signal }).catch(() => 'timeout' as const),
  ]);
  timeout.abort();
  if (code === 'timeout') {
    process.kill(-local.child.pid, 'SIGKILL');
    throw new Error(`The local runtime did not stop on ${signal}:\n${local.output()}`);
  }
  return code;
}
