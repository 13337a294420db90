import { useEffect, useRef, useState, type RefObject } from 'react';

/** Drag & drop onto `target` as a pointer shortcut for the upload button (which keyboard users use). */
export function useFileDrop(target: RefObject<HTMLElement | null>, enabled: boolean, onDrop: (files: File[]) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const onDropRef = useRef(onDrop);
  useEffect(() => {
    onDropRef.current = onDrop;
  });
  useEffect(() => {
    const section = target.current;
    if (section === null || !enabled) return;
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.target === section) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      event.preventDefault();
      setDragging(false);
      onDropRef.current(Array.from(event.dataTransfer?.files ?? []));
    };
    section.addEventListener('dragover', over);
    section.addEventListener('dragleave', leave);
    section.addEventListener('drop', drop);
    return () => {
      section.removeEventListener('dragover', over);
      section.removeEventListener('dragleave', leave);
      section.removeEventListener('drop', drop);
    };
  }, [target, enabled]);
  return dragging;
}
