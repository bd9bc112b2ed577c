import pytest

from tests.factories import ProfileFactory, UserFactory


@pytest.fixture
def moderator():
    """A moderator with a profile, so pages show a display name."""
    return ProfileFactory(user=UserFactory(moderator=True), display_name="Mo de Rator").user


@pytest.fixture
def admin():
    return ProfileFactory(user=UserFactory(admin=True), display_name="Ad Min").user
