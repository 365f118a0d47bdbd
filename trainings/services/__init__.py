"""Writes of the trainings app: each service checks the actor, validates and records who did
it (django-simple-history), whoever calls it: a view, the import, the demo loader."""
