"""The job queue: imports, source polls and their schedule run outside requests, each recorded as a Job row."""
