"""Sources in the window: adding a file or pasted text, reviewing its suggestions, and citing
or naming entries from a selection in the source reader."""
