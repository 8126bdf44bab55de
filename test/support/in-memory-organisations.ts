/** In-memory fakes of the organisation ports, for domain tests. */
import { VersionConflictError } from '../../shared/domain/errors.ts';
import type {
  ClientCredentialsIssuer,
  IssuedCredentials,
  KeyPage,
  MachineClientAudience,
  MachineClientRepository,
  OrganisationDirectory,
  OrganisationRepository,
} from '../../shared/domain/organisations/ports.ts';
import type { MachineClient, Organisation } from '../../shared/domain/organisations/schema.ts';
import type { Scope } from '../../shared/domain/scopes.ts';

/** A directory in which every organisation is registered (for tests about something else). */
export const everyOrganisationRegistered: OrganisationDirectory = { exists: async () => true };

function page<T>(sorted: T[], limit: number): KeyPage<T> {
  return { items: sorted.slice(0, limit), more: sorted.length > limit };
}

/** Organisations and machine clients in maps, with the conditional writes of the real table. */
export class InMemoryOrganisations
  implements OrganisationRepository, OrganisationDirectory, MachineClientRepository
{
  readonly organisations = new Map<string, Organisation>();
  readonly clients = new Map<string, MachineClient>();

  async get(orgId: string) {
    return this.organisations.get(orgId);
  }

  async exists(orgId: string) {
    return this.organisations.has(orgId);
  }

  async put(next: Organisation, expectedVersion: number | undefined) {
    const current = this.organisations.get(next.orgId);
    if (current?.version !== expectedVersion) throw new VersionConflictError('changed meanwhile');
    this.organisations.set(next.orgId, next);
  }

  async list(limit: number, afterOrgId?: string) {
    const sorted = [...this.organisations.values()]
      .filter((o) => afterOrgId === undefined || o.orgId > afterOrgId)
      .sort((a, b) => (a.orgId < b.orgId ? -1 : 1));
    return page(sorted, limit);
  }

  async addClient(client: MachineClient) {
    this.clients.set(client.clientId, client);
  }

  async getClient(orgId: string, clientId: string) {
    const client = this.clients.get(clientId);
    return client?.orgId === orgId ? client : undefined;
  }

  async listClients(orgId: string, limit: number, afterClientId?: string) {
    const sorted = [...this.clients.values()]
      .filter((c) => c.orgId === orgId && (afterClientId === undefined || c.clientId > afterClientId))
      .sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
    return page(sorted, limit);
  }

  async removeClient(orgId: string, clientId: string) {
    if (this.clients.get(clientId)?.orgId === orgId) this.clients.delete(clientId);
  }

  async allClientIds() {
    return [...this.clients.keys()];
  }
}

/**
 * An audience like the JWT authorizer's: holds what it was last given, fails the next `failures`
 * updates, and runs `beforeAdmit` (e.g. a concurrent request's write) just before an update lands.
 */
export class FakeAudience implements MachineClientAudience {
  admitted: readonly string[] = [];
  readonly updates: (readonly string[])[] = [];
  failures = 0;
  beforeAdmit: (() => Promise<void>) | undefined;

  constructor(readonly capacity = 49) {}

  async admit(clientIds: readonly string[]): Promise<void> {
    const hook = this.beforeAdmit;
    this.beforeAdmit = undefined;
    await hook?.();
    if (this.failures > 0) {
      this.failures--;
      throw new Error('TooManyRequestsException');
    }
    this.admitted = [...clientIds].sort();
    this.updates.push(this.admitted);
  }
}

/** An identity provider that hands out numbered clients and remembers which are registered. */
export class FakeCredentialsIssuer implements ClientCredentialsIssuer {
  readonly tokenUrl = 'https://auth.test/oauth2/token';
  readonly registered = new Map<string, { name: string; scopes: readonly Scope[] }>();
  private next = 1;

  async register(name: string, scopes: readonly Scope[]): Promise<IssuedCredentials> {
    const clientId = `client${this.next++}`;
    this.registered.set(clientId, { name, scopes });
    return { clientId, clientSecret: `secret-of-${clientId}` };
  }

  async deregister(clientId: string): Promise<void> {
    this.registered.delete(clientId);
  }
}
