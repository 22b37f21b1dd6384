#!/usr/bin/env node
// Renders the display's offline announcement clips once, with espeak-ng (speaks English and Urdu)
// and sox, into one small Ogg Vorbis "sprite" plus a JSON index of where each word starts.
// Run from the repository root: `node display-ui/scripts/render-clips.mjs` (needs espeak-ng and sox).
// The output is committed, so the display speaks without the internet and without these tools.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const audioOut = path.join(appDir, 'public/audio/announcer.ogg');
const indexOut = path.join(appDir, 'src/announcer/clips.json');
const rate = 16000;
const gapSeconds = 0.12; // silence between words in the sprite, so a slice never clips a neighbour

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
// English letter names as an Urdu speaker says them, in Urdu script (espeak-ng -v ur reads these).
const urLetters = ['اے', 'بی', 'سی', 'ڈی', 'ای', 'ایف', 'جی', 'ایچ', 'آئی', 'جے', 'کے', 'ایل', 'ایم', 'این', 'او', 'پی', 'کیو', 'آر', 'ایس', 'ٹی', 'یو', 'وی', 'ڈبلیو', 'ایکس', 'وائی', 'زیڈ'];
const enNumbers = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const urNumbers = ['صفر', 'ایک', 'دو', 'تین', 'چار', 'پانچ', 'چھ', 'سات', 'آٹھ', 'نو', 'دس', 'گیارہ', 'بارہ', 'تیرہ', 'چودہ', 'پندرہ', 'سولہ', 'سترہ', 'اٹھارہ', 'انیس', 'بیس'];

/** [key, espeak voice, text] — keys are what src/announcer/phrases.ts asks for. */
const words = [
  ['en:token', 'en', 'Token'],
  ['en:counter', 'en', 'counter'],
  ...letters.map((l) => [`en:${l}`, 'en', l]),
  ...enNumbers.map((w, n) => [`en:${n}`, 'en', w]),
  ['ur:token', 'ur', 'ٹوکن نمبر'],
  ['ur:counter', 'ur', 'کاؤنٹر نمبر'],
  ...letters.map((l, i) => [`ur:${l}`, 'ur', urLetters[i]]),
  ...urNumbers.map((w, n) => [`ur:${n}`, 'ur', w]),
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-clips-'));
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
const samples = (file) => Number(run('soxi', ['-s', file]));

const parts = [];
// The chime: two soft bell-like tones (a "ding-dong"), made by sox rather than recorded.
const chime = path.join(tmp, 'chime.wav');
run('sox', ['-n', '-r', String(rate), '-c', '1', '-b', '16', chime, 'synth', '0.4', 'sine', '880', 'sine', '1760', 'remix', '1-2', 'fade', 'q', '0.01', '0.4', '0.36', ':', 'synth', '0.65', 'sine', '698.5', 'sine', '1397', 'remix', '1-2', 'fade', 'q', '0.01', '0.65', '0.6', 'gain', '-n', '-6']);
parts.push(['chime', chime]);

words.forEach(([key, voice, text], i) => {
  const raw = path.join(tmp, `raw-${i}.wav`);
  const clip = path.join(tmp, `clip-${i}.wav`);
  run('espeak-ng', ['-v', voice, '-s', voice === 'ur' ? '150' : '165', '-w', raw, text]);
  // Resample to 16 kHz mono, trim leading/trailing silence, normalise loudness.
  run('sox', [raw, '-r', String(rate), '-c', '1', '-b', '16', clip, 'silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse', 'gain', '-n', '-3']);
  parts.push([key, clip]);
});

const gap = path.join(tmp, 'gap.wav');
run('sox', ['-n', '-r', String(rate), '-c', '1', '-b', '16', gap, 'trim', '0', String(gapSeconds)]);
const gapSamples = samples(gap);

const index = { file: 'audio/announcer.ogg', sampleRate: rate, clips: {} };
const sequence = [];
let at = 0;
for (const [key, file] of parts) {
  const n = samples(file);
  index.clips[key] = { start: +(at / rate).toFixed(4), duration: +(n / rate).toFixed(4) };
  sequence.push(file, gap);
  at += n + gapSamples;
}
const joined = path.join(tmp, 'all.wav');
run('sox', [...sequence, joined]);
fs.mkdirSync(path.dirname(audioOut), { recursive: true });
run('sox', [joined, '-C', '0', audioOut]);
fs.writeFileSync(indexOut, JSON.stringify(index, null, 1) + '\n');
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${parts.length} clips, ${(at / rate).toFixed(1)} s, ${fs.statSync(audioOut).size} bytes -> ${path.relative(process.cwd(), audioOut)}`);
