/**
 * Read aloud (长辈模式): the phone's own speech synthesis, which works offline where the phone has a voice for the
 * language. No voice for it, no button: the voice list arrives late on some phones, so it is watched.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../shared/format';

const prefix = (lang: Lang) => (lang === 'en' ? 'en' : 'zh');

/** The best voice for the language: a local (offline) one first, mainland Chinese before other Chinese. */
export function voiceFor(lang: Lang): SpeechSynthesisVoice | null {
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
  if (!synth?.getVoices) return null;
  const want = prefix(lang);
  const voices = synth.getVoices().filter((v) => v.lang.toLowerCase().replace('_', '-').startsWith(want) || (want === 'zh' && v.lang.toLowerCase().startsWith('cmn')));
  const score = (v: SpeechSynthesisVoice) => (v.localService ? 2 : 0) + (/zh-cn|cmn-hans|en-/i.test(v.lang) ? 1 : 0);
  return voices.sort((a, b) => score(b) - score(a))[0] ?? null;
}

export function useVoice(lang: Lang): SpeechSynthesisVoice | null {
  const [voice, setVoice] = useState(() => voiceFor(lang));
  useEffect(() => {
    setVoice(voiceFor(lang));
    const synth = window.speechSynthesis;
    if (!synth?.addEventListener) return;
    const update = () => setVoice(voiceFor(lang));
    synth.addEventListener('voiceschanged', update);
    return () => synth.removeEventListener('voiceschanged', update);
  }, [lang]);
  return voice;
}

/** Say `text` (stopping whatever was being said), a little slower than usual. */
export function speak(text: string, voice: SpeechSynthesisVoice): void {
  const synth = window.speechSynthesis;
  synth.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = voice.lang;
  try {
    u.voice = voice;
  } catch {
    // Not a voice object this browser accepts: the language alone picks one.
  }
  u.rate = 0.9;
  synth.speak(u);
}
