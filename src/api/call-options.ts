/**
 * The types a feature needs to call or wrap an API function, without importing the request layer
 * (features may not import src/api/client.ts or src/api/ocs.ts: the thin functions in src/api/<service>
 * are their only door to Nextcloud).
 */

/** What every API function accepts as its second argument. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}
