import { Lexer, type Token, type Tokens } from 'marked';
import { Fragment, type ReactNode } from 'react';
import { stripBidiControls } from './bidi';

/**
 * Talk's chat markdown (bold, italic, strike, inline code, code blocks, lists, blockquotes, links) into
 * React elements. marked only tokenises; we render an allow-list of token types ourselves, so no HTML
 * string ever reaches the DOM: HTML in a message is shown as the text it is, everything unknown is text.
 */


const ENTITY = /&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi;
const NAMED: Record<string, string> = { colon: ':', tab: '\t', newline: '\n', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(ENTITY, (whole, body: string) => {
    const lower = body.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16) || 0xfffd);
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10) || 0xfffd);
    return NAMED[lower] ?? whole;
  });
}

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The href to use, or null when the link must be shown as text: only absolute http(s) and mailto URLs,
 * judged after decoding entities and dropping control and space characters (as browsers do), so
 * "jav&#x61;script:" or "java\tscript:" cannot slip through.
 */
export function safeHref(raw: string): string | null {
  const cleaned = decodeEntities(raw)
    .replace(/[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .trim();
  if (cleaned === '') return null;
  let url: URL;
  try {
    url = new URL(cleaned);
  } catch {
    return null; // relative or malformed: not a link
  }
  if (!SAFE_PROTOCOLS.has(url.protocol)) return null;
  return url.href;
}

/** How `{mention-user1}`, `{file}` etc. placeholders are drawn; null keeps the placeholder text. */
export type RenderParameter = (key: string, index: number) => ReactNode;

export interface MarkdownOptions {
  renderParameter?: RenderParameter | undefined;
  /** When false (Talk's `markdown: false`), the text is shown as is (placeholders still resolved). */
  markdown?: boolean | undefined;
}

const MAX_DEPTH = 12;
const PLACEHOLDER = /\{([a-z0-9-]+)\}/gi;

function renderText(text: string, options: MarkdownOptions, keyPrefix: string): ReactNode[] {
  const clean = stripBidiControls(text);
  const out: ReactNode[] = [];
  let last = 0;
  let index = 0;
  for (const match of clean.matchAll(PLACEHOLDER)) {
    const key = match[1] ?? '';
    const rendered = options.renderParameter?.(key, index) ?? null;
    if (rendered === null) continue;
    if (match.index > last) out.push(clean.slice(last, match.index));
    out.push(<Fragment key={`${keyPrefix}-p${index}`}>{rendered}</Fragment>);
    index++;
    last = match.index + match[0].length;
  }
  if (last < clean.length) out.push(clean.slice(last));
  return out;
}

function renderInline(tokens: Token[] | undefined, options: MarkdownOptions, key: string, depth: number): ReactNode[] {
  if (!tokens) return [];
  return tokens.map((token, i) => renderToken(token, options, `${key}.${i}`, depth + 1));
}

function renderToken(token: Token, options: MarkdownOptions, key: string, depth: number): ReactNode {
  if (depth > MAX_DEPTH) return <Fragment key={key}>{renderText(token.raw, options, key)}</Fragment>;
  switch (token.type) {
    case 'paragraph':
      return (
        <p key={key} className="whitespace-pre-wrap [overflow-wrap:anywhere]">
          {renderInline((token as Tokens.Paragraph).tokens, options, key, depth)}
        </p>
      );
    case 'text': {
      const t = token as Tokens.Text;
      if (t.tokens && t.tokens.length > 0) return <Fragment key={key}>{renderInline(t.tokens, options, key, depth)}</Fragment>;
      return <Fragment key={key}>{renderText(t.text, options, key)}</Fragment>;
    }
    case 'escape':
      return <Fragment key={key}>{(token as Tokens.Escape).text}</Fragment>;
    case 'strong':
      return <strong key={key}>{renderInline((token as Tokens.Strong).tokens, options, key, depth)}</strong>;
    case 'em':
      return <em key={key}>{renderInline((token as Tokens.Em).tokens, options, key, depth)}</em>;
    case 'del':
      return <del key={key}>{renderInline((token as Tokens.Del).tokens, options, key, depth)}</del>;
    case 'codespan':
      return (
        <code key={key} className="rounded bg-slate-100 px-1 font-mono text-[0.9em] dark:bg-slate-800">
          {stripBidiControls((token as Tokens.Codespan).text)}
        </code>
      );
    case 'code':
      return (
        <pre key={key} className="my-1 overflow-x-auto rounded-lg bg-slate-100 p-2 font-mono text-sm dark:bg-slate-800">
          <code>{stripBidiControls((token as Tokens.Code).text)}</code>
        </pre>
      );
    case 'br':
      return <br key={key} />;
    case 'blockquote':
      return (
        <blockquote key={key} className="my-1 border-l-4 border-slate-300 pl-3 text-slate-700 dark:border-slate-600 dark:text-slate-300">
          {renderInline((token as Tokens.Blockquote).tokens, options, key, depth)}
        </blockquote>
      );
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item, i) => <li key={`${key}.${i}`}>{renderInline(item.tokens, options, `${key}.${i}`, depth + 1)}</li>);
      return list.ordered ? (
        <ol key={key} className="my-1 list-decimal pl-6" start={typeof list.start === 'number' ? list.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key} className="my-1 list-disc pl-6">
          {items}
        </ul>
      );
    }
    case 'link': {
      const link = token as Tokens.Link;
      const href = safeHref(link.href);
      const children = renderInline(link.tokens, options, key, depth);
      if (href === null) return <Fragment key={key}>{renderText(link.raw, {}, key)}</Fragment>;
      return (
        <a key={key} href={href} target="_blank" rel="noopener noreferrer" className="text-blue-800 underline dark:text-blue-300">
          <bdi>{children}</bdi>
        </a>
      );
    }
    case 'space':
      return null;
    default:
      // html, heading, image, table, hr, def, ...: not Talk markdown here; shown as the text that was typed.
      return (
        <span key={key} className="whitespace-pre-wrap [overflow-wrap:anywhere]">
          {renderText(token.raw, options, key)}
        </span>
      );
  }
}

export function renderChatMarkdown(text: string, options: MarkdownOptions = {}): ReactNode {
  if (options.markdown === false) {
    const plainKey = 'plain';
    return <p className="whitespace-pre-wrap [overflow-wrap:anywhere]">{renderText(text, options, plainKey)}</p>;
  }
  const tokens = Lexer.lex(text, { gfm: true, breaks: true });
  return <>{tokens.map((token, i) => renderToken(token, options, String(i), 0))}</>;
}
