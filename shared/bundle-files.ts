/**
 * Data files the functions read at run time from beside their own module
 * (`new URL('./<file>', import.meta.url)`) instead of carrying them in every bundle: in the source
 * tree they sit beside the module that reads them, and the stack copies them beside each Lambda
 * bundle (`infra/constructs/tracker-function.ts`), where the bundle's `import.meta.url` points.
 * Each is read once, on first use, by the few requests that need it.
 */
import { subdivisionsFile } from './domain/reference/iso.ts';
import { apiCatalogueFiles } from './i18n/api-messages.ts';
import { englishCatalogueFile } from './i18n/plain-text.ts';

/** The files, as paths from the project root; their names must differ, since a bundle's folder is flat. */
export const besideBundleFiles: readonly string[] = [
  ...Object.values(apiCatalogueFiles).map((file) => `shared/i18n/${file}`),
  `shared/domain/reference/${subdivisionsFile}`,
  `shared/i18n/${englishCatalogueFile}`,
];
