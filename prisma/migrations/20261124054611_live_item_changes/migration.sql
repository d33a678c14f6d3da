-- AlterTable
ALTER TABLE "LiveItem" ADD COLUMN     "updatedSeq" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "LiveItem_eventId_updatedSeq_idx" ON "LiveItem"("eventId", "updatedSeq");

-- Existing items were last changed when they were created.
UPDATE "LiveItem" SET "updatedSeq" = "seq";
