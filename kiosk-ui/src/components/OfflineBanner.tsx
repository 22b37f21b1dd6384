/** Shown while the server cannot be reached; screen readers hear it once when it appears. */
export function OfflineBanner({ text }: { text: string }) {
  return (
    <div className="offline-banner" role="alert" data-testid="offline-banner">
      <svg aria-hidden="true" viewBox="0 0 24 24" width="40" height="40">
        <path fill="currentColor" d="M12 2 1 21h22L12 2Zm0 6 1 7h-2l1-7Zm-1 9h2v2h-2v-2Z" />
      </svg>
      <span>{text}</span>
    </div>
  );
}
