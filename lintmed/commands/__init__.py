"""The commands below the CLI: each takes plain values and returns results; nothing here prints or exits."""
