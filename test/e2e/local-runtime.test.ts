import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { isAlive, launchLocal, stopLocal, tempStateDir, waitForStatus } from '../support/local-process.ts';

/** Process ids whose command line mentions DynamoDB Local on this port. */
function dynamoDbLocalPids(port: number): number[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  return lines
    .filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(`-port ${port}`))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

function dynamoPortFrom(output: string): number {
  const port = Number(/DynamoDB Local at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
  if (!Number.isInteger(port)) throw new Error(`No DynamoDB port in start-up output:\n${output}`);
  return port;
}

describe('npm start (the local runtime)', () => {
  // With the sample portfolio loading, as `npm start -- --in-memory` runs it: health within 60 s.
  it('answers /health and leaves no process behind on Ctrl-C', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const local = launchLocal({
      args: ['--in-memory', '--quiet'],
      env: { PORT: String(port), JUCIP_LOCAL_DIR: tempStateDir() },
    });
    await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 60_000, local);
    const javaPids = dynamoDbLocalPids(dynamoPortFrom(local.output()));
    expect(javaPids).toHaveLength(1);

    expect(await stopLocal(local, 'SIGINT')).toBe(0);

    expect(javaPids.filter(isAlive)).toEqual([]);
    expect(isAlive(local.child.pid as number)).toBe(false);
  });

  it('stops DynamoDB Local too when sent SIGTERM alone', async () => {
    const port = await freePort();
    const local = launchLocal({
      args: ['--in-memory', '--no-sample-data', '--quiet'],
      env: { PORT: String(port), JUCIP_LOCAL_DIR: tempStateDir() },
    });
    await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 60_000, local);
    const javaPids = dynamoDbLocalPids(dynamoPortFrom(local.output()));

    local.child.kill('SIGTERM');
    expect(await local.exited).toBe(0);

    expect(javaPids.filter(isAlive)).toEqual([]);
  });

  it('answers 503 problem while the database is down and recovers by itself', async () => {
    const dbPort = await freePort();
    const dataDir = join(tempStateDir(), 'dynamodb');
    let database = await startDynamoDbLocal({ port: dbPort, dataDir });
    const port = await freePort();
    const local = launchLocal({
      args: ['--dynamodb-endpoint', database.endpoint, '--no-sample-data', '--quiet'],
      env: { PORT: String(port), JUCIP_LOCAL_DIR: tempStateDir() },
    });
    try {
      await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 60_000, local);

      await database.stop();
      const down = await fetch(`http://127.0.0.1:${port}/health`);
      expect(down.status).toBe(503);
      expect(down.headers.get('content-type')).toContain('application/problem+json');
      expect(down.headers.get('retry-after')).toBe('5');
      expect(await down.json()).toMatchObject({ status: 503, dependencies: { db: 'unavailable' } });

      database = await startDynamoDbLocal({ port: dbPort, dataDir });
      await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 30_000, local);
    } finally {
      await stopLocal(local, 'SIGTERM');
      await database.stop();
    }
  });

  it('explains, without a stack trace, that the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const local = launchLocal({
        args: ['--in-memory'],
        env: { PORT: String(port), JUCIP_LOCAL_DIR: tempStateDir() },
      });
      expect(await local.exited).toBe(1);
      expect(local.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(local.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('explains, without a stack trace, that Java is missing', async () => {
    const local = launchLocal({
      args: ['--in-memory'],
      env: { PORT: String(await freePort()), JUCIP_LOCAL_DIR: tempStateDir(), PATH: '/nonexistent' },
    });
    expect(await local.exited).toBe(1);
    expect(local.output()).toContain('Java 17 or newer is needed');
    expect(local.output()).not.toMatch(/\n\s+at /);
  });
});
