"""How long Buurthulp keeps personal data, and the purges that enforce it."""
