/**
 * Builders of test data. Each call returns new objects, so a test may change what it gets without
 * touching any other test.
 */
import { ValidationError } from '../../../shared/domain/errors.ts';
import type { Principal } from '../../../shared/domain/policy.ts';
import {
  createProject,
  type ProjectContext,
  type UsdRateLookup,
} from '../../../shared/domain/projects/project.ts';
import type { Project, ProjectCreateInput } from '../../../shared/domain/projects/schema.ts';

export const today = '2025-06-15';
export const now = `${today}T09:30:00.000Z`;

export function aSubmitter(overrides: Partial<Principal> = {}): Principal {
  return { subject: 'user-submitter', roles: ['submitter'], orgId: 'org-kansai-energy', ...overrides };
}

export function anAdmin(overrides: Partial<Principal> = {}): Principal {
  return { subject: 'user-admin', roles: ['admin'], orgId: 'org-secretariat', ...overrides };
}

export function aReviewer(overrides: Partial<Principal> = {}): Principal {
  return { subject: 'user-reviewer', roles: ['reviewer'], ...overrides };
}

/** An FX table lookup over `'CUR:YEAR'` keys, e.g. `{ 'JPY:2024': 0.0066 }`. */
export function ratesFrom(table: Readonly<Record<string, number>>): UsdRateLookup {
  return (currency, year) => table[`${currency}:${year}`];
}

export function aContext(overrides: Partial<ProjectContext> = {}): ProjectContext {
  let issued = 0;
  return {
    principal: aSubmitter(),
    now,
    newId: () => {
      issued += 1;
      return `01JXKQ${String(issued).padStart(20, '0')}`;
    },
    usdPerUnit: ratesFrom({ 'JPY:2024': 0.0066, 'JPY:2025': 0.0065, 'EUR:2024': 1.0823 }),
    ...overrides,
  };
}

/** A valid `POST /projects` body (already parsed). */
export function aProjectInput(overrides: Partial<ProjectCreateInput> = {}): ProjectCreateInput {
  return {
    name: 'Hokkaido offshore wind demonstration',
    summary: 'A floating offshore wind farm built with a US technology provider.',
    technology: 'wind_offshore',
    programs: ['jucip'],
    hostCountry: 'JP',
    location: { subdivision: 'JP-01', lat: 43.2, lon: 141.0, accuracy: 'approximate' },
    participants: [
      { name: 'Kansai Energy', country: 'JP', role: 'developer', sharePct: 60 },
      { name: 'Atlantic Floating Wind', country: 'US', role: 'technology_provider', sharePct: 40 },
    ],
    capacity: { value: 120, unit: 'MW' },
    investments: [],
    ...overrides,
  };
}

/** A stored project, made the way the domain makes them, then changed by `overrides`. */
export function aProject(overrides: Partial<Project> = {}): Project {
  const { project } = createProject(aProjectInput({ statusEffectiveDate: '2024-01-10' }), aContext());
  return { ...project, ...overrides };
}

/** The ValidationError `action` throws; fails the test when it throws nothing or something else. */
export function validationErrorFrom(action: () => unknown): ValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('Expected a ValidationError, but nothing was thrown');
}
