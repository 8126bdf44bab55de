/**
 * A TCP proxy in front of DynamoDB Local whose link can be cut and restored: an outage in which the
 * database keeps every write it acknowledged, so that a write missing afterwards can only be the
 * tracker's fault (compare a SIGKILL, where DynamoDB Local itself may lose its last transactions:
 * `docs/testing.md`).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../../../infra/local/dynamodb-local.ts';

export interface CuttableLink {
  /** `http://127.0.0.1:<port>`: give this to the runtime instead of the database's endpoint. */
  readonly endpoint: string;
  /** Destroys every open connection and refuses new ones until `restore`. */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy on a free port that forwards every connection to `targetPort` on 127.0.0.1. */
export async function startCuttableLink(targetPort: number): Promise<CuttableLink> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = new (client.constructor as typeof Socket)();
        track(client);
        track(upstream);
        upstream.connect(targetPort, '127.0.0.1');
        client.pipe(upstream).pipe(client);
        const destroyBoth = () => {
          client.destroy();
          upstream.destroy();
        };
        client.once('error', destroyBoth);
        upstream.once('error', destroyBoth);
        client.once('close', destroyBoth);
        upstream.once('close', destroyBoth);
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        server = next;
        resolve();
      });
    });
  const stopListening = async () => {
    const current = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    cut: stopListening,
    restore: listen,
    close: stopListening,
  };
}
