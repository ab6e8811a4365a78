"""What a chat gives a complaint as evidence: its messages (with files) as snapshots.

Registered with ``helpdesk.complaints.evidence`` in ``ChatConfig.ready`` (the core never imports
chat; chat tells the core how to read it).
"""

from __future__ import annotations

from .models import ChatMessage, Conversation, Party


def chat_drafts(item) -> list:
    from helpdesk.complaints.evidence import Draft
    from helpdesk.complaints.models import EvidenceKind
    from helpdesk.complaints.models import Party as EvidenceParty

    conversation = Conversation.objects.filter(pk=item.pk).first()
    if conversation is None:
        return []
    party_of = {
        Party.VISITOR: EvidenceParty.CUSTOMER,
        Party.AGENT: EvidenceParty.STAFF,
        Party.SYSTEM: EvidenceParty.SYSTEM,
    }
    drafts = []
    messages = ChatMessage.objects.filter(conversation=conversation).select_related("author")
    for message in messages.order_by("seq"):
        if message.sender == Party.VISITOR:
            who = conversation.visitor_name
        else:
            who = message.author.name if message.author_id else ""
        drafts.append(
            Draft(
                kind=EvidenceKind.MESSAGE,
                source_key=f"chat_message:{message.pk}",
                source_ref=f"{item.reference}#{message.seq}",
                occurred_at=message.created_at,
                body=message.body,
                party=party_of.get(message.sender, EvidenceParty.SYSTEM),
                author_id=message.author_id,
                author_name=who,
                internal=message.internal,
                file_name=message.attachment.name or "",
                filename=message.attachment_name,
                content_type=message.attachment_type,
                size=message.attachment_size,
                data={"seq": message.seq, "sender": message.sender},
            )
        )
    return drafts
