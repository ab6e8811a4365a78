import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { Me } from "../api/types";
import { makeMe, renderPage } from "../customers/testing";
import i18n from "../i18n";
import { ExportButtons, type ExportButtonsProps } from "./ExportButtons";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  void i18n.changeLanguage("en");
});

function renderButtons(props: ExportButtonsProps, me: Me) {
  return renderPage(<ExportButtons {...props} />, { me, path: "/report" });
}

/** Answers every request with `answer`; returns the requested URLs. */
function stubFetch(answer: () => Response) {
  const urls: URL[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) => {
      urls.push(new URL(input, "http://localhost"));
      return answer();
    }),
  );
  return urls;
}

/** jsdom has no object URLs and does not navigate: record what would be saved. */
function stubDownloads() {
  const blobs: Blob[] = [];
  Object.assign(URL, {
    createObjectURL: vi.fn((blob: Blob) => {
      blobs.push(blob);
      return "blob:export";
    }),
    revokeObjectURL: vi.fn(),
  });
  const saved: string[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
  return { blobs, saved };
}

const SUPERVISOR = makeMe("supervisor");

describe("the export buttons", () => {
  it("download the report with its filters under the server's file name", async () => {
    const urls = stubFetch(
      () =>
        new Response("\ufeffChannel,Sent\r\nalpha,3\r\n", {
          status: 200,
          headers: {
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": `attachment; filename="channels-20261201-1000.csv"; filename*=UTF-8''channels-20261201-1000.csv`,
          },
        }),
    );
    const { blobs, saved } = stubDownloads();
    renderButtons({ path: "/orders/report/", params: { day: "2026-12-01", queue: [1, 2], empty: "" }, permission: "order.handle" }, SUPERVISOR);

    fireEvent.click(screen.getByTestId("export-csv"));

    await waitFor(() => expect(saved).toEqual(["channels-20261201-1000.csv"]));
    expect(urls[0]!.pathname).toBe("/api/v1/orders/report/");
    expect(Object.fromEntries(urls[0]!.searchParams)).toEqual({ day: "2026-12-01", queue: "1,2", output: "csv" });
    expect(await blobs[0]!.text()).toContain("alpha,3");
    expect(screen.queryByTestId("export-error")).not.toBeInTheDocument();
  });

  it("ask for XLSX with the other button", async () => {
    const urls = stubFetch(() => new Response("PK", { status: 200, headers: { "Content-Type": "application/octet-stream" } }));
    const { saved } = stubDownloads();
    renderButtons({ path: "/hotline/figures/", params: { since: "2026-12-01T00:00:00Z" }, permission: "call.supervise", testId: "figures-export" }, SUPERVISOR);

    fireEvent.click(screen.getByTestId("figures-export-xlsx"));

    await waitFor(() => expect(saved).toEqual(["hotline-figures.xlsx"]));
    expect(urls[0]!.searchParams.get("output")).toBe("xlsx");
  });

  it("show the server's refusal in the page and save nothing", async () => {
    stubFetch(
      () =>
        new Response(JSON.stringify({ code: "forbidden", message: "Exporting this report needs the call.supervise permission.", fields: {} }), {
          status: 403,
          headers: { "Content-Type": "application/json" },
        }),
    );
    const { saved } = stubDownloads();
    renderButtons({ path: "/hotline/figures/", permission: "call.read" }, SUPERVISOR);

    fireEvent.click(screen.getByTestId("export-xlsx"));

    expect(await screen.findByTestId("export-error")).toHaveTextContent(
      "Export refused: Exporting this report needs the call.supervise permission.",
    );
    expect(saved).toEqual([]);
  });

  it("are hidden from those without the permission", () => {
    renderButtons({ path: "/hotline/figures/", permission: "call.supervise" }, makeMe("agent"));

    expect(screen.queryByTestId("export-csv")).not.toBeInTheDocument();
    expect(screen.queryByTestId("export-xlsx")).not.toBeInTheDocument();
  });

  it("speak Chinese", async () => {
    renderButtons({ path: "/orders/report/" }, SUPERVISOR);
    await act(() => i18n.changeLanguage("zh-CN"));

    expect(screen.getByTestId("export-csv")).toHaveAttribute("title", "将这些数据下载为 CSV 文件");
  });
});
