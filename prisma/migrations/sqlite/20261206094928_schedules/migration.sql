-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ScheduleLayer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheduleId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "start" DATETIME NOT NULL,
    "rotation" TEXT NOT NULL,
    "lengthHours" INTEGER,
    "handoffTime" TEXT NOT NULL,
    CONSTRAINT "ScheduleLayer_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleLayerUser" (
    "layerId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("layerId", "position"),
    CONSTRAINT "ScheduleLayerUser_layerId_fkey" FOREIGN KEY ("layerId") REFERENCES "ScheduleLayer" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScheduleLayerUser_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheduleId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "start" DATETIME NOT NULL,
    "end" DATETIME NOT NULL,
    CONSTRAINT "ScheduleOverride_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScheduleOverride_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleLayer_scheduleId_position_key" ON "ScheduleLayer"("scheduleId", "position");

-- CreateIndex
CREATE INDEX "ScheduleLayerUser_userId_idx" ON "ScheduleLayerUser"("userId");

-- CreateIndex
CREATE INDEX "ScheduleOverride_scheduleId_start_idx" ON "ScheduleOverride"("scheduleId", "start");

-- CreateIndex
CREATE INDEX "ScheduleOverride_userId_idx" ON "ScheduleOverride"("userId");
