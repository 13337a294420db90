import { DEMO_PASSWORD } from '../fixtures/school.js';

/** Talk as a test sets it up: straight at the dev server with Basic auth, like another Nextcloud client. */

interface OcsEnvelope<T> {
  ocs: { data: T };
}

async function ocs<T>(baseUrl: string, user: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/ocs/v2.php${path}`, {
    method,
    headers: {
      'OCS-APIRequest': 'true',
      Accept: 'application/json',
      Authorization: `Basic ${Buffer.from(`${user}:${DEMO_PASSWORD}`).toString('base64')}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${String(response.status)}`);
  return ((await response.json()) as OcsEnvelope<T>).ocs.data;
}

/** A group conversation of the teacher with the whole class group in it; returns its token. */
export async function createClassConversation(baseUrl: string, name: string, teacher = 'schmidt', group = 'klasse-7a'): Promise<string> {
  const room = await ocs<{ token: string }>(baseUrl, teacher, 'POST', '/apps/spreed/api/v4/room', { roomType: 2, roomName: name });
  await ocs(baseUrl, teacher, 'POST', `/apps/spreed/api/v4/room/${room.token}/participants`, { newParticipant: group, source: 'groups' });
  return room.token;
}

export async function postMessage(baseUrl: string, user: string, token: string, message: string): Promise<void> {
  await ocs(baseUrl, user, 'POST', `/apps/spreed/api/v1/chat/${token}`, { message });
}

/** Edits the comment whose text is `from` (Talk lets a moderator edit anybody's comment; the author stays). */
export async function editMessage(baseUrl: string, user: string, token: string, from: string, to: string): Promise<void> {
  const messages = await ocs<{ id: number; message: string }[]>(baseUrl, user, 'GET', `/apps/spreed/api/v1/chat/${token}?lookIntoFuture=0&limit=200&setReadMarker=0`);
  const target = messages.find((m) => m.message === from);
  if (!target) throw new Error(`no message '${from}' in ${token}`);
  await ocs(baseUrl, user, 'PUT', `/apps/spreed/api/v1/chat/${token}/${String(target.id)}`, { message: to });
}

/** Every comment's text in the conversation, oldest first. */
export async function commentsOf(baseUrl: string, user: string, token: string): Promise<string[]> {
  const messages = await ocs<{ id: number; message: string; messageType: string }[]>(
    baseUrl,
    user,
    'GET',
    `/apps/spreed/api/v1/chat/${token}?lookIntoFuture=0&limit=200&setReadMarker=0`,
  );
  return messages
    .filter((m) => m.messageType === 'comment')
    .sort((a, b) => a.id - b.id)
    .map((m) => m.message);
}

/** The token of the user's conversation called `name` (e.g. the class chat 'Klasse 7a'). */
export async function conversationToken(baseUrl: string, user: string, name: string): Promise<string> {
  const rooms = await ocs<{ token: string; displayName: string }[]>(baseUrl, user, 'GET', '/apps/spreed/api/v4/room');
  const room = rooms.find((r) => r.displayName === name);
  if (!room) throw new Error(`${user} has no conversation '${name}' (has: ${rooms.map((r) => r.displayName).join(', ')})`);
  return room.token;
}

/** A poll of `user` in the conversation (public results, one vote each); returns its id. */
export async function createPoll(baseUrl: string, user: string, token: string, question: string, options: string[]): Promise<number> {
  const poll = await ocs<{ id: number }>(baseUrl, user, 'POST', `/apps/spreed/api/v1/poll/${token}`, { question, options, resultMode: 0, maxVotes: 1 });
  return poll.id;
}

/** The newest comment as Talk gives it out: text with placeholders and the rich parameters (mentions, files). */
export async function newestComment(baseUrl: string, user: string, token: string): Promise<{ message: string; messageParameters: Record<string, { type: string; id: string; name: string }> }> {
  const messages = await ocs<{ id: number; message: string; messageType: string; messageParameters: Record<string, { type: string; id: string; name: string }> | [] }[]>(
    baseUrl,
    user,
    'GET',
    `/apps/spreed/api/v1/chat/${token}?lookIntoFuture=0&limit=200&setReadMarker=0`,
  );
  const newest = messages.filter((m) => m.messageType === 'comment').sort((a, b) => b.id - a.id)[0];
  if (!newest) throw new Error(`no comment in ${token}`);
  return { message: newest.message, messageParameters: Array.isArray(newest.messageParameters) ? {} : newest.messageParameters };
}
