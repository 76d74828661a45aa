"""The import engine behind the API, the CLI and the web: dry run, then confirm (issue #18)."""
