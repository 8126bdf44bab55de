/**
 * The system clock the functions give their services: the current time as ISO 8601 UTC, the one
 * form in which the domain takes time (`now` in every service's dependencies). Tests pass their own.
 */
export const now = (): string => new Date().toISOString();
