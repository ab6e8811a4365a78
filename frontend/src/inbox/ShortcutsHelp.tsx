import { Modal, Typography } from "antd";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";

const SHORTCUTS: { keys: string[]; label: string }[] = [
  { keys: ["j", "↓"], label: "shortcuts.next" },
  { keys: ["k", "↑"], label: "shortcuts.previous" },
  { keys: ["Enter", "o"], label: "shortcuts.open" },
  { keys: ["r"], label: "shortcuts.reply" },
  { keys: ["a"], label: "shortcuts.take" },
  { keys: ["?"], label: "shortcuts.help" },
];

export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation("inbox");
  return (
    <Modal
      open={open}
      title={t("shortcuts.title")}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <div data-testid="inbox-shortcuts-help">
        <dl className="inbox-shortcuts">
          {SHORTCUTS.map(({ keys, label }) => (
            <Fragment key={label}>
              <dt>
                {keys.map((key, i) => (
                  <Fragment key={key}>
                    {i > 0 && ` ${t("shortcuts.or")} `}
                    <kbd>{key}</kbd>
                  </Fragment>
                ))}
              </dt>
              <dd>{t(label)}</dd>
            </Fragment>
          ))}
        </dl>
        <Typography.Paragraph type="secondary">{t("shortcuts.hint")}</Typography.Paragraph>
      </div>
    </Modal>
  );
}
