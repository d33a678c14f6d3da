-- CreateEnum
CREATE TYPE "LiveKind" AS ENUM ('comment', 'highlight');

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "liveClosedAt" TIMESTAMP(3),
ADD COLUMN     "liveOpenedAt" TIMESTAMP(3),
ADD COLUMN     "liveSeq" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "LiveItem" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" "LiveKind" NOT NULL,
    "authorId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "bodySource" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "hiddenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiveItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LiveItem_eventId_seq_key" ON "LiveItem"("eventId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "LiveItem_authorId_clientId_key" ON "LiveItem"("authorId", "clientId");

-- AddForeignKey
ALTER TABLE "LiveItem" ADD CONSTRAINT "LiveItem_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveItem" ADD CONSTRAINT "LiveItem_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
