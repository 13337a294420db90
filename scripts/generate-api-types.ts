/**
 * `npm run generate:api`: regenerates src/api/generated/*.ts (types only) from Nextcloud's OpenAPI specs in
 * ../shared/nextcloud-api/openapi. The specs are reference material and are not committed; the generated
 * types are. Run it when the specs change.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const specDir = path.resolve(process.env['NEXTCLOUD_API_DIR'] ?? '../shared/nextcloud-api', 'openapi');
const outDir = path.resolve('src/api/generated');
const specs = ['spreed', 'core', 'files_sharing', 'files_trashbin', 'provisioning_api', 'notifications', 'user_status'];

if (!existsSync(specDir)) {
  process.stderr.write(`The OpenAPI specs are not here (${specDir}): nothing generated. They live in ../shared/nextcloud-api beside the repository.\n`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
for (const spec of specs) {
  const out = path.join(outDir, `${spec.replace(/_/g, '-')}.ts`);
  execFileSync('npx', ['openapi-typescript', path.join(specDir, `${spec}.json`), '-o', out], { stdio: 'inherit' });
}
