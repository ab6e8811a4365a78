"""Live chat: conversations between website visitors and agents, over websockets."""
