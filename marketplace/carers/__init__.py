"""Acting for someone else, with consent: a mantelzorger, family member or neighbour asks
(or the helpdesk records on paper or by phone) to post requests, answer responses and
accept a volunteer for someone. The consent itself is the core's
(``marketplace.accounts.delegations``), so postings and responses can ask it."""
