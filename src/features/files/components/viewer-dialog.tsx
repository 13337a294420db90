import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { Button, buttonClasses } from '../../../components/ui/button';
import type { FileEntry } from '../../../api/dav/multistatus';
import { useT } from '../../../i18n/i18n';
import { Modal } from './modal';

export type ViewerKind = 'image' | 'pdf' | 'text';

/** Which files open inline (from a blob URL, never from the DAV URL); everything else is downloaded. */
export function viewerKindOf(entry: FileEntry): ViewerKind | null {
  const type = entry.contentType ?? '';
  if (type.startsWith('image/')) return 'image';
  if (type === 'application/pdf') return 'pdf';
  if (type === 'text/plain' || type === 'text/markdown' || type === 'text/csv' || type === 'application/json') return 'text';
  return null;
}

/** Saves a blob under its name through a temporary object URL. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

/** A blob URL for the inline viewer; a PDF blob must say it is a PDF for the browser's viewer to take it. */
export function viewerUrlFor(entry: FileEntry, blob: Blob): string {
  const typed = blob.type === '' && entry.contentType ? new Blob([blob], { type: entry.contentType }) : blob;
  return URL.createObjectURL(typed);
}

/**
 * Keys pressed inside the browser's PDF viewer never reach the page, so Escape would not close the dialog
 * once the PDF had the focus: when the focus goes into the frame (the dialog opening, a click into the PDF),
 * it comes back to the close button at once. Scrolling and zooming with the mouse still work; the frame is
 * not in the tab order. A layout effect, so it runs right after the dialog opened (which gives its first
 * focusable element, the frame, the focus).
 */
function useKeepFocusOutOf(frame: RefObject<HTMLIFrameElement | null>, target: RefObject<HTMLButtonElement | null>, active: boolean): void {
  useLayoutEffect(() => {
    if (!active) return;
    const pullBack = () => {
      if (frame.current === null || document.activeElement !== frame.current) return;
      // The viewer's frame lives in another process and takes the focus in steps: take it back once those
      // are done (the next task), or the browser still routes the keys into the frame.
      setTimeout(() => {
        const current = frame.current;
        if (current !== null && document.activeElement === current) current.blur();
        target.current?.focus();
      }, 0);
    };
    pullBack();
    const onFrameFocus = () => { pullBack(); };
    const element = frame.current;
    // A click into the PDF moves the focus into the frame: the frame gets "focus", the page's window "blur".
    element?.addEventListener('focus', onFrameFocus);
    window.addEventListener('blur', onFrameFocus);
    return () => {
      element?.removeEventListener('focus', onFrameFocus);
      window.removeEventListener('blur', onFrameFocus);
    };
  }, [frame, target, active]);
}

/** Shows an image, PDF or text from a blob URL the opener created (and revokes); other files to download. */
export function ViewerDialog({ entry, blob, url, onClose }: { entry: FileEntry; blob: Blob; url: string; onClose: () => void }) {
  const t = useT();
  const kind = viewerKindOf(entry);
  const [text, setText] = useState<string | null>(null);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useKeepFocusOutOf(frameRef, closeRef, kind === 'pdf');
  useEffect(() => {
    if (kind !== 'text') return;
    let live = true;
    void blob.text().then((value) => {
      if (live) setText(value);
    });
    return () => {
      live = false;
    };
  }, [blob, kind]);
  return (
    <Modal title={entry.name} onClose={onClose} wide>
      <div className="max-h-[70vh] overflow-auto">
        {kind === 'image' && <img src={url} alt={entry.name} className="mx-auto max-h-[68vh] max-w-full object-contain" />}
        {kind === 'pdf' && <iframe ref={frameRef} src={url} title={entry.name} tabIndex={-1} className="h-[68vh] w-full rounded border-0" />}
        {kind === 'text' && text !== null && (
          // A long text must be scrollable by keyboard.
          // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
          <pre tabIndex={0} className="rounded bg-slate-100 p-3 text-sm whitespace-pre-wrap dark:bg-slate-800">
            {text}
          </pre>
        )}
        {kind === null && <p>{t('files.viewer.noPreview')}</p>}
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => { downloadBlob(blob, entry.name); }}>
          {t('files.actions.download')}
        </Button>
        <button ref={closeRef} type="button" className={buttonClasses('primary')} onClick={onClose}>
          {t('files.viewer.close')}
        </button>
      </div>
    </Modal>
  );
}
