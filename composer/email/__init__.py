"""The email: one render path, CSS inliner, lint, mailing-service profiles, brand and export."""
