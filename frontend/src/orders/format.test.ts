import { describe, expect, it } from "vitest";

import { latency, percent, secondsSince, toFen, yuan } from "./format";

describe("order formats", () => {
  it("writes fen as yuan with two decimals", () => {
    expect(yuan(3000)).toBe("¥30.00");
    expect(yuan(5)).toBe("¥0.05");
    expect(yuan(10_000_000)).toBe("¥100,000.00");
    expect(yuan(-2990)).toBe("-¥29.90");
    expect(yuan(null)).toBe("—");
    expect(toFen(29.9)).toBe(2990);
    expect(toFen(0.29)).toBe(29);
  });

  it("writes rates, latencies and ages", () => {
    expect(percent(1)).toBe("100%");
    expect(percent(0.9167)).toBe("91.7%");
    expect(percent(0)).toBe("0%");
    expect(percent(null)).toBe("—");
    expect(latency(42)).toBe("42 ms");
    expect(latency(2300)).toBe("2.3 s");
    expect(latency(null)).toBe("—");
    expect(secondsSince(1_000, 4_900)).toBe(3);
    expect(secondsSince("2026-01-01T00:00:10Z", Date.parse("2026-01-01T00:00:00Z"))).toBe(0);
  });
});
