"""What can go wrong when someone answers "Is het gelukt?"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError


class FollowUpError(DomainError, message=_l("Dat lukt nu niet.")): ...


class InvalidAnswer(FollowUpError, message=_l("Kies ‘Ja’, ‘Nog niet’ of ‘Nee’.")): ...


class AnswerFinal(FollowUpError):
    """After "no" the request went back into matching; that cannot be taken back here."""

    message = _l(
        "U heeft al laten weten dat het niet is gelukt. We zoeken iemand anders. "
        "Is het toch gelukt? Stuur dan een bericht in het gesprek."
    )
