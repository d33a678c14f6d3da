-- Trigram matching for typo tolerance and "did you mean".
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateTable
CREATE TABLE "SearchEntry" (
    "id" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "context" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "page" INTEGER,
    "themes" TEXT[],
    "places" TEXT[],
    "date" TIMESTAMP(3) NOT NULL,
    "year" INTEGER NOT NULL,
    "visibility" TEXT NOT NULL,
    -- Edited by hand: generated, weighted (title A, context B, body D). The 'simple' config keeps whole words.
    "searchVector" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, "title"), 'A') ||
        setweight(to_tsvector('simple'::regconfig, "context"), 'B') ||
        setweight(to_tsvector('simple'::regconfig, "body"), 'D')
    ) STORED,

    CONSTRAINT "SearchEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchWord" (
    "word" TEXT NOT NULL,

    CONSTRAINT "SearchWord_pkey" PRIMARY KEY ("word")
);

-- CreateIndex
CREATE INDEX "SearchEntry_entity_idx" ON "SearchEntry"("entity");

-- CreateIndex
CREATE INDEX "SearchEntry_searchVector_idx" ON "SearchEntry" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "SearchEntry_date_idx" ON "SearchEntry"("date");

-- CreateIndex
CREATE INDEX "SearchWord_word_idx" ON "SearchWord" USING GIST ("word" gist_trgm_ops);
