"""The map of published postings, by neighbourhood: approximate points only, never exact."""
