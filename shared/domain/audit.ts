/**
 * What an audit entry says changed. A change names the dotted path of a field and its value before
 * (`from`) and after (`to`); `from` is absent for a field that was added, `to` for one that was removed.
 * Objects are compared field by field (`location.lat`); arrays are compared whole, except that
 * elements appended to an otherwise unchanged array are listed one by one (`statusHistory.3`), so
 * an append-only history is not repeated in every entry.
 */
import * as z from 'zod/mini';
import { built } from './pure.ts';
import './zod-messages.ts';

export const fieldChangeSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    path: z.string(),
    from: z.optional(z.unknown()),
    to: z.optional(z.unknown()),
  }),
);
export type FieldChange = z.output<typeof fieldChangeSchema>;

type PlainObject = Readonly<Record<string, unknown>>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON-like values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => jsonEqual(a[key], b[key]));
  }
  return Object.is(a, b);
}

function change(path: string, from: unknown, to: unknown): FieldChange {
  return {
    path,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}

function join(prefix: string, key: string | number): string {
  return prefix === '' ? String(key) : `${prefix}.${key}`;
}

function diff(before: unknown, after: unknown, path: string): FieldChange[] {
  if (jsonEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
    return keys.flatMap((key) => diff(before[key], after[key], join(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after) && after.length > before.length) {
    const isAppend = before.every((item, i) => jsonEqual(item, after[i]));
    if (isAppend) {
      return after
        .slice(before.length)
        .map((item, i) => change(join(path, before.length + i), undefined, item));
    }
  }
  return [change(path, before, after)];
}

/**
 * The changes from `before` to `after`, in the order of `after`'s fields, leaving out the top-level
 * fields named in `ignore` (bookkeeping that the audit entry carries itself, such as `version`).
 */
export function describeChanges(
  before: PlainObject,
  after: PlainObject,
  ignore: readonly string[] = [],
): FieldChange[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])].filter(
    (key) => !ignore.includes(key),
  );
  return keys.flatMap((key) => diff(before[key], after[key], key));
}
