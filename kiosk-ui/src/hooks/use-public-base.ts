import { useEffect, useState } from 'react';
import { publicBase } from '../api';

/** PUBLIC_URL (or this page's origin) once known; null while it is asked. */
export function usePublicBase(): string | null {
  const [base, setBase] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void publicBase().then((b) => live && setBase(b));
    return () => {
      live = false;
    };
  }, []);
  return base;
}
