/**
 * Run by signaling-admission.spec.ts in its own Node process (`node --experimental-websocket --import tsx`): a dev
 * server with extra students in class 7a (seed users are per process, so they stay out of the other tests) whose
 * signaling server is the HPB the spec started; then N signaling-only clients, each with its own Talk room session
 * and v2 token, start within a window: websocket, hello v2, room join. Prints one JSON line with the outcome.
 *
 * Env: ADMISSION_DEV_PORT, ADMISSION_SIGNALING_URL, ADMISSION_SECRET, ADMISSION_CLIENTS (30), ADMISSION_WINDOW_MS (1000).
 */
import { startDevServer } from '../../devserver/src/server.js';

type Json = Record<string, unknown>;

const port = Number(process.env['ADMISSION_DEV_PORT']);
const signalingUrl = process.env['ADMISSION_SIGNALING_URL'] ?? '';
const secret = process.env['ADMISSION_SECRET'] ?? '';
const clients = Number(process.env['ADMISSION_CLIENTS'] ?? 30);
const windowMs = Number(process.env['ADMISSION_WINDOW_MS'] ?? 1000);

const server = await startDevServer({ port, quiet: true, extraStudents: clients, signalingServer: { url: signalingUrl, secret } });
const base = server.url;

/** OCS as one browser would: basic auth and its own cookie jar (one PHP session, so one Talk session per client). */
async function ocs(user: string, method: string, path: string, cookies: Map<string, string>, body?: Json): Promise<Json> {
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${user}:klassenraum`).toString('base64')}`,
    'ocs-apirequest': 'true',
    accept: 'application/json',
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookies.size > 0) headers['cookie'] = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${base}/ocs/v2.php/apps/spreed/api/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const json = (await res.json()) as { ocs: { data: Json } };
  if (!res.ok) throw new Error(`${method} ${path} as ${user}: ${String(res.status)}`);
  return json.ocs.data;
}

interface Prepared {
  user: string;
  roomSession: string;
  token: string;
}

interface Outcome {
  user: string;
  startedAt: number;
  helloAt: number | null;
  joinedAt: number | null;
  error: string | null;
  /** Sessions this client learned are in the room (join events, its own included). */
  seen: Set<string>;
  socket: WebSocket | null;
}

let exitCode = 0;
try {
  const room = await ocs('schmidt', 'POST', 'v4/room', new Map(), { roomType: 2, roomName: 'Aufnahmetest', invite: 'klasse-7a', source: 'groups' });
  const roomToken = String(room['token']);
  const users = Array.from({ length: clients }, (_, i) => `s7a-${String(i + 1).padStart(4, '0')}`);
  // Preparation (not timed): each student's Talk room session and signaling settings, as the app fetches them.
  const prepared: Prepared[] = [];
  for (const user of users) {
    const cookies = new Map<string, string>();
    const joined = await ocs(user, 'POST', `v4/room/${roomToken}/participants/active`, cookies, { force: true });
    const settings = await ocs(user, 'GET', `v3/signaling/settings?token=${roomToken}`, cookies);
    const params = settings['helloAuthParams'] as { '2.0': { token: string } };
    prepared.push({ user, roomSession: String(joined['sessionId']), token: params['2.0'].token });
  }
  const backendUrl = `${base}/ocs/v2.php/apps/spreed/api/v3/signaling/backend`;
  const t0 = performance.now() + 50;
  const outcomes: Outcome[] = prepared.map((p) => ({ user: p.user, startedAt: 0, helloAt: null, joinedAt: null, error: null, seen: new Set(), socket: null }));
  const done = Promise.all(
    prepared.map(
      (p, i) =>
        new Promise<void>((resolve) => {
          const o = outcomes[i] as Outcome;
          // Evenly spread over the window: all 30 start within one second.
          setTimeout(
            () => {
              o.startedAt = performance.now();
              const ws = new WebSocket(`${signalingUrl.replace(/^http/, 'ws')}/spreed`);
              o.socket = ws;
              const timer = setTimeout(() => {
                o.error ??= 'no room join within 15 s';
                resolve();
              }, 15_000);
              ws.onopen = () => {
                ws.send(JSON.stringify({ id: 'hello', type: 'hello', hello: { version: '2.0', auth: { url: backendUrl, params: { token: p.token } } } }));
              };
              ws.onerror = () => {
                o.error ??= 'websocket error';
              };
              ws.onmessage = (ev: MessageEvent) => {
                const m = JSON.parse(String(ev.data)) as Json;
                if (m['type'] === 'error') {
                  o.error ??= JSON.stringify(m['error']);
                  clearTimeout(timer);
                  resolve();
                } else if (m['type'] === 'hello' && m['id'] === 'hello') {
                  o.helloAt = performance.now();
                  ws.send(JSON.stringify({ id: 'room', type: 'room', room: { roomid: roomToken, sessionid: p.roomSession } }));
                } else if (m['type'] === 'room' && m['id'] === 'room') {
                  const r = (m['room'] ?? {}) as Json;
                  if (r['roomid'] === roomToken) o.joinedAt = performance.now();
                  else o.error ??= `joined ${String(r['roomid'])}`;
                  clearTimeout(timer);
                  resolve();
                } else if (m['type'] === 'event') {
                  const e = (m['event'] ?? {}) as Json;
                  if (e['target'] === 'room' && e['type'] === 'join') for (const j of (e['join'] ?? []) as Json[]) o.seen.add(String(j['sessionid']));
                }
              };
            },
            Math.max(0, t0 + (i * windowMs) / clients - performance.now()),
          );
        }),
    ),
  );
  await done;
  // Everyone admitted should learn about everyone else (the room's join events).
  const until = performance.now() + 5000;
  while (performance.now() < until && outcomes.some((o) => o.joinedAt !== null && o.seen.size < clients)) await new Promise((r) => setTimeout(r, 100));
  const joined = outcomes.filter((o) => o.joinedAt !== null);
  const rel = (v: number) => Math.round(v);
  const joinMs = joined.map((o) => rel((o.joinedAt ?? 0) - o.startedAt)).sort((a, b) => a - b);
  const helloMs = outcomes.filter((o) => o.helloAt !== null).map((o) => rel((o.helloAt ?? 0) - o.startedAt)).sort((a, b) => a - b);
  const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? -1;
  const result = {
    clients,
    windowMs,
    startSpreadMs: rel(Math.max(...outcomes.map((o) => o.startedAt)) - Math.min(...outcomes.map((o) => o.startedAt))),
    admitted: joined.length,
    errors: outcomes.filter((o) => o.error !== null).map((o) => `${o.user}: ${String(o.error)}`),
    helloMs: { p50: pct(helloMs, 50), p95: pct(helloMs, 95), max: pct(helloMs, 100) },
    joinMs: { p50: pct(joinMs, 50), p95: pct(joinMs, 95), max: pct(joinMs, 100) },
    allJoinedAfterMs: rel(Math.max(...joined.map((o) => o.joinedAt ?? 0)) - Math.min(...outcomes.map((o) => o.startedAt))),
    seeEveryone: joined.filter((o) => o.seen.size >= clients).length,
  };
  for (const o of outcomes) {
    if (o.socket?.readyState === WebSocket.OPEN) o.socket.send(JSON.stringify({ type: 'bye', bye: {} }));
    o.socket?.close();
  }
  console.log(`ADMISSION ${JSON.stringify(result)}`);
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await server.close();
}
process.exit(exitCode);
