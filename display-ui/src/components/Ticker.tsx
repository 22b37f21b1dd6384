/** The supervisor's message, scrolling when it is longer than the screen is wide. */
export function Ticker({ message }: { message: string | null }) {
  if (!message) return null;
  const rtl = /[\u0600-\u06ff]/.test(message);
  return (
    <footer className="ticker" data-testid="ticker">
      <div className="ticker-track" lang={rtl ? 'ur' : 'en'} dir={rtl ? 'rtl' : 'ltr'}>
        <span className={rtl ? 'ticker-text ur' : 'ticker-text'}>{message}</span>
      </div>
    </footer>
  );
}
