"""Concern signals: "Ik maak me zorgen om iemand".

Anyone passes on a worry about someone who may be isolated; the organisation that handles
signals for that wijk goes to the door within a set time (``SIGNAL_FIRST_CONTACT_HOURS``).
A signal is never public. The reporter sees only its status, and the person visited never
learns who made it.
"""
