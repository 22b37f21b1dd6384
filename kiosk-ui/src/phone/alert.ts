let audio: AudioContext | null = null;

/** Browsers only let a page play sound after a tap; call this from the first tap to unlock it. */
export function primeAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    audio = null;
  }
}

/** Vibrates and plays a short two-tone chime where the phone and browser allow it. */
export function alertCitizen(): void {
  try {
    navigator.vibrate?.([400, 150, 400, 150, 400]);
  } catch {
    // Vibration is a bonus; some browsers throw instead of ignoring it.
  }
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime + 0.05;
    [880, 660].forEach((frequency, i) => {
      const osc = audio!.createOscillator();
      const gain = audio!.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + i * 0.35);
      gain.gain.exponentialRampToValueAtTime(0.4, start + i * 0.35 + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.35 + 0.3);
      osc.connect(gain).connect(audio!.destination);
      osc.start(start + i * 0.35);
      osc.stop(start + i * 0.35 + 0.32);
    });
  } catch {
    // No sound without permission; the screen and vibration still tell the citizen.
  }
}
