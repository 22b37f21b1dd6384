import clipIndex from './clips.json';
import { clipKeys, spokenText, type SpokenLanguage } from './phrases';
import type { Announcement } from './queue';

interface Clip {
  start: number;
  duration: number;
}
const clips = clipIndex.clips as Record<string, Clip>;
const languages: SpokenLanguage[] = ['en', 'ur'];

/** How each part of the last announcement was made, for tests and the diagnostics overlay. */
export type Engine = 'speech' | 'clips';

/**
 * Makes the sound of one announcement: the chime, then the call in English, then in Urdu. Uses the
 * Web Speech API when the device has a voice for a language, otherwise the shipped espeak-ng clips
 * (one Ogg sprite decoded once into a Web Audio buffer). Every wait has a time limit, so a device
 * without audio output still moves on.
 */
export class AnnouncementPlayer {
  private context: AudioContext | null = null;
  private sprite: Promise<AudioBuffer> | null = null;
  readonly spriteUrl = `${import.meta.env.BASE_URL}${clipIndex.file}`;
  lastEngines: Record<SpokenLanguage, Engine | null> = { en: null, ur: null };

  private audio(): AudioContext {
    this.context ??= new AudioContext({ latencyHint: 'playback' });
    return this.context;
  }

  /** True when the browser lets us play sound now (autoplay allowed or a tap happened). */
  async canPlay(): Promise<boolean> {
    const ctx = this.audio();
    if (ctx.state === 'running') return true;
    await Promise.race([ctx.resume().catch(() => {}), sleep(400)]);
    return (ctx.state as AudioContextState) === 'running';
  }

  /** Called from a tap: resumes audio and wakes the speech engine, both of which need a gesture. */
  async unlock(): Promise<boolean> {
    const ok = await this.canPlay();
    if (typeof speechSynthesis !== 'undefined') {
      const u = new SpeechSynthesisUtterance(' ');
      u.volume = 0;
      speechSynthesis.speak(u);
    }
    return ok;
  }

  /** Starts fetching and decoding the clips, so the first call is not late. */
  preload(): Promise<AudioBuffer> {
    this.sprite ??= fetch(this.spriteUrl)
      .then((r) => {
        if (!r.ok) throw new Error(`clips: HTTP ${r.status}`);
        return r.arrayBuffer();
      })
      .then((bytes) => this.audio().decodeAudioData(bytes))
      .catch((error: unknown) => {
        this.sprite = null; // try again on the next call
        throw error;
      });
    return this.sprite;
  }

  /** Plays one announcement to its end (or until `signal` aborts it). */
  async play(a: Announcement, signal: AbortSignal): Promise<void> {
    const brief = a.form === 'brief';
    // The chime calls the hall's attention; while calls are queued the hall is already listening.
    if (!brief) await this.playClips(['chime'], signal);
    for (const lang of languages) {
      if (signal.aborted) return;
      const voice = findVoice(lang);
      if (voice) {
        this.lastEngines[lang] = 'speech';
        await speak(spokenText(a.ticketCode, a.counterName, lang, brief, a.serviceName), voice, signal);
      } else {
        this.lastEngines[lang] = 'clips';
        await this.playClips(clipKeys(a.ticketCode, a.counterName, lang, brief), signal);
      }
      await sleep(brief ? 150 : 250, signal);
    }
  }

  /** Only the chime: the screen above a counter calls attention; the hall display says the call. */
  chime(signal: AbortSignal = new AbortController().signal): Promise<void> {
    return this.playClips(['chime'], signal);
  }

  private async playClips(keys: string[], signal: AbortSignal): Promise<void> {
    const buffer = await this.preload();
    const ctx = this.audio();
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    const sources: AudioBufferSourceNode[] = [];
    let at = ctx.currentTime + 0.05;
    const startAt = at;
    for (const key of keys) {
      const clip = clips[key];
      if (!clip) continue;
      const source = ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(gain);
      source.start(at, clip.start, clip.duration);
      sources.push(source);
      at += clip.duration + 0.04;
    }
    const last = sources.at(-1);
    if (!last) return;
    const total = (at - startAt) * 1000;
    try {
      // `ended` is the truth; the timer covers a context whose clock does not run (no audio device).
      await Promise.race([new Promise<void>((resolve) => (last.onended = () => resolve())), sleep(total + 500, signal)]);
    } finally {
      for (const s of sources) {
        s.onended = null;
        try {
          s.stop();
        } catch {
          /* already stopped */
        }
        s.disconnect();
      }
      gain.disconnect();
    }
  }

  dispose(): void {
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
    void this.context?.close().catch(() => {});
    this.context = null;
    this.sprite = null;
  }
}

function findVoice(lang: SpokenLanguage): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  const voices = speechSynthesis.getVoices();
  // Only a voice that lives on the device: the hall may be offline, and a network voice then fails
  // silently or late. Without one, the shipped clips speak.
  const matching = voices.filter((v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === lang);
  return matching.find((v) => v.localService) ?? null;
}

function speak(text: string, voice: SpeechSynthesisVoice, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
      resolve();
    };
    const stop = () => {
      speechSynthesis.cancel();
      done();
    };
    u.onend = done;
    u.onerror = done;
    signal.addEventListener('abort', stop, { once: true });
    // Some engines never fire `end`; about 6 characters a second is slow speech.
    const timer = setTimeout(stop, 3_000 + (text.length / 6) * 1000);
    speechSynthesis.speak(u);
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
