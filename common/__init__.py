"""Building blocks that every app of the portal may use and that know nothing of its domain
(no model, no app of the portal is imported here)."""
