/**
 * Replays recorded exchanges against a server as the recorded users and reports where the answers
 * differ from the recording in status, response header presence, or body shape. Ids the server
 * creates (room tokens, file ids, board/stack/card ids, circle ids, message ids) are mapped from
 * recorded to live as the replay learns them.
 */
import { XMLParser } from 'fast-xml-parser';
import { DEMO_PASSWORD, findSeedGroup, findSeedUser } from '../seed.js';
import { binaryBody, type Exchange, type Recording } from './recording.js';
import { compareShape } from './shape.js';
import { comparePage, compareSetCookies, isPageSummary, summarisePage } from './web-page.js';

const REDACTED = '<redacted>';

export interface ExchangeReport {
  file: string;
  index: number;
  name: string;
  method: string;
  path: string;
  livePath: string;
  recordedStatus: number;
  liveStatus: number;
  mismatches: string[];
}

const ID_KEY = /^(id|token|fileid|fileId|file_source|item_source|file_target_id|singleId|circleId|boardId|stackId|cardId|messageId|lastReadMessage|lastCommonReadMessage|sessionId|share_with|object_id|objectId)$/;
const ID_QUERY = /(^id$|Id$|^token$)/;
const ID_HEADERS = ['oc-fileid', 'etag', 'oc-etag', 'x-chat-last-given', 'x-chat-last-common-read'];

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: () => true });

/** Deck's REST and OCS paths; the segment before an id names its table. */
const DECK_PATH = /\/apps\/deck\/api\//;
const DECK_KEY_TABLE: Record<string, string> = { boardId: 'boards', stackId: 'stacks', cardId: 'cards', labelId: 'labels', objectId: 'cards' };
const DECK_NESTED: Record<string, string> = { stacks: 'stacks', cards: 'cards', labels: 'labels', acl: 'acl', assignedUsers: 'assignedUsers' };

/** The table of the object a Deck path answers: its last collection segment (`/boards/8/stacks` → stacks). */
function deckTableOf(path: string): string {
  const segs = (path.split('?')[0] ?? '').split('/').filter((s) => s !== '');
  for (let i = segs.length - 1; i >= 0; i--) {
    const s = segs[i] ?? '';
    if (['boards', 'stacks', 'cards', 'labels', 'acl', 'attachments', 'comments'].includes(s)) return s;
  }
  return 'boards';
}

interface LiveResponse {
  status: number;
  headers: Headers;
  text: string;
}

export class Replayer {
  /** recorded id → live id */
  readonly ids = new Map<string, string>();
  /** Deck ids per table, recorded → live: a real Deck numbers boards, stacks and cards separately, so they overlap. */
  private readonly deckIds = new Map<string, Map<string, string>>();
  private deckRequest = false;
  private readonly jars = new Map<string, Map<string, string>>();
  /** The requesttoken of each user's browser session, learned from its last page or `/csrftoken`. */
  private readonly requestTokens = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly password = DEMO_PASSWORD,
    /** Stands for the recordings' `<client_id>` (an OAuth client registered on the live server). */
    private readonly oauthClientId = 'klassenraum-demo',
  ) {}

  /** Fills what the recordings redacted: the user's password, the session's requesttoken, the client id. */
  private unredact(text: string, user: string | null): string {
    const token = this.requestTokens.get(user ?? '') ?? '';
    return text
      .replace(/password=<redacted>/g, `password=${encodeURIComponent(this.password)}`)
      .replace(/requesttoken=<redacted>/g, `requesttoken=${encodeURIComponent(token)}`)
      .replace(/<client_id>/g, this.oauthClientId);
  }

  private learnRequestToken(user: string | null, live: LiveResponse): void {
    let token: string | null = null;
    if ((live.headers.get('content-type') ?? '').includes('html')) token = summarisePage(live.text)['data-requesttoken'];
    else if (live.text.startsWith('{')) {
      try {
        const body = JSON.parse(live.text) as { token?: unknown };
        if (typeof body.token === 'string') token = body.token;
      } catch {
        // not a token answer
      }
    }
    if (token !== null) this.requestTokens.set(user ?? '', token);
  }

  private mapValue(v: string): string {
    return this.ids.get(v) ?? v;
  }

  private learn(recorded: string, live: string): void {
    if (recorded === live || recorded === '' || recorded === '0' || this.ids.has(recorded)) return;
    // Accounts and groups are the same on both servers: never "map" one to another.
    if (findSeedUser(recorded) !== undefined || findSeedGroup(recorded) !== undefined) return;
    this.ids.set(recorded, live);
  }

  /**
   * A Talk object just created (201: a poll, a room) names its recorded id anew: small ids such as a poll's `2`
   * recur across recordings, so the newest creation wins over an earlier mapping.
   */
  private learnCreated(ex: Exchange, recorded: unknown, live: unknown): void {
    if (ex.request.method !== 'POST' || ex.response.status !== 201 || DECK_PATH.test(ex.request.path)) return;
    const rid = (recorded as { ocs?: { data?: { id?: unknown } } } | null)?.ocs?.data?.id;
    const lid = (live as { ocs?: { data?: { id?: unknown } } } | null)?.ocs?.data?.id;
    if ((typeof rid !== 'number' && typeof rid !== 'string') || (typeof lid !== 'number' && typeof lid !== 'string')) return;
    if (String(rid) === '0' || String(rid) === String(lid)) return;
    this.ids.set(String(rid), String(lid));
  }

  private learnBodies(recorded: unknown, live: unknown): void {
    if (Array.isArray(recorded) && Array.isArray(live)) {
      const n = Math.min(recorded.length, live.length);
      for (let i = 0; i < n; i++) this.learnBodies(recorded[i], live[i]);
      return;
    }
    if (typeof recorded !== 'object' || recorded === null || typeof live !== 'object' || live === null || Array.isArray(live)) return;
    const rec = recorded as Record<string, unknown>;
    const liv = live as Record<string, unknown>;
    for (const [k, rv] of Object.entries(rec)) {
      const lv = liv[k];
      if (ID_KEY.test(k) && (typeof rv === 'string' || typeof rv === 'number') && (typeof lv === 'string' || typeof lv === 'number')) {
        this.learn(String(rv), String(lv));
      } else {
        this.learnBodies(rv, lv);
      }
    }
  }

  /** Learns Deck ids into their table: `id` of the path's collection, `boardId`/`stackId`/`cardId`, nested stacks, cards, labels. */
  private learnDeck(recorded: unknown, live: unknown, table: string): void {
    if (Array.isArray(recorded) && Array.isArray(live)) {
      const n = Math.min(recorded.length, live.length);
      for (let i = 0; i < n; i++) this.learnDeck(recorded[i], live[i], table);
      return;
    }
    if (typeof recorded !== 'object' || recorded === null || typeof live !== 'object' || live === null || Array.isArray(live)) return;
    const liv = live as Record<string, unknown>;
    for (const [k, rv] of Object.entries(recorded as Record<string, unknown>)) {
      const lv = liv[k];
      const keyTable = k === 'id' ? table : DECK_KEY_TABLE[k];
      if (keyTable !== undefined && (typeof rv === 'number' || typeof rv === 'string') && (typeof lv === 'number' || typeof lv === 'string')) {
        let map = this.deckIds.get(keyTable);
        if (map === undefined) {
          map = new Map();
          this.deckIds.set(keyTable, map);
        }
        if (!map.has(String(rv)) && String(rv) !== '0') map.set(String(rv), String(lv));
      } else if (DECK_NESTED[k] !== undefined) {
        this.learnDeck(rv, lv, DECK_NESTED[k]);
      }
    }
  }

  /** Maps the recorded path (segments and id-like query values) to the live one. */
  mapPath(path: string): string {
    const q = path.indexOf('?');
    const pathname = q < 0 ? path : path.slice(0, q);
    const query = q < 0 ? '' : path.slice(q + 1);
    const deck = DECK_PATH.test(pathname);
    const segments = pathname.split('/').map((seg, i, all) => {
      let decoded = seg;
      try {
        decoded = decodeURIComponent(seg);
      } catch {
        return seg; // not an id we know
      }
      const mapped = (deck ? this.deckIds.get(all[i - 1] ?? '')?.get(decoded) : undefined) ?? this.ids.get(decoded);
      return mapped === undefined ? seg : encodeURIComponent(mapped);
    });
    if (query === '') return segments.join('/');
    const params = query.split('&').map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const key = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const mapped = ID_QUERY.test(key) ? this.ids.get(decodeURIComponent(value)) : undefined;
      return mapped === undefined ? pair : `${key}=${encodeURIComponent(mapped)}`;
    });
    return `${segments.join('/')}?${params.join('&')}`;
  }

  private mapJson(v: unknown, key = ''): unknown {
    if (Array.isArray(v)) return v.map((x) => this.mapJson(x, key));
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, this.mapJson(x, k)]));
    }
    if ((typeof v === 'string' || typeof v === 'number') && (ID_KEY.test(key) || /^(shareWith|newParticipant|participant|objectId|referenceId|replyTo)$/.test(key))) {
      const table = this.deckRequest ? DECK_KEY_TABLE[key] : undefined;
      const mapped = (table === undefined ? undefined : this.deckIds.get(table)?.get(String(v))) ?? this.ids.get(String(v));
      if (mapped === undefined) return v;
      return typeof v === 'number' && /^\d+$/.test(mapped) ? Number(mapped) : mapped;
    }
    return v;
  }

  private jar(user: string | null): Map<string, string> {
    const key = user ?? '';
    let jar = this.jars.get(key);
    if (jar === undefined) {
      jar = new Map();
      this.jars.set(key, jar);
    }
    return jar;
  }

  private buildRequest(ex: Exchange): { url: string; init: RequestInit; livePath: string } {
    // A browser exchange without cookies is a fresh browser (web-session.json starts so).
    if (ex.auth === 'cookie-session' && !Object.keys(ex.request.headers).some((k) => k.toLowerCase() === 'cookie')) this.jar(ex.user).clear();
    const livePath = this.unredact(this.mapPath(ex.request.path), ex.user);
    this.deckRequest = DECK_PATH.test(ex.request.path);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ex.request.headers)) {
      const lk = k.toLowerCase();
      if (lk === 'authorization') {
        const m = /^Basic <(.+)>$/.exec(v);
        headers[lk] = m?.[1] !== undefined ? `Basic ${Buffer.from(`${m[1]}:${this.password}`).toString('base64')}` : v;
      } else if (lk === 'destination') {
        const u = new URL(v);
        headers[lk] = `${this.baseUrl}${this.mapPath(u.pathname)}`;
      } else if (lk === 'if-match' || lk === 'if-none-match') {
        headers[lk] = this.mapValue(v);
      } else if (lk === 'cookie') {
        continue; // the user's jar of this replay stands for the recorded (redacted) cookies
      } else if (lk === 'origin') {
        headers[lk] = new URL(this.baseUrl).origin;
      } else if (lk === 'requesttoken' && v === REDACTED) {
        headers[lk] = this.requestTokens.get(ex.user ?? '') ?? '';
      } else {
        headers[lk] = v;
      }
    }
    const jar = this.jar(ex.user);
    if (jar.size > 0) headers['cookie'] = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | Buffer | undefined;
    const b = ex.request.body;
    const bin = binaryBody(b);
    if (bin !== null) body = Buffer.alloc(bin.bytes, 0x61);
    else if (typeof b === 'string') body = this.unredact(b, ex.user);
    else if (b !== null && b !== undefined) {
      body = JSON.stringify(this.mapJson(b));
      headers['content-type'] ??= 'application/json';
    }
    return { url: `${this.baseUrl}${livePath}`, init: { method: ex.request.method, headers, body, redirect: 'manual' }, livePath };
  }

  private async send(ex: Exchange): Promise<{ live: LiveResponse; livePath: string }> {
    const { url, init, livePath } = this.buildRequest(ex);
    const res = await fetch(url, init);
    const jar = this.jar(ex.user);
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const value = pair.slice(eq + 1).trim();
      // An expired cookie leaves the jar, as a browser drops it.
      if (value === '' || value === 'deleted' || /max-age=0\b/i.test(line)) jar.delete(pair.slice(0, eq).trim());
      else jar.set(pair.slice(0, eq).trim(), value);
    }
    const live = { status: res.status, headers: res.headers, text: await res.text() };
    this.learnRequestToken(ex.user, live);
    return { live, livePath };
  }

  private compare(file: string, index: number, ex: Exchange, live: LiveResponse, livePath: string): ExchangeReport {
    const report: ExchangeReport = {
      file,
      index,
      name: ex.name,
      method: ex.request.method,
      path: ex.request.path,
      livePath,
      recordedStatus: ex.response.status,
      liveStatus: live.status,
      mismatches: [],
    };
    if (live.status !== ex.response.status) {
      report.mismatches.push(`status: expected ${ex.response.status}, got ${live.status}`);
      return report;
    }
    for (const [h, v] of Object.entries(ex.response.headers)) {
      if (h === 'set-cookie-names') report.mismatches.push(...compareSetCookies(Array.isArray(v) ? v : [v], live.headers.getSetCookie()));
      else if (!live.headers.has(h)) report.mismatches.push(`header ${h.toLowerCase()}: missing`);
    }
    const recBody = ex.response.body;
    if (binaryBody(recBody) !== null) return report;
    if (isPageSummary(recBody)) {
      report.mismatches.push(...comparePage(recBody, summarisePage(live.text)).map((m) => `page ${m}`));
      return report;
    }
    const ct = live.headers.get('content-type') ?? '';
    if (typeof recBody === 'string') {
      if (recBody.trim().startsWith('<') && live.text.trim().startsWith('<')) {
        report.mismatches.push(...compareShape(xml.parse(recBody), xml.parse(live.text)).map((m) => `body ${m}`));
      } else if (recBody !== '' && live.text === '') {
        report.mismatches.push('body: expected content, got none');
      } else if (recBody === '' && live.text !== '') {
        report.mismatches.push('body: expected empty');
      }
      return report;
    }
    let liveBody: unknown;
    try {
      liveBody = JSON.parse(live.text);
    } catch {
      report.mismatches.push(`body: expected JSON, got ${ct === '' ? 'no content type' : ct}`);
      return report;
    }
    report.mismatches.push(...compareShape(recBody, liveBody).map((m) => `body ${m}`));
    this.learnCreated(ex, recBody, liveBody);
    this.learnBodies(recBody, liveBody);
    if (DECK_PATH.test(ex.request.path)) this.learnDeck(recBody, liveBody, deckTableOf(ex.request.path));
    return report;
  }

  private learnHeaders(ex: Exchange, live: LiveResponse): void {
    for (const h of ID_HEADERS) {
      const rv = ex.response.headers[h];
      const lv = live.headers.get(h);
      if (typeof rv === 'string' && lv !== null) this.learn(rv, lv);
    }
  }

  /** Older recordings (talk.json) mark no concurrency: a long-poll answered 200 was answered by the next exchange. */
  private static answeredByNext(ex: Exchange, next: Exchange): boolean {
    if (next.during !== undefined) return false;
    return /[?&]timeout=[1-9]/.test(ex.request.path) && /[?&]lookIntoFuture=1/.test(ex.request.path) && ex.response.status === 200;
  }

  private async sendAndCompare(file: string, index: number, ex: Exchange): Promise<ExchangeReport> {
    const { live, livePath } = await this.send(ex);
    this.learnHeaders(ex, live);
    return this.compare(file, index, ex, live, livePath);
  }

  /**
   * Replays in order (`order`: the exchanges' indices in the order they happened, default file order); an exchange
   * recorded `during` another (a long-poll) is sent `starts_after_ms` after that one started, while it is still
   * waiting, and both are awaited before the replay goes on.
   */
  async replay(recording: Recording, file: string, order?: number[]): Promise<ExchangeReport[]> {
    const reports: ExchangeReport[] = [];
    const list = recording.exchanges;
    const seq = order ?? list.map((_, i) => i);
    for (let p = 0; p < seq.length; p++) {
      const i = seq[p] ?? -1;
      const ex = list[i];
      if (ex === undefined) continue;
      const concurrent: { index: number; ex: Exchange }[] = [];
      for (let q = p + 1; q < seq.length; q++) {
        const j = seq[q] ?? -1;
        const other = list[j];
        if (other?.during !== i) break;
        concurrent.push({ index: j, ex: other });
      }
      const nextIndex = seq[p + 1] ?? -1;
      const next = list[nextIndex];
      if (concurrent.length === 0 && next !== undefined && Replayer.answeredByNext(ex, next)) {
        concurrent.push({ index: nextIndex, ex: { ...next, starts_after_ms: 300 } });
      }
      if (concurrent.length === 0) {
        reports.push(await this.sendAndCompare(file, i, ex));
        continue;
      }
      const started = Date.now();
      const first = this.send(ex);
      const others = concurrent.map(async (c) => {
        const wait = started + (c.ex.starts_after_ms ?? 0) - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        return { ...c, ...(await this.send(c.ex)) };
      });
      const done = await Promise.all(others);
      const main = await first;
      this.learnHeaders(ex, main.live);
      reports.push(this.compare(file, i, ex, main.live, main.livePath));
      for (const d of done) {
        this.learnHeaders(d.ex, d.live);
        reports.push(this.compare(file, d.index, d.ex, d.live, d.livePath));
      }
      p += concurrent.length;
    }
    return reports;
  }
}

export function formatReports(reports: ExchangeReport[]): string {
  return reports
    .filter((r) => r.mismatches.length > 0)
    .map((r) => `${r.file} #${r.index} "${r.name}" ${r.method} ${r.livePath}\n${r.mismatches.map((m) => `    - ${m}`).join('\n')}`)
    .join('\n');
}
