import { useEffect, useState } from 'react';

/** The window's inner width, following resizes and rotation. */
export function useViewportWidth(): number {
  const [width, setWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const update = () => {
      setWidth(window.innerWidth);
    };
    window.addEventListener('resize', update);
    return () => {
      window.removeEventListener('resize', update);
    };
  }, []);
  return width;
}
