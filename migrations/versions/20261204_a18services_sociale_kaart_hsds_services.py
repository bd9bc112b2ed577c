"""Sociale kaart: services in Open Referral's HSDS 3.0 model (organization, service,
location, service_at_location, schedule, phone, taxonomy terms and their attributes, cost
options, languages, accessibility), with Buurthulp's facets and upkeep on the service. The notifications' kind gains
"service_check" (the six-month reminder), "service_referral" and "referral_outcome" (a warm
hand-over and its outcome a week later; table ``sociale_kaart_referrals``), so
``ck_notifications_kind`` is made again.

Revision ID: a18services
Revises: a17search
Create Date: 2026-12-04 00:05:09.416528
"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a18services'
down_revision = "a17search"
branch_labels = None
depends_on = None

# The notifications' kinds before and after (the reminder "klopt deze dienst nog?" is new),
# written out: a revision imports nothing from the app.
NOTIFICATION_KINDS_BEFORE = (
    "confirm_email",
    "reset_password",
    "new_match",
    "new_response",
    "response_accepted",
    "response_declined",
    "new_message",
    "posting_approved",
    "posting_rejected",
    "posting_expired",
    "posting_hidden",
    "organisation_approved",
    "request_widened",
    "request_listed",
    "request_claimed",
    "follow_up",
    "digest",
    "organisation_invitation",
    "client_invite",
    "application_status",
    "reference_written",
    "email_change",
    "email_changed",
    "password_changed",
    "two_factor_changed",
    "dormant_account",
    "response_withdrawn",
    "thank_you",
    "signal_new",
    "signal_overdue",
    "signal_received",
    "signal_visited",
    "signal_status_link",
    "signal_visit_planned",
)
NOTIFICATION_KINDS_AFTER = (
    *NOTIFICATION_KINDS_BEFORE,
    "service_check",
    "service_referral",
    "referral_outcome",
)


def _kind_check(values: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _replace_kind_check(values: tuple[str, ...]) -> None:
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_constraint(op.f("ck_notifications_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_notifications_kind"), _kind_check(values))



def upgrade() -> None:
    op.create_table('hsds_taxonomy_terms',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('taxonomy', sa.Enum('probleem', 'doelgroep', name='taxonomy', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('parent_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['hsds_taxonomy_terms.id'], name=op.f('fk_hsds_taxonomy_terms_parent_id_hsds_taxonomy_terms'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsds_taxonomy_terms'))
    )
    op.create_table('hsds_organizations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_hsds_organizations_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsds_organizations'))
    )
    with op.batch_alter_table('hsds_organizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsds_organizations_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('hsds_locations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('organization_id', sa.String(length=64), nullable=True),
    sa.Column('location_type', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('transportation', sa.Text(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('address_1', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('postal_code', sa.String(length=10), nullable=False),
    sa.Column('wijk', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['hsds_organizations.id'], name=op.f('fk_hsds_locations_organization_id_hsds_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsds_locations'))
    )
    with op.batch_alter_table('hsds_locations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsds_locations_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hsds_locations_wijk'), ['wijk'], unique=False)

    op.create_table('hsds_services',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('organization_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('alternate_name', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('status', sa.Enum('active', 'inactive', 'defunct', 'temporarily closed', name='status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('application_process', sa.Text(), nullable=False),
    sa.Column('fees_description', sa.Text(), nullable=False),
    sa.Column('eligibility_description', sa.Text(), nullable=False),
    sa.Column('minimum_age', sa.Integer(), nullable=True),
    sa.Column('maximum_age', sa.Integer(), nullable=True),
    sa.Column('assured_date', sa.Date(), nullable=True),
    sa.Column('assurer_email', sa.String(length=254), nullable=True),
    sa.Column('last_modified', sa.DateTime(), nullable=False),
    sa.Column('delivery', sa.Enum('group', 'individual', 'both', name='delivery', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('setting', sa.Enum('at_home', 'elsewhere', 'both', name='setting', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('cost_kind', sa.Enum('free', 'subsidised', 'paid', name='cost_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('frequency', sa.Enum('one_off', 'ongoing', name='frequency', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('referral_required', sa.Boolean(), nullable=False),
    sa.Column('income_limit', sa.String(length=200), nullable=True),
    sa.Column('publication', sa.Enum('pending', 'approved', 'rejected', name='publication', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('reminder_sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['hsds_organizations.id'], name=op.f('fk_hsds_services_organization_id_hsds_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsds_services'))
    )
    with op.batch_alter_table('hsds_services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsds_services_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index('ix_hsds_services_publication_status', ['publication', 'status'], unique=False)

    op.create_table('hsds_accessibility',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('location_id', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['hsds_locations.id'], name=op.f('fk_hsds_accessibility_location_id_hsds_locations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsds_accessibility'))
    )
    with op.batch_alter_table('hsds_accessibility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsds_accessibility_location_id'), ['location_id'], unique=False)

    op.create_table('hsds_attributes',
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('taxonomy_term_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['hsds_services.id'], name=op.f('fk_hsds_attributes_service_id_hsds_services'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['taxonomy_term_id'], ['hsds_taxonomy_terms.id'], name=op.f('fk_hsds_attributes_taxonomy_term_id_hsds_taxonomy_terms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_id', 'taxonomy_term_id', name=op.f('pk_hsds_attributes'))
    )
    with op.batch_alter_table('hsds_attributes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsds_attributes_taxonomy_term_id'), ['taxonomy_term_id'], unique=False)

    op.create_table('hsds_cost_options',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('option', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('amount_description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['hsds_services.id'], name=op.f('fk_hsds_cost_options_service_id_hsds_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsds_cost_options'))
    )
    with op.batch_alter_table('hsds_cost_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsds_cost_options_service_id'), ['service_id'], unique=False)

    op.create_table('hsds_languages',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['hsds_services.id'], name=op.f('fk_hsds_languages_service_id_hsds_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsds_languages'))
    )
    with op.batch_alter_table('hsds_languages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsds_languages_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_hsds_languages_service_id'), ['service_id'], unique=False)

    op.create_table('hsds_phones',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('organization_id', sa.String(length=64), nullable=True),
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['hsds_locations.id'], name=op.f('fk_hsds_phones_location_id_hsds_locations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['hsds_organizations.id'], name=op.f('fk_hsds_phones_organization_id_hsds_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['hsds_services.id'], name=op.f('fk_hsds_phones_service_id_hsds_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsds_phones'))
    )
    with op.batch_alter_table('hsds_phones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsds_phones_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hsds_phones_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hsds_phones_service_id'), ['service_id'], unique=False)

    op.create_table('hsds_service_at_locations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('location_id', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['hsds_locations.id'], name=op.f('fk_hsds_service_at_locations_location_id_hsds_locations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['hsds_services.id'], name=op.f('fk_hsds_service_at_locations_service_id_hsds_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsds_service_at_locations'))
    )
    with op.batch_alter_table('hsds_service_at_locations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsds_service_at_locations_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hsds_service_at_locations_service_id'), ['service_id'], unique=False)

    op.create_table('hsds_schedules',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('service_at_location_id', sa.String(length=64), nullable=True),
    sa.Column('freq', sa.String(length=10), nullable=False),
    sa.Column('byday', sa.String(length=40), nullable=False),
    sa.Column('opens_at', sa.String(length=8), nullable=True),
    sa.Column('closes_at', sa.String(length=8), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['hsds_locations.id'], name=op.f('fk_hsds_schedules_location_id_hsds_locations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_at_location_id'], ['hsds_service_at_locations.id'], name=op.f('fk_hsds_schedules_service_at_location_id_hsds_service_at_locations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['hsds_services.id'], name=op.f('fk_hsds_schedules_service_id_hsds_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsds_schedules'))
    )
    with op.batch_alter_table('hsds_schedules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsds_schedules_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hsds_schedules_service_at_location_id'), ['service_at_location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hsds_schedules_service_id'), ['service_id'], unique=False)
    op.create_table('sociale_kaart_referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('referred_by_id', sa.Integer(), nullable=True),
    sa.Column('consent_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('ask_outcome_at', sa.DateTime(), nullable=False),
    sa.Column('outcome_asked_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.Enum('helped', 'in_progress', 'not_reached', 'declined', name='outcome', native_enum=False, create_constraint=True, length=12), nullable=True),
    sa.Column('outcome_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['referred_by_id'], ['users.id'], name=op.f('fk_sociale_kaart_referrals_referred_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['hsds_services.id'], name=op.f('fk_sociale_kaart_referrals_service_id_hsds_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sociale_kaart_referrals'))
    )
    with op.batch_alter_table('sociale_kaart_referrals', schema=None) as batch_op:
        batch_op.create_index('ix_sociale_kaart_referrals_due', ['outcome_asked_at', 'ask_outcome_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sociale_kaart_referrals_referred_by_id'), ['referred_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sociale_kaart_referrals_service_id'), ['service_id'], unique=False)

    _replace_kind_check(NOTIFICATION_KINDS_AFTER)


def downgrade() -> None:
    _replace_kind_check(NOTIFICATION_KINDS_BEFORE)
    with op.batch_alter_table('sociale_kaart_referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sociale_kaart_referrals_service_id'))
        batch_op.drop_index(batch_op.f('ix_sociale_kaart_referrals_referred_by_id'))
        batch_op.drop_index('ix_sociale_kaart_referrals_due')

    op.drop_table('sociale_kaart_referrals')

    with op.batch_alter_table('hsds_schedules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hsds_schedules_service_id'))
        batch_op.drop_index(batch_op.f('ix_hsds_schedules_service_at_location_id'))
        batch_op.drop_index(batch_op.f('ix_hsds_schedules_location_id'))

    op.drop_table('hsds_schedules')
    with op.batch_alter_table('hsds_service_at_locations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hsds_service_at_locations_service_id'))
        batch_op.drop_index(batch_op.f('ix_hsds_service_at_locations_location_id'))

    op.drop_table('hsds_service_at_locations')
    with op.batch_alter_table('hsds_phones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hsds_phones_service_id'))
        batch_op.drop_index(batch_op.f('ix_hsds_phones_organization_id'))
        batch_op.drop_index(batch_op.f('ix_hsds_phones_location_id'))

    op.drop_table('hsds_phones')
    with op.batch_alter_table('hsds_languages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hsds_languages_service_id'))
        batch_op.drop_index(batch_op.f('ix_hsds_languages_code'))

    op.drop_table('hsds_languages')
    with op.batch_alter_table('hsds_cost_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hsds_cost_options_service_id'))

    op.drop_table('hsds_cost_options')
    with op.batch_alter_table('hsds_attributes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hsds_attributes_taxonomy_term_id'))

    op.drop_table('hsds_attributes')
    with op.batch_alter_table('hsds_accessibility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hsds_accessibility_location_id'))

    op.drop_table('hsds_accessibility')
    with op.batch_alter_table('hsds_services', schema=None) as batch_op:
        batch_op.drop_index('ix_hsds_services_publication_status')
        batch_op.drop_index(batch_op.f('ix_hsds_services_organization_id'))

    op.drop_table('hsds_services')
    with op.batch_alter_table('hsds_locations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hsds_locations_wijk'))
        batch_op.drop_index(batch_op.f('ix_hsds_locations_organization_id'))

    op.drop_table('hsds_locations')
    with op.batch_alter_table('hsds_organizations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hsds_organizations_organisation_id'))

    op.drop_table('hsds_organizations')
    op.drop_table('hsds_taxonomy_terms')
