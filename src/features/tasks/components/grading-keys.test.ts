import { describe, expect, it } from 'vitest';
import { stepOf } from './grading-view';
import { previewKindOf } from './hand-in-file';

const key = (over: Partial<Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'key' | 'target'>>) => ({
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  key: '',
  target: document.body,
  ...over,
});

describe('grading keys', () => {
  it('Alt+→ / Alt+← step through the students; other keys and text fields are left alone', () => {
    expect(stepOf(key({ altKey: true, key: 'ArrowRight' }))).toBe(1);
    expect(stepOf(key({ altKey: true, key: 'ArrowLeft' }))).toBe(-1);
    expect(stepOf(key({ key: 'ArrowRight' }))).toBeNull();
    expect(stepOf(key({ altKey: true, shiftKey: true, key: 'ArrowRight' }))).toBeNull();
    expect(stepOf(key({ altKey: true, key: 'ArrowRight', target: document.createElement('textarea') }))).toBeNull();
  });
});

describe('previewKindOf', () => {
  it('shows images, PDF and text inline, SVG and large files only as a download', () => {
    const file = (name: string, contentType: string | null, size = 10) => ({ name, contentType, size });
    expect(previewKindOf(file('a.png', 'image/png'))).toBe('image');
    expect(previewKindOf(file('a.pdf', 'application/pdf'))).toBe('pdf');
    expect(previewKindOf(file('Antwort.md', 'text/markdown'))).toBe('text');
    expect(previewKindOf(file('notiz.md', 'application/octet-stream'))).toBe('text');
    expect(previewKindOf(file('bild.svg', 'image/svg+xml'))).toBeNull();
    expect(previewKindOf(file('a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'))).toBeNull();
    expect(previewKindOf(file('gross.png', 'image/png', 50 * 1024 * 1024))).toBeNull();
  });
});
