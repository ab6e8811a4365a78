import type { FormInstance } from "antd";

import { ApiError } from "../api/client";

type NamePath = (string | number)[];

function messages(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string") return [value];
  return [];
}

/**
 * Put the server's field errors (``{"contacts.1.value": ["…"]}``) on the form's inputs.
 * ``nameFor`` maps a server field to the form's name path, or null when no input shows it.
 * Answers how many errors found an input.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  nameFor: (field: string) => NamePath | null,
): number {
  if (!(error instanceof ApiError)) return 0;
  const fields = Object.entries(error.fields)
    .map(([field, value]) => ({ name: nameFor(field), errors: messages(value) }))
    .filter((f): f is { name: NamePath; errors: string[] } => f.name !== null && f.errors.length > 0);
  if (fields.length) form.setFields(fields);
  return fields.length;
}

/** Plain top-level fields keep their names. */
export function plainField(known: string[]) {
  return (field: string): NamePath | null => (known.includes(field) ? [field] : null);
}
