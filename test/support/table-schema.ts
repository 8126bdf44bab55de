/**
 * Checks a CSV against a Frictionless Table Schema (v2), for the properties a release's schema uses:
 * the header against `fields` (`fieldsMatch: exact`), `missingValues` (schema-level, overridden by
 * a field's own), the `string` and `number` types, the `required`, `enum` and `pattern`
 * constraints, and `primaryKey` (unique, never missing). Written here because no Table Schema
 * validator is among the project's dependencies; it reports every problem it finds, not just the first.
 */
import { parse } from 'csv-parse/sync';

interface SchemaField {
  readonly name: string;
  readonly type: string;
  readonly missingValues?: readonly string[];
  readonly constraints?: {
    readonly required?: boolean;
    readonly enum?: readonly string[];
    readonly pattern?: string;
  };
}

export interface TableSchema {
  readonly fields: readonly SchemaField[];
  readonly primaryKey?: readonly string[];
  readonly missingValues?: readonly string[];
  readonly fieldsMatch?: string;
}

/** Table Schema's lexical form of a `number` (no thousands separators, `NaN`/`INF` allowed but unused here). */
const numberPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The problems of `csv` against `schema`; empty when it conforms. */
export function tableSchemaProblems(csv: string, schema: TableSchema): string[] {
  const problems: string[] = [];
  const rows = parse(csv, { relax_column_count: true }) as string[][];
  const [header = [], ...records] = rows;
  const names = schema.fields.map((field) => field.name);
  if (JSON.stringify(header) !== JSON.stringify(names)) {
    problems.push(`header ${JSON.stringify(header)} is not the fields ${JSON.stringify(names)}`);
  }
  const keys = new Set<string>();
  const keyIndexes = (schema.primaryKey ?? []).map((name) => names.indexOf(name));
  if (keyIndexes.includes(-1)) problems.push('the primary key names a field the schema does not have');
  records.forEach((record, r) => {
    const line = r + 2;
    if (record.length !== names.length) problems.push(`row ${line} has ${record.length} cells`);
    schema.fields.forEach((field, i) => {
      const cell = record[i] ?? '';
      const missing = (field.missingValues ?? schema.missingValues ?? ['']).includes(cell);
      if (missing) {
        if (field.constraints?.required) problems.push(`row ${line}: ${field.name} is required`);
        return;
      }
      if (field.type === 'number' && !numberPattern.test(cell))
        problems.push(`row ${line}: ${field.name} "${cell}" is not a number`);
      if (field.constraints?.enum && !field.constraints.enum.includes(cell))
        problems.push(`row ${line}: ${field.name} "${cell}" is not one of its values`);
      if (field.constraints?.pattern && !new RegExp(`^(?:${field.constraints.pattern})$`).test(cell))
        problems.push(`row ${line}: ${field.name} "${cell}" does not match its pattern`);
    });
    if (keyIndexes.length > 0) {
      const values = keyIndexes.map((i) => record[i] ?? '');
      values.forEach((value, k) => {
        const field = schema.fields[keyIndexes[k] ?? -1];
        if (field && (field.missingValues ?? schema.missingValues ?? ['']).includes(value))
          problems.push(`row ${line}: primary key field ${field.name} is missing`);
      });
      const key = JSON.stringify(values);
      if (keys.has(key)) problems.push(`row ${line}: primary key ${key} is not unique`);
      keys.add(key);
    }
  });
  return problems;
}
