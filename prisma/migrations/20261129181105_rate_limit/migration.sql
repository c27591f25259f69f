-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "tokens" REAL NOT NULL,
    "updatedAt" BIGINT NOT NULL,
    "taken" INTEGER NOT NULL DEFAULT 0
);
