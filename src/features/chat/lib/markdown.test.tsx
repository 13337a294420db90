import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderChatMarkdown, safeHref } from './markdown';
import { hostileMessages } from './hostile-corpus';

function html(text: string, renderParameter?: (key: string) => string | null) {
  const { container } = render(<div>{renderChatMarkdown(text, { renderParameter })}</div>);
  return container;
}

describe('renderChatMarkdown: what Talk supports', () => {
  it('renders bold, italic, strike and inline code', () => {
    const c = html('**fett** _kursiv_ ~~weg~~ `x = 1`');
    expect(c.querySelector('strong')?.textContent).toBe('fett');
    expect(c.querySelector('em')?.textContent).toBe('kursiv');
    expect(c.querySelector('del')?.textContent).toBe('weg');
    expect(c.querySelector('code')?.textContent).toBe('x = 1');
  });

  it('renders code blocks, lists and blockquotes', () => {
    const c = html('```\nlet a = 1;\n```\n\n- eins\n- zwei\n\n1. erst\n2. dann\n\n> zitiert');
    expect(c.querySelector('pre code')?.textContent).toBe('let a = 1;');
    expect([...c.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['eins', 'zwei']);
    expect(c.querySelectorAll('ol li')).toHaveLength(2);
    expect(c.querySelector('blockquote')?.textContent).toBe('zitiert');
  });

  it('opens http(s) links in a new tab without opener or referrer', () => {
    const c = html('[Wiki](https://de.wikipedia.org/wiki/Bruch) und https://example.org');
    const links = [...c.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://de.wikipedia.org/wiki/Bruch', 'https://example.org/']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('keeps mailto links', () => {
    expect(html('[Mail](mailto:schmidt@schule.example)').querySelector('a')?.getAttribute('href')).toBe('mailto:schmidt@schule.example');
  });

  it('replaces placeholders with the rendered parameter and keeps unknown ones as text', () => {
    const c = html('Hallo {mention-user1}, siehe {nope}', (key) => (key === 'mention-user1' ? '@Lena Becker' : null));
    expect(c.textContent).toBe('Hallo @Lena Becker, siehe {nope}');
  });

  it('shows plain text as is when Talk says markdown is off', () => {
    const { container } = render(<div>{renderChatMarkdown('**nicht fett**', { markdown: false })}</div>);
    expect(container.querySelector('strong')).toBeNull();
    expect(container.textContent).toBe('**nicht fett**');
  });
});

describe('safeHref', () => {
  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'jav&#x61;script:alert(1)',
    'jav&#97;script:alert(1)',
    'javascript&colon;alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '/relative/path',
    '//evil.example/x',
  ])('refuses %s', (href) => {
    expect(safeHref(href)).toBeNull();
  });

  it('accepts http, https and mailto', () => {
    expect(safeHref('http://a.example/x?y=1')).toBe('http://a.example/x?y=1');
    expect(safeHref('https://a.example')).toBe('https://a.example/');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
  });
});

describe('the hostile corpus renders inert', () => {
  it.each(hostileMessages.map((m) => [m.slice(0, 40), m]))('%s', (_label, message) => {
    const c = html(message);
    expect(c.querySelectorAll('script, iframe, object, embed, svg, img, style, form, input, button, meta, link')).toHaveLength(0);
    for (const el of c.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        expect(attr.name.startsWith('on')).toBe(false);
        if (attr.name === 'href') expect(attr.value).toMatch(/^(https?:|mailto:)/);
      }
    }
    expect(c.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('shows an HTML tag as the text that was typed', () => {
    expect(html('<b>nicht fett</b>').textContent).toBe('<b>nicht fett</b>');
  });

  it('renders a 32 KB message', () => {
    const big = 'Lorem ipsum **dolor** sit amet. '.repeat(1000).slice(0, 32_000);
    expect(html(big).textContent.length).toBeGreaterThan(25_000);
  });
});
