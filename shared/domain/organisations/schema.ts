/**
 * Partner organisations and their machine clients: the request and record schemas, defined once
 * (validation, TypeScript types and the OpenAPI document).
 */
import * as z from 'zod/mini';
import { built } from '../pure.ts';
import { countryCodeSchema } from '../reference/iso.ts';
import { scopes as allScopes, type Scope } from '../scopes.ts';
import '../zod-messages.ts';

/**
 * An organisation id: what projects and tokens name (`custom:orgId`, at most 64 characters in the
 * user pool). Letters, digits, dots, dashes and underscores, starting with a letter or digit.
 */
export const orgIdSchema = /* @__PURE__ */ built(() =>
  z
    .string()
    .check(
      z.regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
        'Must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
      ),
    ),
);

export const contactRoles = ['submitter', 'technical', 'finance'] as const;
export const languages = ['en', 'ja'] as const;
export type Language = (typeof languages)[number];

/** At most this many contacts per organisation. */
export const maxContacts = 20;

const contactSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    email: z.email('Must be an e-mail address'),
    name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
    roles: z.array(z.enum(contactRoles)).check(
      z.minLength(1, 'Give at least one role'),
      z.refine((roles) => new Set(roles).size === roles.length, 'Each role at most once'),
    ),
  }),
);

/** `PUT /organisations/{orgId}`: the whole organisation, as it should be. */
export const organisationInputSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    country: countryCodeSchema,
    contacts: z.array(contactSchema).check(z.maxLength(maxContacts, `At most ${maxContacts} contacts`)),
    language: z.enum(languages),
  }),
);
export type OrganisationInput = z.output<typeof organisationInputSchema>;

/** The fields an organisation's own submitters may change; the rest are the admins'. */
export const submitterEditableFields = ['contacts', 'language'] as const;

/** The stored and returned organisation. */
export const organisationSchema = /* @__PURE__ */ built(() =>
  z.object({
    orgId: z.string(),
    ...organisationInputSchema.def.shape,
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  }),
);
export type Organisation = z.output<typeof organisationSchema>;

const scopeSchema = /* @__PURE__ */ built(() => z.enum(allScopes as [Scope, ...Scope[]]));

/** `POST /organisations/{orgId}/clients`. */
export const machineClientInputSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    scopes: z.array(scopeSchema).check(
      z.minLength(1, 'Give at least one scope'),
      z.refine((given) => new Set(given).size === given.length, 'Each scope at most once'),
    ),
  }),
);
export type MachineClientInput = z.output<typeof machineClientInputSchema>;

/** A machine client as the tracker keeps and lists it: never its secret. */
export const machineClientSchema = /* @__PURE__ */ built(() =>
  z.object({
    clientId: z.string(),
    orgId: z.string(),
    name: z.string(),
    scopes: z.array(scopeSchema),
    createdAt: z.string(),
    createdBy: z.string(),
  }),
);
export type MachineClient = z.output<typeof machineClientSchema>;

/** The answer to creating a client: the only time its secret is shown. */
export const createdMachineClientSchema = /* @__PURE__ */ built(() =>
  z.object({
    ...machineClientSchema.def.shape,
    clientSecret: z.string(),
    tokenUrl: z.string(),
  }),
);
export type CreatedMachineClient = z.output<typeof createdMachineClientSchema>;
