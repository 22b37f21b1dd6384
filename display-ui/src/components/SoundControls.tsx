import { text } from '../i18n';
import { Bilingual } from './Bilingual';

/** A speaker drawn inline: a display PC need not have an emoji font. */
function SpeakerIcon({ muted }: { muted: boolean }) {
  return (
    <svg className="sound-icon" aria-hidden="true" viewBox="0 0 24 24" width="1.2em" height="1.2em" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
      {muted ? <path d="M17 9l5 6M22 9l-5 6" /> : <path d="M16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12" />}
    </svg>
  );
}

/** The on-screen sound switch of this display. */
export function SoundToggle({ soundOn, onToggle }: { soundOn: boolean; onToggle: () => void }) {
  return (
    <button type="button" className="sound-toggle" aria-pressed={soundOn} onClick={onToggle} data-testid="sound-toggle">
      <SpeakerIcon muted={!soundOn} />
      <Bilingual text={soundOn ? text.soundOn : text.soundOff} />
    </button>
  );
}

/** Shown when the browser blocks sound until someone taps: one big target, the board stays visible. */
export function EnableSoundOverlay({ onEnable }: { onEnable: () => void }) {
  return (
    <div className="sound-overlay" data-testid="enable-sound">
      <button type="button" className="sound-overlay-button" onClick={onEnable} autoFocus>
        <SpeakerIcon muted={false} />
        <Bilingual text={text.enableSound} />
      </button>
    </div>
  );
}
