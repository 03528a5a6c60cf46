-- AlterTable
ALTER TABLE "users" ADD COLUMN "dailyMessageLimit" INTEGER;
