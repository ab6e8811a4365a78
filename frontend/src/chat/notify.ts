/**
 * Alerts for a new chat: a short beep made with the Web Audio API (no audio files) and the
 * document title flashing "(1) New chat" until the tab is focused. Both can be muted; the choice
 * is remembered in this browser.
 */
import { useCallback, useEffect, useRef, useState } from "react";

export const MUTE_KEY = "helpdesk.chat.muted";

export function isMuted(): boolean {
  return window.localStorage.getItem(MUTE_KEY) === "1";
}

export function rememberMuted(muted: boolean) {
  if (muted) window.localStorage.setItem(MUTE_KEY, "1");
  else window.localStorage.removeItem(MUTE_KEY);
}

type AudioCtor = typeof AudioContext;
let audio: AudioContext | null = null;

/** Two short tones. Browsers allow sound only after the user has interacted with the page. */
export function beep(): void {
  const Ctor: AudioCtor | undefined =
    window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioCtor }).webkitAudioContext;
  if (!Ctor) return;
  try {
    audio ??= new Ctor();
    if (audio.state === "suspended") void audio.resume();
    const start = audio.currentTime;
    [880, 1320].forEach((frequency, index) => {
      const at = start + index * 0.18;
      const oscillator = audio!.createOscillator();
      const gain = audio!.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.15);
      oscillator.connect(gain);
      gain.connect(audio!.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.16);
    });
  } catch {
    // no sound device, or the browser refuses: the title still flashes
  }
}

/** Alternates the title with `text(count)` every second until the window gets focus. */
export class TitleFlasher {
  private timer: ReturnType<typeof setInterval> | null = null;
  private original = "";
  private count = 0;
  private showing = false;

  constructor(private readonly text: (count: number) => string) {}

  private onFocus = () => this.stop();

  get active(): boolean {
    return this.timer !== null;
  }

  flash(): void {
    this.count += 1;
    if (this.timer) {
      document.title = this.text(this.count);
      this.showing = true;
      return;
    }
    this.original = document.title;
    window.addEventListener("focus", this.onFocus);
    document.addEventListener("visibilitychange", this.onVisibility);
    document.title = this.text(this.count);
    this.showing = true;
    this.timer = setInterval(() => {
      this.showing = !this.showing;
      document.title = this.showing ? this.text(this.count) : this.original;
    }, 1000);
  }

  private onVisibility = () => {
    if (document.visibilityState === "visible" && document.hasFocus()) this.stop();
  };

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.count = 0;
    document.title = this.original;
    window.removeEventListener("focus", this.onFocus);
    document.removeEventListener("visibilitychange", this.onVisibility);
  }
}

/** `notify()` beeps and, when the page is not focused, flashes the title (unless muted). */
export function useChatAlerts(titleText: (count: number) => string) {
  const [muted, setMuted] = useState(isMuted);
  const mutedRef = useRef(muted);
  const textRef = useRef(titleText);
  const flasher = useRef<TitleFlasher | null>(null);

  useEffect(() => {
    mutedRef.current = muted;
    textRef.current = titleText;
  });

  useEffect(() => () => flasher.current?.stop(), []);

  const notify = useCallback(() => {
    if (mutedRef.current) return;
    beep();
    if (!document.hasFocus()) {
      flasher.current ??= new TitleFlasher((count) => textRef.current(count));
      flasher.current.flash();
    }
  }, []);

  const toggleMute = useCallback(() => {
    const next = !muted;
    rememberMuted(next);
    if (next) flasher.current?.stop();
    setMuted(next);
  }, [muted]);

  return { muted, toggleMute, notify };
}
