"""Reads of the trainings app: what each page shows, with a number of queries that does not
grow with the number of events or participants. Every figure is counted from the participant
rows here; none is stored."""
