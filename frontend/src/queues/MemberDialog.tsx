import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, InputNumber, Modal, Select, Switch } from "antd";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";
import type { Membership, Queue, Role } from "../api/types";
import { ME_KEY } from "../auth/AuthContext";
import { ErrorAlert, FormButtons } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { QUEUES_KEY } from "./queries";
import { useUsers } from "./useUsers";

const ROLES: Role[] = ["agent", "supervisor", "complaint_handler", "order_handler", "manager"];
const FIELDS = ["user", "role", "capacity", "skills", "accepts_routing"];

interface Values {
  user: number;
  role: Role;
  capacity: number | null;
  skills: string[];
  accepts_routing: boolean;
}

interface Props {
  queue: Queue;
  member: Membership | null; // null: adding someone
  open: boolean;
  onClose: () => void;
}

/** Add a member to a queue, or change one (`POST /queues/{id}/members/` does both). */
export function MemberDialog({ queue, member, open, onClose }: Props) {
  const { t } = useTranslation("queues");
  const title = member
    ? t("form.editTitle", { user: member.user.name || member.user.username, queue: queue.name })
    : t("form.addTitle", { queue: queue.name });
  return (
    <Modal open={open} title={title} onCancel={onClose} footer={null} destroyOnHidden>
      <MemberForm queue={queue} member={member} onDone={onClose} />
    </Modal>
  );
}

function MemberForm({ queue, member, onDone }: Omit<Props, "open" | "onClose"> & { onDone: () => void }) {
  const { t } = useTranslation("queues");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const users = useUsers();
  const [form] = Form.useForm<Values>();
  const userId = Form.useWatch("user", form);
  const chosen = users.data?.find((u) => u.id === userId);
  const memberIds = new Set(queue.memberships.map((m) => m.user.id));

  const save = useMutation({
    mutationFn: async (values: Values) => {
      try {
        return await api<Membership>(`/queues/${queue.id}/members/`, {
          body: {
            user: values.user,
            role: values.role,
            capacity: values.capacity ?? null,
            skills: values.skills ?? [],
            accepts_routing: values.accepts_routing,
          },
        });
      } catch (error) {
        applyFieldErrors(form, error, plainField(FIELDS));
        throw error;
      }
    },
    onSuccess: () => {
      message.success(t("saved"));
      void client.invalidateQueries({ queryKey: QUEUES_KEY });
      void client.invalidateQueries({ queryKey: ME_KEY });
      onDone();
    },
  });

  const initial: Partial<Values> = member
    ? {
        user: member.user.id,
        role: member.role,
        capacity: member.capacity,
        skills: member.skills,
        accepts_routing: member.accepts_routing,
      }
    : { capacity: null, skills: [], accepts_routing: true };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={initial}
      onFinish={(values) => save.mutate(values)}
      onValuesChange={(changed: Partial<Values>) => {
        // A newly chosen user starts with a role they hold.
        const held = users.data?.find((u) => u.id === changed.user)?.roles;
        if (changed.user && held?.length) {
          form.setFieldValue("role", held.includes("agent") ? "agent" : held[0]);
        }
      }}
    >
      {save.error && <ErrorAlert error={save.error} />}
      <Form.Item
        label={t("form.user")}
        name="user"
        rules={[{ required: true, message: t("form.required") }]}
        extra={
          chosen && t("form.heldRoles", { roles: chosen.roles.map((r) => tc(`roles.${r}`)).join("、") })
        }
      >
        <Select
          disabled={member !== null}
          showSearch={{ optionFilterProp: "label" }}
          loading={users.isLoading}
          data-testid="member-user"
          options={(users.data ?? [])
            .filter((u) => member !== null || !memberIds.has(u.id))
            .map((u) => ({ value: u.id, label: `${u.name} (${u.username})` }))}
        />
      </Form.Item>
      <Form.Item
        label={t("form.role")}
        name="role"
        rules={[{ required: true, message: t("form.required") }]}
      >
        <Select
          data-testid="member-role"
          options={ROLES.map((r) => ({ value: r, label: tc(`roles.${r}`) }))}
        />
      </Form.Item>
      <Form.Item
        label={t("form.capacity")}
        name="capacity"
        extra={t("form.capacityHint", { capacity: queue.default_capacity })}
      >
        <InputNumber min={1} max={1000} precision={0} data-testid="member-capacity" />
      </Form.Item>
      <Form.Item label={t("form.skills")} name="skills" extra={t("form.skillsHint")}>
        <Select mode="tags" tokenSeparators={[",", "，"]} data-testid="member-skills" />
      </Form.Item>
      <Form.Item label={t("form.routing")} name="accepts_routing" valuePropName="checked">
        <Switch data-testid="member-routing" />
      </Form.Item>
      <FormButtons
        onCancel={onDone}
        submitLabel={t("actions.save")}
        busy={save.isPending}
        testId="member-save"
      />
    </Form>
  );
}
