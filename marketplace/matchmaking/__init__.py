"""Matchmakers: welfare staff who phone round for a request, invite volunteers, keep a case
log, and record volunteers' credentials (VOG, trainings)."""
