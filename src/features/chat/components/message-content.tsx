import type { ReactNode } from 'react';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import de from '../../../i18n/locales/de.json';
import { i18n } from '../../../i18n/i18n';
import { stripBidiControls } from '../lib/bidi';
import { renderChatMarkdown } from '../lib/markdown';
import { FileCard } from './file-card';
import { PollCard } from './poll-card';

/** The message text with its rich parameters (mentions, files, polls) in place. */
export function MessageContent({ message, me, canModerate }: { message: ChatMessage; me: string; canModerate: boolean }) {
  const params = message.messageParameters;
  const renderParameter = (key: string): ReactNode => {
    const p = params[key];
    if (!p) return null;
    if (p.type === 'user' || p.type === 'call' || p.type === 'guest' || p.type === 'user-group') {
      const self = p.id === me || p.type === 'call';
      return (
        <span className={`rounded px-1 font-medium ${self ? 'bg-amber-100 text-amber-950 dark:bg-amber-900 dark:text-amber-50' : 'bg-slate-200 dark:bg-slate-700'}`}>
          @<bdi>{stripBidiControls(p.name)}</bdi>
        </span>
      );
    }
    if (p.type === 'file') return <FileCard file={p} />;
    if (p.type === 'talk-poll') return <PollCard token={message.token} pollId={Number(p.id)} canClose={canModerate || message.actorId === me} />;
    return <bdi>{stripBidiControls(p.name)}</bdi>;
  };
  return <div dir="auto">{renderChatMarkdown(message.message, { renderParameter, markdown: message.markdown })}</div>;
}

const systemKeys = de.chat.system;
const emptyValues = { actor: '', user: '', group: '', circle: '', poll: '' };
const SYSTEM_PARAMS = ['actor', 'user', 'group', 'circle', 'file', 'object', 'poll', 'federated_user'];

/** A system message in words (de/en); unknown ones fall back to Talk's own text with the names filled in. */
export function systemMessageText(message: ChatMessage): string {
  const values: Record<string, string> = {};
  for (const name of SYSTEM_PARAMS) {
    const p = message.messageParameters[name];
    if (p) values[name] = stripBidiControls(p.name);
  }
  const key = `chat.system.${message.systemMessage as keyof typeof systemKeys}` as const;
  if (message.systemMessage in systemKeys) return i18n.t(key, { ...emptyValues, ...values });
  return stripBidiControls(message.message).replace(/\{([a-z0-9_-]+)\}/gi, (whole, name: string) => {
    const p = message.messageParameters[name];
    return p ? stripBidiControls(p.name) : whole;
  });
}
