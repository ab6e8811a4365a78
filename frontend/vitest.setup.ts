import "@testing-library/jest-dom/vitest";

import { configure } from "@testing-library/react";

// Ant Design reads these browser APIs, which jsdom lacks.
Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});
window.getComputedStyle = ((orig) => (elt: Element) => orig(elt))(window.getComputedStyle);
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as unknown as { ResizeObserver: typeof ResizeObserverStub }).ResizeObserver =
  ResizeObserverStub;

// findBy*/waitFor default to 1 s; Ant Design pages in jsdom on a loaded 2-core machine need more
// (a refetch after a socket event took over 5 s while benchmarks ran beside the suite).
configure({ asyncUtilTimeout: 15000 });
