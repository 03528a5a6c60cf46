-- AlterTable
ALTER TABLE "users" ADD COLUMN "web_push_subscription_config" TEXT;
