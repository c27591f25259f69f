-- A message that failed after routing (the gateway refused it or reported it undelivered) now
-- names its failure like a refused one does, so the API and the dashboard read one errorCode.
-- Rows written before carry no name; their cause was a delivery failure, or a gateway refusal
-- that cannot be told from one any more.
UPDATE "Message" SET "errorName" = 'delivery_failed' WHERE "status" = 'failed' AND "errorName" IS NULL;
