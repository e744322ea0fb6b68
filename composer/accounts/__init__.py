"""Accounts: users, roles, passwords, API tokens and sessions."""
