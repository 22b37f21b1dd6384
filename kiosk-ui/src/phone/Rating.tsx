import { useState } from 'react';
import type { Language, Ticket } from '@navbat/shared';
import { ApiRequestError } from '@navbat/shared/client';
import { api } from '../api';
import { messages } from '../i18n';

/** 1–5 stars and an optional comment, sent once after the service is done. */
export function Rating({ ticket, language, onRated }: { ticket: Ticket; language: Language; onRated: (t: Ticket) => void }) {
  const t = messages[language];
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (busy || rating === 0) return;
    setBusy(true);
    setError(null);
    try {
      const { ticket: rated } = await api.feedback(ticket.publicId, { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      onRated(rated);
    } catch (e) {
      // Already rated (e.g. from another tab): show the thanks instead of an error.
      if (e instanceof ApiRequestError && e.code === 'FEEDBACK_NOT_ALLOWED') onRated({ ...ticket, rated: true });
      else setError(e instanceof ApiRequestError && e.code === 'NETWORK_ERROR' ? t.errors.NETWORK_ERROR : t.errors.OTHER);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="rating" onSubmit={(e) => void submit(e)} aria-labelledby="rating-title">
      <fieldset>
        <legend id="rating-title">{t.rateTitle}</legend>
        <div className="stars" dir="ltr">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className={`star ${n <= rating ? 'on' : ''}`}>
              <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} className="visually-hidden" />
              <span aria-hidden="true">★</span>
              <span className="visually-hidden">{t.stars(n)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field">
        <span>{t.comment}</span>
        <textarea value={comment} maxLength={1000} rows={3} onChange={(e) => setComment(e.target.value)} />
      </label>
      {error ? (
        <p className="message message-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={rating === 0 || busy} aria-busy={busy}>
        {t.submitRating}
      </button>
    </form>
  );
}
