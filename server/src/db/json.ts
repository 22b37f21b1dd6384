/** Parses a JSON text column; null stays null. */
export function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export const toJson = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

export const bool = (v: number | boolean): boolean => v === 1 || v === true;
export const bit = (v: boolean | undefined, fallback = true): number => ((v ?? fallback) ? 1 : 0);
