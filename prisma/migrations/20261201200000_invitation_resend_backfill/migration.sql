-- Invitations from before the resend sweep (20261201154208_invitation_resend) that never got their
-- delivery recorded have no next_attempt_at, so the sweep would never see them, and nothing says what
-- became of them. Their instance stopped during or before the send: the message may have arrived, so as
-- with any interrupted send they are given up as "interrupted" rather than sent a second time.
UPDATE "invitation"
SET "given_up_at" = CURRENT_TIMESTAMP, "failure" = 'interrupted'
WHERE "delivered_at" IS NULL AND "next_attempt_at" IS NULL AND "given_up_at" IS NULL;
