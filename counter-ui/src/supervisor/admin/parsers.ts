import { priorityCategorySchema, type CounterSkill, type OpeningHours, type PriorityCategory } from '@navbat/shared';

/**
 * "1-5 09:00-17:00; 6 09:00-13:00" → opening hours (0 = Sunday). Empty text is always open (null);
 * text that does not read as hours is undefined, so the form can say so.
 */
export function parseHours(text: string): OpeningHours | undefined {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const out: NonNullable<OpeningHours> = [];
  for (const part of trimmed.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([0-6](?:-[0-6])?(?:,[0-6](?:-[0-6])?)*)\s+(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(part);
    if (!m) return undefined;
    const days = new Set<number>();
    for (const r of m[1]!.split(',')) {
      const [a, b] = r.split('-').map(Number) as [number, number | undefined];
      for (let d = a; d <= (b ?? a); d++) days.add(d);
    }
    out.push({ days: [...days].sort(), open: m[2]!, close: m[3]! });
  }
  return out;
}

/** Opening hours as the text `parseHours` reads back ("" for always open). */
export function formatHours(hours: OpeningHours): string {
  return (hours ?? []).map((h) => `${h.days.join(',')} ${h.open}-${h.close}`).join('; ');
}

/** "code | English | Urdu", one a line → priority categories; undefined when a line does not read so. */
export function parseCategories(text: string): PriorityCategory[] | undefined {
  const out: PriorityCategory[] = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [code, en, ur] = line.split('|').map((x) => x.trim());
    if (!code || !en || !ur || !priorityCategorySchema.shape.code.safeParse(code).success) return undefined;
    out.push({ code, name: { en, ur } });
  }
  return out;
}

/** Priority categories as the text `parseCategories` reads back. */
export function formatCategories(categories: PriorityCategory[]): string {
  return categories.map((c) => `${c.code} | ${c.name.en} | ${c.name.ur}`).join('\n');
}

/** A counter's services as the weight inputs show them: service id → weight text. */
export function weightsOf(skills: CounterSkill[]): Record<number, string> {
  return Object.fromEntries(skills.map((s) => [s.serviceId, String(s.weight)]));
}

/** The weight inputs → the counter's services; a weight of 0 (or empty) means the counter does not serve it. */
export function skillsFromWeights(weights: Record<number, string>): CounterSkill[] {
  return Object.entries(weights)
    .filter(([, w]) => Number(w) > 0)
    .map(([id, w]) => ({ serviceId: Number(id), weight: Number(w) }));
}
