import { describe, expect, it } from "vitest";

import { pickLanguage, translator, WIDGET_STRINGS } from "./i18n";

describe("widget strings", () => {
  it("has the same keys in zh-CN and en, none empty but the idle status", () => {
    expect(Object.keys(WIDGET_STRINGS["zh-CN"]).sort()).toEqual(Object.keys(WIDGET_STRINGS.en).sort());
    for (const table of Object.values(WIDGET_STRINGS)) {
      const empty = Object.entries(table).filter(([key, value]) => key !== "statusIdle" && !value.trim());
      expect(empty).toEqual([]);
    }
  });

  it("uses the same placeholders in both languages", () => {
    const names = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, text] of Object.entries(WIDGET_STRINGS.en))
      expect([key, names(WIDGET_STRINGS["zh-CN"][key as keyof typeof WIDGET_STRINGS.en])]).toEqual([key, names(text)]);
  });

  it("picks data-lang first, then the browser's language", () => {
    expect(pickLanguage("en", ["zh-CN"])).toBe("en");
    expect(pickLanguage("zh-CN", ["en-US"])).toBe("zh-CN");
    expect(pickLanguage("zh-hans", [])).toBe("zh-CN");
    expect(pickLanguage(null, ["zh-TW", "en"])).toBe("zh-CN");
    expect(pickLanguage("", ["en-GB"])).toBe("en");
    expect(pickLanguage(undefined, ["fr-FR"])).toBe("en");
  });

  it("fills placeholders", () => {
    expect(translator("en")("waitingPosition", { n: 3 })).toBe("You are number 3 in the queue");
    expect(translator("zh-CN")("waitingPosition", { n: 3 })).toBe("您当前排在第 3 位");
  });
});
