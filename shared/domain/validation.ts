/**
 * The bridge from zod to the domain's errors: every request body is parsed through here, so a bad
 * request always becomes one `ValidationError` naming each bad field.
 */
import * as z from 'zod/mini';
import { type FieldError, ValidationError } from './errors.ts';

/** Dotted path of a zod issue path, e.g. `['participants', 1, 'country']` → `participants.1.country`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** The field errors of a zod error: one per issue, and one per unknown field for `unrecognized_keys`. */
export function fieldErrorsFromZod(error: z.core.$ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: fieldPath([...issue.path, key]),
          message: 'Not a field this request accepts',
        }))
      : [{ path: fieldPath(issue.path), message: issue.message }],
  );
}

/** A `ValidationError` naming every field a zod error complains about. */
export function validationErrorFromZod(error: z.core.$ZodError): ValidationError {
  return new ValidationError(fieldErrorsFromZod(error));
}

/**
 * Parses `input` with `schema` and answers the parsed value (trimmed, defaults applied).
 * @throws ValidationError naming every bad field
 */
export function parseOrThrow<Schema extends z.ZodMiniType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationErrorFromZod(result.error);
  return result.data;
}

/** The smallest non-zero magnitude a stored number may have (DynamoDB refuses below about 1e-130). */
export const smallestStoredMagnitude = 1e-6;

/**
 * A number schema that DynamoDB can store as given: 0, or at least `smallestStoredMagnitude` in
 * size (bounds above are each schema's own). A value like 1e-200 is refused naming its field
 * instead of failing the write.
 */
export function storable<Schema extends z.ZodMiniNumber<number>>(schema: Schema): Schema {
  return schema.check(
    z.refine<number>(
      (value) => value === 0 || Math.abs(value) >= smallestStoredMagnitude,
      `Must be 0 or at least ${smallestStoredMagnitude} in size`,
    ),
  );
}
