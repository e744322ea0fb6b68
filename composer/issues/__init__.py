"""Issues: editing (one transaction per action), status and frozen copies, presence, list queries, preflight."""
