-- The sign-in limiter now keys attempts by an HMAC under a server secret;
-- the attempts stored under the old plain SHA-256 keys (of e-mails and
-- addresses, reversible by enumeration) go now rather than within a day.
DELETE FROM login_attempts;
