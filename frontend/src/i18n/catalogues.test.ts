import { describe, expect, it } from "vitest";

import { NAMESPACES } from "./index";

function keys(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      keys(v, prefix ? `${prefix}.${k}` : k),
    );
  }
  return [prefix];
}

describe("translation catalogues", () => {
  it.each(Object.entries(NAMESPACES))("%s has the same keys in zh-CN and en", (_ns, catalogue) => {
    expect(keys(catalogue["zh-CN"]).sort()).toEqual(keys(catalogue.en).sort());
  });

  it.each(Object.entries(NAMESPACES))("%s has no empty strings", (_ns, catalogue) => {
    for (const language of ["en", "zh-CN"] as const) {
      const empty = keys(catalogue[language]).filter((k) => {
        const value = k
          .split(".")
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], catalogue[language]);
        return typeof value === "string" && value.trim() === "";
      });
      expect(empty).toEqual([]);
    }
  });
});
