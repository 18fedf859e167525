"""Writing entries in the window: the entry editor, its entry picker, and the Edit commands
(New Entry, Edit Entry, Delete Entry, Undo, choosing a preferred statement)."""
