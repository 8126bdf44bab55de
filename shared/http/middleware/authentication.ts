/**
 * The authentication middleware: resolves a machine client's token to its organisation and checks
 * the route's scope before any route handler runs (`shared/http/principal.ts`); people's tokens
 * pass straight through.
 */
import { authenticate, type MachineClientLookup } from '../principal.ts';
import type { HttpMiddleware } from './types.ts';

/** A lookup, or how to open one on the first machine-client request. */
export type MachineClients = MachineClientLookup | (() => MachineClientLookup);

/** Knows no client: what a function without protected routes has, where no machine token is checked. */
const noMachineClients: MachineClientLookup = { grantOf: async () => undefined };

/**
 * Authenticates each request before its handler; machine clients are looked up in `machineClients`
 * (opened on first use when it is a function). Without one every machine client is unknown (401):
 * only functions whose routes are all public have none, and API Gateway puts no claims on a public
 * route, so none is ever asked.
 */
export function authentication(machineClients?: MachineClients): HttpMiddleware {
  let lookup = typeof machineClients === 'function' ? undefined : machineClients;
  return {
    before: async (request) => {
      await authenticate(request.event, async () => {
        lookup ??= typeof machineClients === 'function' ? machineClients() : noMachineClients;
        return lookup;
      });
    },
  };
}
