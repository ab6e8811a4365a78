import { DeleteOutlined, EditOutlined, UserAddOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";
import type { Membership, Queue } from "../api/types";
import { ME_KEY } from "../auth/AuthContext";
import { errorMessage } from "../customers/FormParts";
import { MemberDialog } from "./MemberDialog";
import { QUEUES_KEY } from "./queries";

/** The members of one queue. Live load is not in the API, so it is not shown. */
export function QueueMembers({ queue, lead }: { queue: Queue; lead: boolean }) {
  const { t } = useTranslation("queues");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  // null: closed; "new": adding; a membership: changing it.
  const [editing, setEditing] = useState<Membership | "new" | null>(null);

  const remove = useMutation({
    mutationFn: (member: Membership) =>
      api<void>(`/queues/${queue.id}/members/${member.user.id}/`, { method: "DELETE" }),
    onSuccess: () => {
      message.success(t("removed"));
      void client.invalidateQueries({ queryKey: QUEUES_KEY });
      void client.invalidateQueries({ queryKey: ME_KEY });
    },
    onError: (error) => message.error(errorMessage(error, tc("errors.generic"))),
  });

  const columns: ColumnsType<Membership> = [
    {
      key: "user",
      title: t("members.user"),
      render: (_, m) => (
        <>
          {m.user.name || m.user.username}{" "}
          <Typography.Text type="secondary">{m.user.username}</Typography.Text>
        </>
      ),
    },
    { key: "role", title: t("members.role"), render: (_, m) => tc(`roles.${m.role}`) },
    {
      key: "capacity",
      title: t("members.capacity"),
      render: (_, m) =>
        m.capacity === null
          ? t("members.capacityDefault", { effective: m.effective_capacity })
          : t("members.capacityValue", { capacity: m.capacity, effective: m.effective_capacity }),
    },
    {
      key: "skills",
      title: t("members.skills"),
      render: (_, m) => m.skills.map((s) => <Tag key={s}>{s}</Tag>),
    },
    {
      key: "routing",
      title: t("members.routing"),
      render: (_, m) => (m.accepts_routing ? t("members.yes") : t("members.no")),
    },
  ];
  if (lead) {
    columns.push({
      key: "actions",
      title: t("members.actions"),
      render: (_, m) => {
        const who = m.user.name || m.user.username;
        return (
          <Space>
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing(m)}
              aria-label={`${t("actions.edit")} ${who}`}
              data-testid={`member-edit-${queue.id}-${m.user.id}`}
            >
              {t("actions.edit")}
            </Button>
            <Popconfirm
              title={t("confirmRemove", { user: who, queue: queue.name })}
              okText={t("actions.remove")}
              cancelText={t("actions.cancel")}
              onConfirm={() => remove.mutate(m)}
              okButtonProps={{ "data-testid": "member-remove-confirm" }}
            >
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                loading={remove.isPending && remove.variables?.id === m.id}
                aria-label={`${t("actions.remove")} ${who}`}
                data-testid={`member-remove-${queue.id}-${m.user.id}`}
              >
                {t("actions.remove")}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    });
  }

  return (
    <div aria-label={t("members.title", { queue: queue.name })} role="region">
      <Table<Membership>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={queue.memberships}
        pagination={false}
        locale={{ emptyText: t("members.empty") }}
        onRow={(m) =>
          ({ "data-testid": `member-${queue.id}-${m.user.id}` }) as React.HTMLAttributes<HTMLElement>
        }
      />
      {lead && (
        <Button
          style={{ marginTop: 8 }}
          icon={<UserAddOutlined />}
          onClick={() => setEditing("new")}
          data-testid={`member-add-${queue.id}`}
        >
          {t("actions.add")}
        </Button>
      )}
      {lead && (
        <MemberDialog
          queue={queue}
          member={editing === "new" ? null : editing}
          open={editing !== null}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}
