/** Escalation chains: ordered levels, each telling its targets a wait after the previous one. */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Empty, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api/client";
import { ErrorAlert } from "../customers/FormParts";
import { CHAINS_KEY, saveChain, TARGET_KINDS, type Chain, type ChainLevel } from "./api";
import { useChains } from "./PoliciesTab";

export const MAX_WAIT_MINUTES = 7 * 24 * 60;

function LevelsSummary({ levels }: { levels: ChainLevel[] }) {
  const { t } = useTranslation("sla");
  return (
    <ol style={{ margin: 0, paddingLeft: 20 }}>
      {levels.map((level, index) => (
        <li key={index}>
          {t(`targets.${level.target}`)}{" "}
          <Typography.Text type="secondary">
            {index === 0
              ? t("chain.afterBreach", { minutes: level.after_minutes })
              : t("chain.afterPrevious", { minutes: level.after_minutes })}
          </Typography.Text>
        </li>
      ))}
    </ol>
  );
}

export function ChainsTab() {
  const { t } = useTranslation("sla");
  const chains = useChains();
  const [editing, setEditing] = useState<Chain | "new" | null>(null);
  const columns: ColumnsType<Chain> = [
    { key: "name", title: t("chain.name"), render: (_, c) => <Typography.Text strong>{c.name}</Typography.Text> },
    { key: "levels", title: t("chain.levels"), render: (_, c) => <LevelsSummary levels={c.levels} /> },
    {
      key: "actions",
      title: "",
      render: (_, c) => (
        <Button size="small" onClick={() => setEditing(c)} data-testid={`chain-edit-${c.id}`}>
          {t("actions.edit")}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="chain-new">
          {t("chain.new")}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t("chain.intro")}</Typography.Paragraph>
      {chains.error && <ErrorAlert error={chains.error} />}
      <Table<Chain>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={chains.data ?? []}
        loading={chains.isPending}
        pagination={false}
        locale={{ emptyText: <Empty description={t("chain.empty")} /> }}
        onRow={(c) => ({ "data-testid": `chain-row-${c.id}` }) as HTMLAttributes<HTMLElement>}
      />
      {editing && <ChainDialog chain={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

const FIRST_LEVELS: ChainLevel[] = [
  { target: "assignee", after_minutes: 0 },
  { target: "supervisor_on_duty", after_minutes: 30 },
  { target: "manager", after_minutes: 30 },
];

function ChainDialog({ chain, onClose }: { chain: Chain | null; onClose: () => void }) {
  const { t } = useTranslation("sla");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [name, setName] = useState(chain?.name ?? "");
  const [levels, setLevels] = useState<ChainLevel[]>(() => (chain ? chain.levels.map((l) => ({ ...l })) : FIRST_LEVELS));
  const [checked, setChecked] = useState(false);

  const save = useMutation({
    mutationFn: () => saveChain(chain?.id ?? null, { name: name.trim(), levels }),
    onSuccess: (saved) => {
      void message.success(t("chain.saved", { name: saved.name }));
      void client.invalidateQueries({ queryKey: CHAINS_KEY });
      onClose();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const fieldText = (prefix: string) =>
    Object.entries(fields)
      .filter(([field]) => field === prefix || field.startsWith(`${prefix}.`))
      .flatMap(([, value]) => (Array.isArray(value) ? value.map(String) : [String(value)]))
      .join(" ");
  const nameMissing = checked && !name.trim();
  const levelsBad = levels.length === 0 || levels.some((l) => !Number.isInteger(l.after_minutes));

  const set = (index: number, change: Partial<ChainLevel>) =>
    setLevels((old) => old.map((l, k) => (k === index ? { ...l, ...change } : l)));
  const move = (index: number, by: -1 | 1) =>
    setLevels((old) => {
      const next = [...old];
      const [level] = next.splice(index, 1);
      next.splice(index + by, 0, level!);
      return next;
    });

  const submit = () => {
    setChecked(true);
    if (name.trim() && !levelsBad) save.mutate();
  };

  const levelsError = fieldText("levels") || (checked && levels.length === 0 ? t("chain.noLevels") : "");
  return (
    <Modal
      open
      width={640}
      title={chain ? t("chain.editTitle", { name: chain.name }) : t("chain.new")}
      onCancel={onClose}
      onOk={submit}
      okText={t("actions.save")}
      okButtonProps={{ loading: save.isPending, "data-testid": "chain-save" }}
      destroyOnHidden
    >
      {save.error && <ErrorAlert error={save.error} />}
      {chain && <Typography.Paragraph type="secondary">{t("chain.snapshotHelp")}</Typography.Paragraph>}
      <Form layout="vertical" component="div" requiredMark={false}>
        <Form.Item
          label={t("chain.name")}
          htmlFor="chain-name"
          validateStatus={nameMissing || fieldText("name") ? "error" : undefined}
          help={nameMissing ? t("form.required") : fieldText("name") || undefined}
        >
          <Input id="chain-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} data-testid="chain-name" />
        </Form.Item>
        <Typography.Text strong>{t("chain.levels")}</Typography.Text>
        <ol style={{ paddingLeft: 20 }} data-testid="chain-levels">
          {levels.map((level, index) => (
            <li key={index} data-testid={`chain-level-${index}`} style={{ marginBottom: 8 }}>
              <Space wrap size="small">
                <Select
                  value={level.target}
                  onChange={(target) => set(index, { target })}
                  options={TARGET_KINDS.map((k) => ({ value: k, label: t(`targets.${k}`) }))}
                  style={{ width: 260 }}
                  aria-label={t("chain.target", { n: index + 1 })}
                  data-testid={`chain-target-${index}`}
                />
                <InputNumber<number>
                  value={level.after_minutes}
                  min={0}
                  max={MAX_WAIT_MINUTES}
                  precision={0}
                  onChange={(value) => set(index, { after_minutes: value ?? 0 })}
                  suffix={t("policy.min")}
                  style={{ width: 120 }}
                  aria-label={t("chain.wait", { n: index + 1 })}
                  data-testid={`chain-after-${index}`}
                />
                <Typography.Text type="secondary">
                  {index === 0 ? t("chain.afterBreachShort") : t("chain.afterPreviousShort")}
                </Typography.Text>
                <Button
                  size="small"
                  icon={<ArrowUpOutlined />}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                  aria-label={t("chain.up")}
                  data-testid={`chain-up-${index}`}
                />
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={index === levels.length - 1}
                  onClick={() => move(index, 1)}
                  aria-label={t("chain.down")}
                  data-testid={`chain-down-${index}`}
                />
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => setLevels((old) => old.filter((_, k) => k !== index))}
                  aria-label={t("chain.remove")}
                  data-testid={`chain-remove-${index}`}
                />
              </Space>
            </li>
          ))}
        </ol>
        {levelsError && (
          <div role="alert" data-testid="chain-levels-error">
            <Typography.Text type="danger">{levelsError}</Typography.Text>
          </div>
        )}
        <Button
          icon={<PlusOutlined />}
          disabled={levels.length >= 10}
          onClick={() => setLevels((old) => [...old, { target: "manager", after_minutes: 30 }])}
          data-testid="chain-add"
        >
          {t("chain.add")}
        </Button>
      </Form>
    </Modal>
  );
}
