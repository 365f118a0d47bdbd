"""The parts of a programme that monitoring adds (planning.parts): their history is kept, like
planning's, so that a corrected value shows old → new."""

from planning.parts import register_translations_and_history

register_translations_and_history("monitoring")
