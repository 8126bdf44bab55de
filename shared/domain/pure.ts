/**
 * Module-level values that a bundle may drop when it never reads them. esbuild keeps every call a
 * module makes at load unless the call is marked free of side effects, and `/* @__PURE__ *\/` marks
 * only the call right after it, not the chain `z.object(…).check(…)` that most schemas are. So
 * every module-level schema is built through `built`, its call marked pure: a function that imports
 * one schema of a module no longer builds, or carries, the module's others (`docs/performance.md`).
 */

/** Builds a value now; with `/* @__PURE__ *\/` before the call, esbuild drops it where it is unused. */
export function built<T>(build: () => T): T {
  return build();
}

/**
 * A value built on its first read rather than at module load: for what only one route of a
 * function needs (a CSV template), so that a cold start serving another route never builds it.
 */
export function once<T>(build: () => T): () => T {
  let value: { readonly built: T } | undefined;
  return () => {
    value ??= { built: build() };
    return value.built;
  };
}
