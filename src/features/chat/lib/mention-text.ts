/**
 * Mentions in the composer: the textarea shows "@Jonas Weber", Talk needs "@s7a2" (or `@"id"` for ids with spaces
 * or slashes, e.g. `@"group/klasse-7a"`, `@"guest/…"`; docs/talk/chat.md, "Get mention autocomplete suggestions").
 * The composer remembers each suggestion the user picked; on sending, every "@name" of a picked suggestion that is
 * still in the text becomes that suggestion's id. A name the user typed without picking stays text.
 */

export interface PickedMention {
  /** What the textarea shows after the "@" (the suggestion's label). */
  shown: string;
  /** What Talk receives, "@" included. */
  wire: string;
}

/** Talk's mention for an id: `@id`, quoted when it holds a space or a slash. */
export function wireMention(id: string): string {
  return /[\s/]/.test(id) ? `@"${id}"` : `@${id}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The text as Talk must receive it. A picked "@name" counts where the user could have typed it (after a space or at
 * the start) and only as a whole name ("@Jonas Weberling" is not Jonas Weber). Two picks with the same name (two
 * students called alike) are used in the order they were picked.
 */
export function toWireText(text: string, picked: readonly PickedMention[]): string {
  const byName = new Map<string, string[]>();
  for (const p of picked) if (p.shown !== '') byName.set(p.shown, [...(byName.get(p.shown) ?? []), p.wire]);
  if (byName.size === 0) return text;
  // Longest first: "@Jonas Weber" wins over a picked "@Jonas".
  const names = [...byName.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(^|\\s)@(${names.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
  const used = new Map<string, number>();
  return text.replace(pattern, (_whole, before: string, name: string) => {
    const wires = byName.get(name) ?? [];
    const n = used.get(name) ?? 0;
    used.set(name, n + 1);
    return `${before}${wires[Math.min(n, wires.length - 1)] ?? `@${name}`}`;
  });
}

interface MentionParameter {
  type: string;
  id: string;
  name: string;
  'mention-id'?: string | undefined;
}

/** How Talk names a mention parameter in a message it receives (`mention-id`, else from type and id). */
function mentionIdOf(p: MentionParameter): string | null {
  if (p['mention-id'] !== undefined && p['mention-id'] !== '') return p['mention-id'];
  if (p.type === 'user' || p.type === 'guest') return p.id;
  if (p.type === 'call') return 'all';
  if (p.type === 'user-group') return `group/${p.id}`;
  return null;
}

/**
 * A message as Talk sent it ("Hallo {mention-user1}") as the user edits it ("Hallo @Jonas Weber"), with the mentions
 * it holds as picked, so that saving the edit sends them as id mentions again.
 */
export function fromTalkText(message: string, parameters: Readonly<Record<string, MentionParameter>>): { text: string; picked: PickedMention[] } {
  const picked: PickedMention[] = [];
  const text = message.replace(/\{(mention-[a-z0-9-]+)\}/gi, (whole, key: string) => {
    const p = parameters[key];
    const id = p ? mentionIdOf(p) : null;
    if (!p || id === null) return whole;
    picked.push({ shown: p.name, wire: wireMention(id) });
    return `@${p.name}`;
  });
  return { text, picked };
}
