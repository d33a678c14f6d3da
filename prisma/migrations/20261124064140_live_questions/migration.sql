-- CreateEnum
CREATE TYPE "QuestionStatus" AS ENUM ('open', 'asking', 'answered', 'dismissed');

-- AlterEnum
ALTER TYPE "LiveKind" ADD VALUE 'question';

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "discussionThreadId" INTEGER;

-- AlterTable
ALTER TABLE "LiveItem" ADD COLUMN     "anonymous" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "answeredAt" TIMESTAMP(3),
ADD COLUMN     "photoKey" TEXT,
ADD COLUMN     "questionStatus" "QuestionStatus",
ADD COLUMN     "voteCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "LiveVote" (
    "itemId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiveVote_pkey" PRIMARY KEY ("itemId","userId")
);

-- CreateTable
CREATE TABLE "LiveReporter" (
    "eventId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "appointedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiveReporter_pkey" PRIMARY KEY ("eventId","userId")
);

-- CreateIndex
CREATE INDEX "LiveVote_userId_idx" ON "LiveVote"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_discussionThreadId_key" ON "Event"("discussionThreadId");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_discussionThreadId_fkey" FOREIGN KEY ("discussionThreadId") REFERENCES "Thread"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveVote" ADD CONSTRAINT "LiveVote_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LiveItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveVote" ADD CONSTRAINT "LiveVote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveReporter" ADD CONSTRAINT "LiveReporter_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveReporter" ADD CONSTRAINT "LiveReporter_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveReporter" ADD CONSTRAINT "LiveReporter_appointedById_fkey" FOREIGN KEY ("appointedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The forum that holds every event's event space (one thread per event).
INSERT INTO "Forum" ("slug", "name", "description", "kind", "position", "updatedAt")
VALUES ('event-spaces', 'Event spaces', 'Reflections, slides and follow-ups from community events: one discussion per event, open before and after the day.', 'theme', 1000, CURRENT_TIMESTAMP)
ON CONFLICT ("slug") DO NOTHING;
