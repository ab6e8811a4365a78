/** The offline-message and pre-chat forms: labelled fields, client checks, the server's field errors. */
import { WidgetApiError } from "./api";
import { h } from "./dom";
import type { Translate, WidgetKey } from "./i18n";
import type { VisitorDetails } from "./types";

export type FieldName = "name" | "contact" | "topic" | "message";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[\d\s()-]{5,20}$/;
const LIMITS: Record<FieldName, number> = { name: 100, contact: 254, topic: 200, message: 4000 };

export function isContact(value: string): boolean {
  const text = value.trim();
  return EMAIL.test(text) || (PHONE.test(text) && text.replace(/\D/g, "").length >= 5);
}

/** Client-side checks: name and a phone or email always; the message when `required` lists it. */
export function validate(
  values: VisitorDetails,
  required: FieldName[],
): Partial<Record<FieldName, WidgetKey>> {
  const errors: Partial<Record<FieldName, WidgetKey>> = {};
  for (const field of Object.keys(LIMITS) as FieldName[]) {
    const value = (values[field] ?? "").trim();
    if (required.includes(field) && !value) errors[field] = "required";
    else if (value.length > LIMITS[field]) errors[field] = "tooLong";
  }
  if (!errors.contact && values.contact.trim() && !isContact(values.contact)) errors.contact = "badContact";
  return errors;
}

export interface VisitorFormOptions {
  t: Translate;
  testid: string;
  fields: FieldName[];
  required: FieldName[];
  intro: string;
  notice?: string | null;
  submitLabel: string;
  submitTestid: string;
  initial?: Partial<VisitorDetails>;
  onSubmit: (values: VisitorDetails) => Promise<void>;
}

export function visitorForm(o: VisitorFormOptions): HTMLFormElement {
  const { t } = o;
  const inputs = {} as Record<FieldName, HTMLInputElement | HTMLTextAreaElement>;
  const errorNodes = {} as Record<FieldName, HTMLElement>;
  const formError = h("div", { class: "alert", role: "alert", testid: "widget-error", hidden: true });
  const submit = h("button", { type: "submit", class: "wide", testid: o.submitTestid }, o.submitLabel);

  const fieldNodes = o.fields.map((field) => {
    const id = `${o.testid}-${field}`;
    const required = o.required.includes(field);
    const common = {
      id,
      name: field,
      testid: `widget-${field}`,
      maxlength: LIMITS[field],
      "aria-describedby": `${id}-err`,
      "aria-required": required ? "true" : null,
    };
    const input =
      field === "message"
        ? h("textarea", { ...common, rows: 4 })
        : h("input", {
            ...common,
            type: "text",
            autocomplete: field === "name" ? "name" : field === "contact" ? "tel email" : "off",
            placeholder: field === "topic" ? t("topicPlaceholder") : null,
          });
    input.value = o.initial?.[field] ?? "";
    input.addEventListener("input", () => setError(field, null));
    inputs[field] = input;
    errorNodes[field] = h("div", { class: "err", id: `${id}-err` });
    return h(
      "label",
      { class: "field", for: id },
      h("span", {}, t(field), required ? h("i", { "aria-hidden": "true" }, "*") : null),
      input,
      field === "contact" ? h("div", { class: "hint" }, t("contactHint")) : null,
      errorNodes[field],
    );
  });

  function setError(field: FieldName, text: string | null) {
    errorNodes[field].textContent = text ?? "";
    inputs[field].setAttribute("aria-invalid", text ? "true" : "false");
  }

  const form = h(
    "form",
    { class: "pad", testid: o.testid, novalidate: true },
    o.notice ? h("p", { class: "notice", role: "status" }, o.notice) : null,
    h("p", { class: "intro" }, o.intro),
    ...fieldNodes,
    formError,
    submit,
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values: VisitorDetails = {
      name: inputs.name?.value.trim() ?? "",
      contact: inputs.contact?.value.trim() ?? "",
      topic: inputs.topic?.value.trim() ?? "",
    };
    if (inputs.message) values.message = inputs.message.value.trim();
    const errors = validate(values, o.required);
    formError.hidden = true;
    for (const field of o.fields)
      setError(field, errors[field] ? t(errors[field]!, { max: LIMITS[field] }) : null);
    const first = o.fields.find((field) => errors[field]);
    if (first) {
      inputs[first].focus();
      return;
    }
    submit.disabled = true;
    o.onSubmit(values)
      .catch((error: unknown) => {
        const apiError = error instanceof WidgetApiError ? error : null;
        for (const [field, problems] of Object.entries(apiError?.fields ?? {})) {
          if (field in inputs)
            setError(field as FieldName, Array.isArray(problems) ? problems.join(" ") : String(problems));
        }
        formError.textContent = apiError?.message ?? t("networkError");
        formError.hidden = false;
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return form;
}
