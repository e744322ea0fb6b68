"""Delivery: SMTP test sends and pushes to mailing services."""
