/**
 * CSV and XLSX buttons for a report endpoint that answers `?output=csv|xlsx` with the same rows as
 * its JSON (helpdesk/reports/exports.py). Shown only to those holding `permission`. The file is
 * fetched with the session, so a refusal (403 without the permission, 400 for a bad filter) comes
 * back as the server's message and is shown in the page; a file is handed to the browser as a
 * download under the server's name.
 */
import { DownloadOutlined } from "@ant-design/icons";
import { Alert, Button, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ApiError, buildQuery, type ApiErrorBody, type RequestOptions } from "../api/client";
import { useAuth } from "../auth/AuthContext";

export type ExportOutput = "csv" | "xlsx";
export type ExportParams = NonNullable<RequestOptions["query"]>;

/** The file's name from `Content-Disposition`, else `fallback`. */
export function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get("Content-Disposition") ?? "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]!);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1]! : fallback;
}

/** Fetch `path` (under /api/v1) with `?output=` and save it; an error answer throws an ApiError. */
export async function downloadExport(path: string, params: ExportParams, output: ExportOutput): Promise<string> {
  const response = await fetch(`/api/v1${path}${buildQuery({ ...params, output })}`, {
    credentials: "same-origin",
    headers: { Accept: "*/*" },
  });
  if (!response.ok) {
    const isJson = (response.headers.get("Content-Type") ?? "").includes("application/json");
    const data: unknown = isJson ? await response.json().catch(() => null) : null;
    const body: ApiErrorBody =
      data && typeof data === "object" && "message" in data
        ? (data as ApiErrorBody)
        : { code: "http_error", message: String(response.status), fields: {} };
    throw new ApiError(response.status, body);
  }
  const name = fileNameOf(response, `${path.split("/").filter(Boolean).join("-")}.${output}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export interface ExportButtonsProps {
  /** The report's API path under /api/v1, e.g. `/orders/report/`. */
  path: string;
  /** The filters the page shows (the same as its JSON request). */
  params?: ExportParams;
  /** Who may export (`report.export` unless the report says otherwise). */
  permission?: string;
  /** Prefix of the test ids (`<testId>-csv`, `<testId>-xlsx`, `<testId>-error`). */
  testId?: string;
  /** Which formats to offer. */
  outputs?: ExportOutput[];
}

export function ExportButtons({
  path,
  params = {},
  permission = "report.export",
  testId = "export",
  outputs = ["csv", "xlsx"],
}: ExportButtonsProps) {
  const { t } = useTranslation("common");
  const { can } = useAuth();
  const [busy, setBusy] = useState<ExportOutput | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!can(permission)) return null;

  const run = async (output: ExportOutput) => {
    setBusy(output);
    setError(null);
    try {
      await downloadExport(path, params, output);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t("errors.generic"));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space orientation="vertical" size={8} data-testid={testId}>
      <Space.Compact>
        {outputs.map((output) => (
          <Button
            key={output}
            icon={<DownloadOutlined />}
            loading={busy === output}
            disabled={busy !== null && busy !== output}
            onClick={() => void run(output)}
            title={t(`export.${output}Title`)}
            data-testid={`${testId}-${output}`}
          >
            {t(`export.${output}`)}
          </Button>
        ))}
      </Space.Compact>
      {error && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setError(null) }}
          title={t("export.failed", { message: error })}
          data-testid={`${testId}-error`}
        />
      )}
    </Space>
  );
}
