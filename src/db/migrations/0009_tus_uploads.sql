CREATE TABLE "tus_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"info" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "tus_uploads_created_idx" ON "tus_uploads" USING btree ("created_at");