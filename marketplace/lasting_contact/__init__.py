"""Lasting contact: a request for a maatje, a weekly walk or a telefoonmaatje. Once a
volunteer is accepted the pair keeps a weekly rhythm (day and time), gets a reminder before
each meeting and a check-in after 1, 6 and 13 weeks ("Gaat het goed?"). When it ends, the
welfare organisation serving the wijk is told and the request can be reopened."""
