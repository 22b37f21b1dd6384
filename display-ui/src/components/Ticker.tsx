/** Arabic-script runs (Urdu), with the spaces, digits and punctuation between their words. */
const urduRun = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+(?:[\s\d\u060c\u061f\u06d4.,:;!?()-]+[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+)*/g;

/** The message cut into English and Urdu runs, each isolated in its own direction and font. */
export function scriptRuns(message: string): { text: string; ur: boolean }[] {
  const runs: { text: string; ur: boolean }[] = [];
  let at = 0;
  for (const m of message.matchAll(urduRun)) {
    if (m.index > at) runs.push({ text: message.slice(at, m.index), ur: false });
    runs.push({ text: m[0], ur: true });
    at = m.index + m[0].length;
  }
  if (at < message.length) runs.push({ text: message.slice(at), ur: false });
  return runs;
}

/**
 * The supervisor's message, scrolling in its reading direction (that of its first letter). English and
 * Urdu in one message are each laid out in their own direction (bidi isolation), Urdu in Nastaliq.
 */
export function Ticker({ message }: { message: string | null }) {
  if (!message) return null;
  const runs = scriptRuns(message);
  const rtl = runs.find((r) => r.text.trim())?.ur ?? false;
  return (
    <footer className="ticker" data-testid="ticker" data-layout-marquee>
      <div className="ticker-track" dir={rtl ? 'rtl' : 'ltr'}>
        {runs.map((r, i) =>
          r.ur ? (
            <bdi key={i} className="ur" lang="ur" dir="rtl">
              {r.text}
            </bdi>
          ) : (
            <bdi key={i} lang="en" dir="ltr">
              {r.text}
            </bdi>
          ),
        )}
      </div>
    </footer>
  );
}
