"""The apps: the employee survey, the manager dashboard, serving them, and `kmkit check`."""
