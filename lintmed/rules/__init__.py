"""The rule set: its data model, schema check and loading."""
