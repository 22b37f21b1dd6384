import { useCallback, useEffect, useId, useRef, useState } from 'react';
import {
  messageKindSchema,
  messagePlaceholders,
  renderTemplate,
  unknownPlaceholders,
  type Center,
  type Counter,
  type Language,
  type MessageKind,
  type MessageTemplate,
  type Service,
} from '@navbat/shared';
import { ApiRequestError, errorCode, errorText, t, useLanguage } from '../../lib';
import { templatesApi } from './templates-api';
import './templates-messages';
import './templates.css';

/** The longest text a template may have (the server's `updateMessageTemplateBodySchema`). */
const maxLength = 480;
const languages: Language[] = ['en', 'ur'];

type Samples = Record<Language, Record<string, string>>;

/** What the preview fills the placeholders with: this centre's own names, a 4-digit code, a slot at 10:30. */
function samplesOf(center: Center | null, services: Service[], counters: Counter[]): Samples {
  const service = services[0];
  const counter = counters[0]?.name ?? '12';
  const link = `${window.location.origin}/t/Xk7Pq2Rm`;
  const of = (language: Language) => ({
    code: `${service?.prefix ?? 'A'}1234`,
    service: service?.name[language] ?? '',
    center: center?.name[language] ?? '',
    date: '2026-12-15',
    time: '10:30',
    ahead: '3',
    counter,
    link,
  });
  return { en: of('en'), ur: of('ur') };
}

/** One template in one language: its text, the placeholders to insert, a live preview, save and reset. */
function TemplateEditor({ template, sample, onChanged }: { template: MessageTemplate; sample: Record<string, string>; onChanged: (next: MessageTemplate) => void }) {
  const { language: screenLanguage } = useLanguage();
  const [text, setText] = useState(template.text);
  const [busy, setBusy] = useState(false);
  // Kept as a key and its values, so the message follows the screen's language.
  const [message, setMessage] = useState<{ ok: boolean; key: string; vars?: Record<string, string>; detail?: string | undefined } | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  useEffect(() => setText(template.text), [template.text]);
  const { kind, language } = template;
  const languageName = t(`tpl.lang.${language}`);
  const unknown = unknownPlaceholders(kind, text);
  const allowed = messagePlaceholders[kind].map((p) => `{${p}}`).join(' ');

  function insert(placeholder: string) {
    const el = area.current;
    const token = `{${placeholder}}`;
    const at = el ? el.selectionStart : text.length;
    const end = el ? el.selectionEnd : text.length;
    const next = `${text.slice(0, at)}${token}${text.slice(end)}`.slice(0, maxLength);
    setText(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  }

  async function run(fn: () => Promise<MessageTemplate>, done: string) {
    setBusy(true);
    setMessage(null);
    try {
      onChanged(await fn());
      setMessage({ ok: true, key: done });
    } catch (e) {
      const code = errorCode(e);
      // The server's words say exactly what it refused; the sentence before them is in the screen's language.
      setMessage(code === 'VALIDATION_ERROR' ? { ok: false, key: 'tpl.refused', vars: { allowed }, detail: e instanceof ApiRequestError ? e.message : undefined } : { ok: false, key: `err.${code}` });
    } finally {
      setBusy(false);
    }
  }

  const changed = text !== template.text;
  const when = template.updatedAt ? new Date(template.updatedAt).toLocaleString(screenLanguage === 'ur' ? 'ur-PK' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }) : null;
  return (
    <form
      className="tpl-editor"
      data-kind={kind}
      data-language={language}
      aria-label={`${t(`tpl.kind.${kind}`)} — ${languageName}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() === '') return setMessage({ ok: false, key: 'tpl.empty' });
        void run(() => templatesApi.update(kind, language, { text }), 'tpl.saved');
      }}
    >
      <div className="tpl-head">
        <label htmlFor={`${id}-text`} className="tpl-label">
          {t('tpl.text', { language: languageName })}
        </label>
        <span className={`badge ${template.isDefault ? '' : 'badge-ok'}`}>{template.isDefault ? t('tpl.builtIn') : t('tpl.changed', { time: when ?? '' })}</span>
      </div>
      <textarea
        id={`${id}-text`}
        ref={area}
        name={`text-${language}`}
        lang={language}
        dir={language === 'ur' ? 'rtl' : 'ltr'}
        rows={3}
        maxLength={maxLength}
        value={text}
        aria-describedby={`${id}-length`}
        onChange={(e) => setText(e.target.value)}
      />
      <p className="tpl-length muted" id={`${id}-length`}>
        {t('tpl.length', { n: text.length, max: maxLength })}
      </p>
      <div className="tpl-placeholders" role="group" aria-label={t('tpl.placeholders')}>
        {messagePlaceholders[kind].map((p) => (
          <button key={p} type="button" className="btn btn-quiet tpl-chip" title={t(`tpl.ph.${p}`)} aria-label={t('tpl.insert', { placeholder: `{${p}}`, what: t(`tpl.ph.${p}`), language: languageName })} onClick={() => insert(p)}>
            <code dir="ltr">{`{${p}}`}</code> <span className="tpl-chip-what">{t(`tpl.ph.${p}`)}</span>
          </button>
        ))}
      </div>
      {unknown.length > 0 && (
        <p className="tpl-warning" role="status">
          {t('tpl.unknown', { names: unknown.map((u) => `{${u}}`).join(' ') })}
        </p>
      )}
      <div className="tpl-preview">
        <span className="tpl-preview-label">{t('tpl.preview')}</span>
        <p lang={language} dir={language === 'ur' ? 'rtl' : 'ltr'} data-testid="template-preview">
          {renderTemplate(text, sample)}
        </p>
      </div>
      <p className="sup-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !changed} aria-busy={busy}>
          {t('tpl.save', { language: languageName })}
        </button>
        {!template.isDefault && (
          <button type="button" className="btn btn-quiet" disabled={busy} onClick={() => void run(() => templatesApi.reset(kind, language), 'tpl.resetDone')}>
            {t('tpl.reset', { language: languageName })}
          </button>
        )}
      </p>
      {message && (
        <p className={message.ok ? 'notice' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.key.startsWith('err.') ? errorText(message.key.slice(4)) : t(message.key, message.vars)}
          {message.detail && (
            <>
              {' '}
              <span className="tpl-server" dir="ltr" lang="en">
                {t('tpl.server', { message: message.detail })}
              </span>
            </>
          )}
        </p>
      )}
    </form>
  );
}

/** Administration → Citizen messages (admin role): every kind's English and Urdu template, with placeholders and a preview. */
export function TemplatesSection({ center, services, counters }: { center: Center | null; services: Service[]; counters: Counter[] }) {
  useLanguage();
  const [templates, setTemplates] = useState<MessageTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setTemplates(await templatesApi.list());
      setError(null);
    } catch (e) {
      setError(errorText(errorCode(e)));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const samples = samplesOf(center, services, counters);
  const find = (kind: MessageKind, language: Language) => templates?.find((x) => x.kind === kind && x.language === language);
  const replace = (next: MessageTemplate) => setTemplates((all) => all?.map((x) => (x.kind === next.kind && x.language === next.language ? next : x)) ?? null);
  return (
    <section className="card" aria-labelledby="admin-templates-title" data-testid="admin-templates-section">
      <h2 id="admin-templates-title">{t('tpl.title')}</h2>
      <p className="muted">{t('tpl.intro')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {templates === null && !error && <p role="status">{t('loading')}</p>}
      {templates &&
        messageKindSchema.options.map((kind) => (
          <section key={kind} className="tpl-kind" aria-labelledby={`tpl-${kind}-title`} data-testid={`template-${kind}`}>
            <h3 id={`tpl-${kind}-title`}>{t(`tpl.kind.${kind}`)}</h3>
            <p className="muted">{t(`tpl.when.${kind}`)}</p>
            <div className="tpl-languages">
              {languages.map((language) => {
                const template = find(kind, language);
                return template && <TemplateEditor key={language} template={template} sample={samples[language]} onChanged={replace} />;
              })}
            </div>
          </section>
        ))}
    </section>
  );
}
