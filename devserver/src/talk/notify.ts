/** Talk's chat notifications (mention, reply, one-to-one message), in German and English as Talk's notifier renders them. */
import type { App } from '../context.js';
import { addNotification } from '../core/notifications.js';
import type { NotificationTexts } from '../core/model.js';
import { nowS, ROOM_ONE_TO_ONE, roomMessages, sessionsOf, userAttendee } from './core.js';
import { displayNameOf } from './membership.js';
import { callTypeOf, type Actor } from './messages.js';
import type { RichParam, TalkMessage, TalkRoom } from './types.js';

type Reason = 'mention' | 'reply' | 'chat';

/** Subjects as Talk 22 words them (mention: recorded in talk-live.json in both languages). */
const SUBJECTS: Record<Reason, { de: string; en: string }> = {
  mention: { de: '{user} hat dich in einer Unterhaltung erwähnt: {call}', en: '{user} mentioned you in conversation {call}' },
  reply: { de: '{user} hat auf deine Nachricht in der Unterhaltung {call} geantwortet', en: '{user} replied to your message in conversation {call}' },
  chat: { de: '{user} hat dir eine private Nachricht gesendet', en: '{user} sent you a private message' },
};
const VIEW_CHAT = { de: 'Chat anzeigen', en: 'View chat' };

function texts(reason: Reason, lang: 'de' | 'en', sender: string, room: string): NotificationTexts {
  const subjectRich = SUBJECTS[reason][lang];
  return { subject: subjectRich.replace('{user}', sender).replace('{call}', room), subjectRich, actionLabels: [VIEW_CHAT[lang]] };
}

function targetsOf(app: App, room: TalkRoom, msg: TalkMessage, members: Set<string>): Map<string, Reason> {
  const targets = new Map<string, Reason>();
  for (const u of msg.mentions.users) targets.set(u, 'mention');
  for (const u of msg.mentions.indirect) if (!targets.has(u)) targets.set(u, 'mention');
  if (msg.mentions.all) for (const u of members) if (!targets.has(u)) targets.set(u, 'mention');
  if (room.type === ROOM_ONE_TO_ONE) for (const u of members) if (!targets.has(u)) targets.set(u, 'chat');
  if (msg.parentId !== null) {
    const parent = roomMessages(app, room.token).find((m) => m.id === msg.parentId);
    if (parent !== undefined && parent.actorType === 'users' && !targets.has(parent.actorId)) targets.set(parent.actorId, 'reply');
  }
  return targets;
}

/** The `call` rich parameter of Talk's notifications (recorded: the room's numeric id and its avatar). */
function callParam(app: App, room: TalkRoom): RichParam {
  return {
    type: 'call',
    id: String(room.id),
    name: room.name,
    'call-type': callTypeOf(room),
    'icon-url': `${app.publicUrl}/ocs/v2.php/apps/spreed/api/v1/room/${room.token}/avatar?v=${room.avatarVersion}`,
  };
}

/** Not recorded: Talk's wording of the call notifications, in both languages. */
const CALL_SUBJECTS = {
  oneToOne: { de: '{user} möchte mit dir sprechen', en: '{user} wants to talk with you' },
  group: { de: 'Ein Gruppenanruf wurde in {call} gestartet', en: 'A group call has started in {call}' },
};

/** "A call has started" to every user attendee but the one who started it (unless they turned call notifications off). */
export function notifyCall(app: App, room: TalkRoom, starter: string): void {
  const starterParam: RichParam = { type: 'user', id: starter, name: displayNameOf(starter) };
  const oneToOne = room.type === ROOM_ONE_TO_ONE;
  const subjects = oneToOne ? CALL_SUBJECTS.oneToOne : CALL_SUBJECTS.group;
  const localized = (lang: 'de' | 'en'): NotificationTexts => ({
    subjectRich: subjects[lang],
    subject: subjects[lang].replace('{user}', starterParam['name'] ?? starter).replace('{call}', room.name),
  });
  for (const x of room.attendees) {
    if (x.actorType !== 'users' || x.actorId === starter || x.notificationCalls === 0) continue;
    const en = localized('en');
    addNotification(app, {
      user: x.actorId,
      app: 'spreed',
      objectType: 'call',
      objectId: room.token,
      subject: en.subject,
      message: '',
      subjectRich: en.subjectRich,
      subjectRichParameters: oneToOne ? { user: starterParam } : { call: callParam(app, room) },
      messageRich: '',
      messageRichParameters: {},
      link: `${app.publicUrl}/index.php/call/${room.token}`,
      icon: `${app.publicUrl}/apps/spreed/img/app-dark.svg`,
      texts: { de: localized('de'), en },
    });
  }
}

/** Talk's Session::SESSION_TIMEOUT: a session pinged within it is a user who is in the conversation now. */
const SESSION_TIMEOUT_S = 30;

/**
 * Notifications for mentions, replies and one-to-one messages, as the notifications app lists them. As Talk's
 * Chat\Notifier: a one-to-one message ("chat") notifies the partner unless she is active in the conversation
 * (a session pinged within the timeout) or turned its notifications off; mentions and replies notify even then.
 */
export function notifyMentions(app: App, room: TalkRoom, msg: TalkMessage, sender: Actor): void {
  if (msg.silent) return;
  const members = new Set(room.attendees.filter((a) => a.actorType === 'users').map((a) => a.actorId));
  for (const [uid, reason] of targetsOf(app, room, msg, members)) {
    if (uid === sender.id || !members.has(uid)) continue;
    const attendee = userAttendee(room, uid);
    if (attendee !== undefined && attendee.notificationLevel === 3) continue;
    if (reason === 'chat' && attendee !== undefined && sessionsOf(app, room, attendee.id).some((x) => x.lastPing >= nowS(app) - SESSION_TIMEOUT_S)) continue;
    const call = callParam(app, room);
    // The notifier's user parameter carries no mention-id (recorded).
    const user: RichParam = sender.type === 'users' ? { type: 'user', id: sender.id, name: sender.displayName } : { type: 'guest', id: sender.id, name: sender.displayName };
    const placeholderText = msg.message.replace(/\{(mention-[a-z]+\d+)\}/g, (_m, k: string) => `@${msg.parameters[k]?.['name'] ?? k}`);
    const link = `${app.publicUrl}/index.php/call/${room.token}#message_${String(msg.id)}`;
    const en = texts(reason, 'en', sender.displayName, room.name);
    addNotification(app, {
      user: uid,
      app: 'spreed',
      objectType: 'chat',
      objectId: `${room.token}/${String(msg.id)}`,
      subject: en.subject,
      message: placeholderText,
      subjectRich: en.subjectRich,
      subjectRichParameters: { user, call },
      messageRich: msg.message,
      messageRichParameters: msg.parameters,
      link,
      icon: `${app.publicUrl}/apps/spreed/img/app-dark.svg`,
      texts: { de: texts(reason, 'de', sender.displayName, room.name), en },
      actions: [{ link, type: 'WEB', primary: false }],
    });
  }
}
