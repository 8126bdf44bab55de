/** What every table's items share: the key and index attributes that are not part of the record. */

/** Attributes an item carries for DynamoDB's sake (keys, index keys, the entity tag), never part of a record. */
const storageAttributes = new Set([
  'pk',
  'sk',
  'entity',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
]);

/** The record stored in an item: the item without its storage attributes. */
export function recordOf<T>(item: Readonly<Record<string, unknown>>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !storageAttributes.has(name))) as T;
}
