/** Bounded parallelism for work over many items (batched reads and writes of the bulk import). */

/**
 * Runs `work` on every item, at most `limit` at once, and answers the results in input order.
 * The first failure rejects the whole (work already started finishes on its own).
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  // A dozen lines instead of a dependency such as p-limit, which would be one more package in the
  // bundle of every function that imports this.
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

/** Splits items into consecutive groups of at most `size`. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}
