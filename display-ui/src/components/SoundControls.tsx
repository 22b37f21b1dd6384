import { text } from '../i18n';
import { Bilingual } from './Bilingual';

/** The on-screen sound switch of this display. */
export function SoundToggle({ soundOn, onToggle }: { soundOn: boolean; onToggle: () => void }) {
  return (
    <button type="button" className="sound-toggle" aria-pressed={soundOn} onClick={onToggle} data-testid="sound-toggle">
      <span aria-hidden="true" className="sound-icon">
        {soundOn ? '🔊' : '🔇'}
      </span>
      <Bilingual text={soundOn ? text.soundOn : text.soundOff} />
    </button>
  );
}

/** Shown when the browser blocks sound until someone taps: one big target, the board stays visible. */
export function EnableSoundOverlay({ onEnable }: { onEnable: () => void }) {
  return (
    <div className="sound-overlay" data-testid="enable-sound">
      <button type="button" className="sound-overlay-button" onClick={onEnable} autoFocus>
        <span aria-hidden="true" className="sound-icon">
          🔈
        </span>
        <Bilingual text={text.enableSound} />
      </button>
    </div>
  );
}
