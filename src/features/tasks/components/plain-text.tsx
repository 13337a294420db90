/** Teacher-written instructions as plain text: no HTML is interpreted, line breaks are kept. */
export function PlainText({ text, className = '' }: { text: string; className?: string }) {
  if (text.trim() === '') return null;
  return <p className={`whitespace-pre-wrap break-words ${className}`.trim()}>{text}</p>;
}
