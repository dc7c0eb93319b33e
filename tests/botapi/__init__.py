"""A strict local Bot API server (`server.BotApiServer`) and its pytest fixture (`fixtures`)."""
