"""The person's rights to their data: see everything we hold ("Mijn gegevens") and have it
erased ("Account verwijderen"); admins and organisation staff erase on someone's behalf."""
