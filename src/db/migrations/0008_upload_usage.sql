CREATE TABLE "upload_usage" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"files" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "upload_usage_non_negative" CHECK ("upload_usage"."bytes" >= 0 and "upload_usage"."files" >= 0)
);
--> statement-breakpoint
ALTER TABLE "upload_usage" ADD CONSTRAINT "upload_usage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- What the files already accepted add up to.
INSERT INTO "upload_usage" ("user_id", "bytes", "files")
SELECT "owner_user_id", coalesce(sum("size"), 0), count(*) FROM "files" GROUP BY "owner_user_id";
