"""The wijkagenda: what happens in the neighbourhood (the coffee morning, the walking group,
the meal on Wednesday), one-off or as a weekly series, with signing up per date.

Activities by an approved organisation go up at once; a resident's wait for a moderator,
like a posting. A series is stored as an RFC 5545 rule (RRULE) with exceptions (EXDATE)
and expanded into dates for the days a page shows, in Rotterdam's time.
"""
