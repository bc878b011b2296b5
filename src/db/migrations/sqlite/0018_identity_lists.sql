-- 0018_identity_lists.sql - the orders of the users list (GET
-- /api/v1/users, docs/internals/lists.md) served by indexes: each page is
-- a range of one of them continued from the previous page's last account
-- (keyset), not a sort of every account.  By id: the primary key; by
-- e-mail: (email, id); by name: the lower-cased name, as the list orders.
CREATE INDEX app_user_email_id ON app_user (email, id);
CREATE INDEX app_user_nome ON app_user (LOWER(name), id);
