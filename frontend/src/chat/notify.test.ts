import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { MUTE_KEY, TitleFlasher, useChatAlerts } from "./notify";

/** Every fake audio context made, newest last. */
const contexts: FakeAudio[] = [];

class FakeAudio {
  state = "running";
  currentTime = 0;
  destination = {};
  tones: number[] = [];
  constructor() {
    contexts.push(this);
  }
  resume() {
    return Promise.resolve();
  }
  createOscillator() {
    const record = (v: number) => this.tones.push(v);
    return {
      type: "",
      frequency: {
        set value(v: number) {
          record(v);
        },
      },
      connect() {},
      start() {},
      stop() {},
    };
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect() {} };
  }
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.localStorage.clear();
  document.title = "";
});

describe("TitleFlasher", () => {
  it("alternates the title until the window gets focus", () => {
    vi.useFakeTimers();
    document.title = "Help desk";
    const flasher = new TitleFlasher((n) => `(${n}) 新会话`);
    flasher.flash();
    expect(document.title).toBe("(1) 新会话");
    vi.advanceTimersByTime(1000);
    expect(document.title).toBe("Help desk");
    flasher.flash();
    expect(document.title).toBe("(2) 新会话");

    window.dispatchEvent(new Event("focus"));
    expect(document.title).toBe("Help desk");
    expect(flasher.active).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(document.title).toBe("Help desk");
  });
});

describe("useChatAlerts", () => {
  it("beeps (Web Audio) and flashes the title when the page is not focused", () => {
    vi.useFakeTimers();
    vi.stubGlobal("AudioContext", FakeAudio);
    vi.spyOn(document, "hasFocus").mockReturnValue(false);
    document.title = "Help desk";
    const { result } = renderHook(() => useChatAlerts((n) => `(${n}) New chat`));

    act(() => result.current.notify());

    expect(contexts.at(-1)?.tones).toEqual([880, 1320]);
    expect(document.title).toBe("(1) New chat");
    window.dispatchEvent(new Event("focus"));
    expect(document.title).toBe("Help desk");
  });

  it("stays quiet when muted, and remembers it", () => {
    vi.stubGlobal("AudioContext", FakeAudio);
    vi.spyOn(document, "hasFocus").mockReturnValue(false);
    document.title = "Help desk";
    const tonesBefore = contexts.flatMap((c) => c.tones).length;
    const { result, unmount } = renderHook(() => useChatAlerts((n) => `(${n}) New chat`));

    act(() => result.current.toggleMute());
    act(() => result.current.notify());

    expect(result.current.muted).toBe(true);
    expect(window.localStorage.getItem(MUTE_KEY)).toBe("1");
    expect(document.title).toBe("Help desk");
    expect(contexts.flatMap((c) => c.tones)).toHaveLength(tonesBefore);
    unmount();
    expect(renderHook(() => useChatAlerts(() => "")).result.current.muted).toBe(true);
  });
});
