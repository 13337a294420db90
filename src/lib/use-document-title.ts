import { useEffect } from 'react';

/** Sets document.title while the calling page is shown (WCAG 2.4.2: pages have titles). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    const previous = document.title;
    document.title = title;
    return () => {
      document.title = previous;
    };
  }, [title]);
}
