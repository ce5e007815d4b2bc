-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "escalationDueAt" TIMESTAMP(3),
ADD COLUMN     "escalationPass" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "escalationStep" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "escalationPolicyId" TEXT;

-- CreateTable
CREATE TABLE "EscalationPolicy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "steps" TEXT NOT NULL,
    "repeat" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EscalationPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Incident_escalationDueAt_idx" ON "Incident"("escalationDueAt");

-- CreateIndex
CREATE INDEX "Service_escalationPolicyId_idx" ON "Service"("escalationPolicyId");
