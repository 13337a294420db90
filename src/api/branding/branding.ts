import { requestJson, type CallOptions, type NoParams } from '../client';
import { brandingSchema, type Branding } from '../gateway-contract';

/** The gateway's reading of Nextcloud's theming (gateway/src/branding.ts); public, also before sign-in. */

export type { Branding } from '../gateway-contract';

export function getBranding(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<Branding> {
  return requestJson('/api/branding', brandingSchema, { signal });
}
