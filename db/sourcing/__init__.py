"""Sources an analyst adds: reading a file into readable text, passages, suggestions to review,
and newer versions of a source that replace one (with its citations re-anchored)."""
