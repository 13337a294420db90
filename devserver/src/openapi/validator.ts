/**
 * Validates JSON responses against Nextcloud's own OpenAPI specs (the API reference in
 * ../shared/nextcloud-api/openapi beside the checkout, or NEXTCLOUD_OPENAPI_DIR). The specs are not part
 * of this repository: where they are absent the validator says so once and is disabled.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { applySpecErrata } from './spec-errata.js';

/** ../shared/nextcloud-api/openapi relative to the checkout root (this file is devserver/src/openapi/), from any cwd. */
export const DEFAULT_OPENAPI_DIR = fileURLToPath(new URL('../../../../shared/nextcloud-api/openapi', import.meta.url));

export function openApiDir(): string {
  const env = process.env['NEXTCLOUD_OPENAPI_DIR'];
  return env !== undefined && env !== '' ? env : DEFAULT_OPENAPI_DIR;
}

interface ParamSchema {
  name: string;
  in: string;
  schema?: { enum?: unknown[]; type?: string };
}

interface Operation {
  spec: string;
  method: string;
  template: string;
  operationId: string;
  regex: RegExp;
  params: string[];
  pathParams: ParamSchema[];
  /** Literal characters in the template: more literal = more specific. */
  literal: number;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export type ValidationResult =
  | { kind: 'valid'; operationId: string }
  | { kind: 'invalid'; operationId: string; errors: string[] }
  | { kind: 'skipped'; reason: string };

function escapePointer(seg: string): string {
  return encodeURIComponent(seg.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** OpenAPI 3.0's `nullable` (also beside allOf/$ref, which Ajv refuses) as JSON Schema: anyOf [schema, null]. */
function normalizeNullable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeNullable);
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = normalizeNullable(x);
  if (out['nullable'] === true) {
    const { nullable: _n, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

/**
 * PHP's json_encode writes an empty associative array as `[]`: Nextcloud answers `[]` for empty objects
 * (Talk's messageParameters, reactions, poll votes, an empty data object), which real clients accept.
 * Every `type: object` schema therefore also admits an empty array.
 */
function allowPhpEmptyArrays(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(allowPhpEmptyArrays);
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = k === 'properties' && isRecord(x) ? mapValues(x, allowPhpEmptyArrays) : allowPhpEmptyArrays(x);
  if (out['type'] === 'object') return { anyOf: [out, { type: 'array', maxItems: 0 }] };
  return out;
}

function mapValues(o: Record<string, unknown>, fn: (v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = fn(x);
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

type AddFormats = (ajv: Ajv) => Ajv;
// CommonJS interop: the plugin function may arrive as the module itself or as its `default`.
const formatsExport = addFormatsModule as unknown as AddFormats | { default: AddFormats };
const addFormats: AddFormats = typeof formatsExport === 'function' ? formatsExport : formatsExport.default;

export class ResponseValidator {
  private readonly ajv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(dir: string) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    for (const f of ['int64', 'int32', 'float', 'double', 'byte', 'binary', 'password']) this.ajv.addFormat(f, true);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const spec = allowPhpEmptyArrays(normalizeNullable(applySpecErrata(file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown)));
      if (!isRecord(spec) || !isRecord(spec['paths'])) continue;
      const id = `https://openapi.devserver.invalid/${file}`;
      this.ajv.addSchema({ ...spec, $id: id }, id);
      for (const [template, item] of Object.entries(spec['paths'])) {
        if (!isRecord(item)) continue;
        for (const method of METHODS) {
          const op = item[method];
          if (!isRecord(op)) continue;
          const params: string[] = [];
          const src = template.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
            params.push(name);
            return '([^/]+)';
          });
          const declared = Array.isArray(op['parameters']) ? (op['parameters'] as ParamSchema[]) : [];
          this.operations.push({
            spec: id,
            method: method.toUpperCase(),
            template,
            operationId: typeof op['operationId'] === 'string' ? op['operationId'] : `${method} ${template}`,
            regex: new RegExp(`^${src}$`),
            params,
            pathParams: declared.filter((p) => p.in === 'path'),
            literal: template.replace(/\{\w+\}/g, '').length,
            responses: isRecord(op['responses']) ? (op['responses'] as Operation['responses']) : {},
          });
        }
      }
    }
    this.operations.sort((a, b) => b.literal - a.literal);
  }

  get operationCount(): number {
    return this.operations.length;
  }

  /** The operation for a request path (query stripped). Paths without a script prefix get /index.php. */
  findOperation(method: string, rawPath: string): Operation | undefined {
    const path = rawPath.split('?')[0] ?? rawPath;
    const candidates = [path];
    if (!/^\/(ocs|index\.php|remote\.php|status\.php|public\.php)/.test(path)) candidates.push(`/index.php${path}`);
    for (const p of candidates) {
      for (const op of this.operations) {
        if (op.method !== method.toUpperCase()) continue;
        const m = op.regex.exec(p);
        if (m === null) continue;
        const ok = op.params.every((name, i) => {
          const schema = op.pathParams.find((x) => x.name === name)?.schema;
          const value = decodeURIComponent(m[i + 1] ?? '');
          if (schema?.enum !== undefined) return schema.enum.map(String).includes(value);
          if (schema?.type === 'integer') return /^-?\d+$/.test(value);
          return true;
        });
        if (ok) return op;
      }
    }
    return undefined;
  }

  private validatorFor(op: Operation, status: string): ValidateFunction | null {
    const key = `${op.spec}|${op.method}|${op.template}|${status}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const content = op.responses[status]?.content;
    const json = content?.['application/json'];
    let fn: ValidateFunction | null = null;
    if (json?.schema !== undefined) {
      const pointer = ['paths', op.template, op.method.toLowerCase(), 'responses', status, 'content', 'application/json', 'schema']
        .map(escapePointer)
        .join('/');
      try {
        fn = this.ajv.compile({ $ref: `${op.spec}#/${pointer}` });
      } catch (err) {
        console.warn(`[devserver] cannot compile the schema of ${op.operationId} ${status}: ${String(err)}`);
      }
    }
    this.cache.set(key, fn);
    return fn;
  }

  validate(method: string, path: string, status: number, body: unknown): ValidationResult {
    if (/^\/ocs\/v1\.php\//.test(path)) return { kind: 'skipped', reason: 'OCS v1 is not described by the specs' };
    const ocsPath = path.replace(/^\/ocs\/v2\.php\//, '/ocs/v2.php/');
    const op = this.findOperation(method, ocsPath);
    if (op === undefined) return { kind: 'skipped', reason: 'no operation in the specs' };
    const statusKey = op.responses[String(status)] !== undefined ? String(status) : op.responses['default'] !== undefined ? 'default' : null;
    if (statusKey === null) return { kind: 'skipped', reason: `status ${status} not documented for ${op.operationId}` };
    const fn = this.validatorFor(op, statusKey);
    if (fn === null) return { kind: 'skipped', reason: `no JSON schema for ${op.operationId} ${statusKey}` };
    if (fn(body)) return { kind: 'valid', operationId: op.operationId };
    const errors = (fn.errors ?? []).map((e) => `${e.instancePath === '' ? '/' : e.instancePath} ${e.message ?? 'is invalid'}${Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''}`);
    return { kind: 'invalid', operationId: op.operationId, errors };
  }
}

let shared: ResponseValidator | null | undefined;
let warned = false;

/** The validator over the reference specs, or null (with one warning line) when they are absent. */
export function loadResponseValidator(dir = openApiDir()): ResponseValidator | null {
  if (dir === openApiDir() && shared !== undefined) return shared;
  let v: ResponseValidator | null = null;
  if (existsSync(dir)) {
    v = new ResponseValidator(dir);
  } else if (!warned) {
    warned = true;
    console.warn(`[devserver] OpenAPI specs not found at ${dir}: response validation is disabled (set NEXTCLOUD_OPENAPI_DIR).`);
  }
  if (dir === openApiDir()) shared = v;
  return v;
}
