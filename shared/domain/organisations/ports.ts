/**
 * What the organisation and machine-client use cases need from outside: storage (DynamoDB adapter
 * in `shared/adapters/dynamodb/organisations-table.ts`) and the identity provider that issues the
 * clients' credentials (Cognito in AWS, the local issuer's registry locally).
 */
import type { Scope } from '../scopes.ts';
import type { MachineClient, Organisation } from './schema.ts';

/** A page of a listing in key order. */
export interface KeyPage<T> {
  readonly items: T[];
  readonly more: boolean;
}

export interface OrganisationRepository {
  get(orgId: string): Promise<Organisation | undefined>;
  /**
   * Stores `next` only if the stored organisation is still at `expectedVersion` (or absent, when
   * undefined).
   * @throws VersionConflictError when it changed or appeared meanwhile
   */
  put(next: Organisation, expectedVersion: number | undefined): Promise<void>;
  /** Organisations in id order after `afterOrgId`. */
  list(limit: number, afterOrgId?: string): Promise<KeyPage<Organisation>>;
}

/** Whether an organisation exists: what project creation needs to know. */
export interface OrganisationDirectory {
  exists(orgId: string): Promise<boolean>;
}

export interface MachineClientRepository {
  /** Stores a new client's record (its organisation and scopes, never its secret). */
  addClient(client: MachineClient): Promise<void>;
  getClient(orgId: string, clientId: string): Promise<MachineClient | undefined>;
  /** The organisation's clients in id order after `afterClientId`. */
  listClients(orgId: string, limit: number, afterClientId?: string): Promise<KeyPage<MachineClient>>;
  /** Deletes the record; a client without one is refused on its next request. */
  removeClient(orgId: string, clientId: string): Promise<void>;
  /**
   * The ids of every live client of every organisation, read strongly consistently (so a write
   * this request made, or that finished before the read began, is in it), all pages of them.
   */
  allClientIds(): Promise<string[]>;
}

/**
 * Whose tokens the API's gateway lets through to the tracker: in AWS the JWT authorizer's audience,
 * a fixed-size list that must name every machine client (docs/machine-clients.md). Locally there is
 * none to keep: the local gateway asks the client registry on every request.
 */
export interface MachineClientAudience {
  /** How many machine clients the audience can hold at once. */
  readonly capacity: number;
  /**
   * Makes the audience exactly people's app client plus these machine clients, replacing what it
   * held (so that whichever update lands last, if it was computed after the last change, is right).
   */
  admit(clientIds: readonly string[]): Promise<void>;
}

/** Credentials the identity provider issued for a new client. */
export interface IssuedCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The identity provider's side of machine clients: an OAuth client per machine client. */
export interface ClientCredentialsIssuer {
  /** Where clients exchange their credentials for tokens (RFC 6749 §4.4). */
  readonly tokenUrl: string;
  /** Registers a confidential client allowed the client-credentials grant for these scopes. */
  register(name: string, scopes: readonly Scope[]): Promise<IssuedCredentials>;
  /** Deletes a client; deleting one that is already gone succeeds, so that a retried revocation can finish. */
  deregister(clientId: string): Promise<void>;
}
