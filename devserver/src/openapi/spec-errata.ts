/**
 * Where Nextcloud's shipped OpenAPI specs contradict what the real server answers (the recordings), the
 * recordings win: these corrections are applied to the specs before validation. Each names the recorded
 * exchange that proves it; docs/devserver-fidelity.md lists them too.
 */

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function schemas(spec: unknown): Json | null {
  if (!isRecord(spec) || !isRecord(spec['components'])) return null;
  const s = spec['components']['schemas'];
  return isRecord(s) ? s : null;
}

/** core.json (Nextcloud 32.0.1): the teams API. */
function coreErrata(spec: unknown): void {
  const s = schemas(spec);
  if (s === null) return;
  // teams.json "team resources (student)": resource ids are strings ("163", "8", "i23gvc8a" for a Talk room),
  // the spec says int64.
  const resource = s['TeamResource'];
  if (isRecord(resource) && isRecord(resource['properties'])) {
    resource['properties']['id'] = { type: 'string' };
    resource['properties']['provider'] = {
      type: 'object',
      required: ['id', 'name', 'icon'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, icon: { type: 'string' } },
    };
  }
  // No recording: a search result entry's `attributes` are SearchResultEntry::addAttribute() pairs, a PHP map
  // that JSON encodes as an object ({"fileId": "12", "path": "/a.txt"}; [] when empty), the spec says string[].
  const entry = s['UnifiedSearchResultEntry'];
  if (isRecord(entry) && isRecord(entry['properties'])) {
    entry['properties']['attributes'] = { type: 'object', additionalProperties: { type: 'string' } };
  }
  // teams.json "teams of a resource (talk room)": each team is {teamId, displayName, link, resources},
  // the spec describes {id, name, icon}.
  s['Team'] = {
    type: 'object',
    required: ['teamId', 'displayName', 'link', 'resources'],
    properties: {
      teamId: { type: 'string' },
      displayName: { type: 'string' },
      link: { type: 'string' },
      resources: { type: 'array', items: { $ref: '#/components/schemas/TeamResource' } },
    },
  };
}

/**
 * spreed-backend-signaling.json (Talk 22.0.0): room `properties`, `session` and auth `user` are PHP
 * `array<string, mixed>` maps of scalars (name, type, lobby-state, displayname ...), which the generator
 * rendered as maps of objects. No recording covers this API (only the signaling server calls it); the values
 * follow standalone-signaling-api-v1.md "Backend validation".
 */
function backendSignalingErrata(spec: unknown): void {
  if (!isRecord(spec) || !isRecord(spec['paths'])) return;
  const seen = new Set<unknown>();
  const loosen = (node: unknown): void => {
    if (!isRecord(node) && !Array.isArray(node)) return;
    if (seen.has(node)) return;
    seen.add(node);
    if (isRecord(node)) {
      const ap = node['additionalProperties'];
      if (isRecord(ap) && ap['type'] === 'object' && Object.keys(ap).length === 1) node['additionalProperties'] = true;
      Object.values(node).forEach(loosen);
    } else {
      node.forEach(loosen);
    }
  };
  loosen(spec['paths']);
}

const ERRATA: Record<string, (spec: unknown) => void> = { 'core.json': coreErrata, 'spreed-backend-signaling.json': backendSignalingErrata };

/** Corrects a parsed spec in place (before any other normalisation) and returns it. */
export function applySpecErrata<T>(file: string, spec: T): T {
  ERRATA[file]?.(spec);
  return spec;
}
