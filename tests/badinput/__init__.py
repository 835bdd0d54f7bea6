"""The bad-input suite: every URL of the URL conf and every page route, walked with garbage by a
visitor, a member and a staff member, asserting that nothing answers with a 5xx."""
