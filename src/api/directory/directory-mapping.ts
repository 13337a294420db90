/**
 * The school's directory mapping as the gateway serves it with `GET /api/config` (gateway/src/directory-mapping.ts):
 * which Nextcloud groups are classes and which make a teacher.
 */
import { requestJson, type CallOptions } from '../client';
import { directoryConfigSchema, type DirectoryMapping } from '../gateway-contract';

export type { DirectoryMapping } from '../gateway-contract';

export async function getDirectoryMapping(options: CallOptions = {}): Promise<DirectoryMapping> {
  const config = await requestJson('/api/config', directoryConfigSchema, options);
  return config.directory;
}
