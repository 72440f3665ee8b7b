CREATE TABLE "performance_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"performance_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_user_id" uuid NOT NULL,
	"reason" text,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_settings" (
	"school_id" uuid PRIMARY KEY NOT NULL,
	"selection_outcomes_max" smallint DEFAULT 6 NOT NULL,
	"selection_performances_max" smallint DEFAULT 10 NOT NULL,
	"outcomes_per_semester" smallint DEFAULT 20 NOT NULL,
	"outcomes_per_course" smallint DEFAULT 5 NOT NULL,
	"selection_window_mode" text DEFAULT 'shared' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_settings_positive" CHECK ("school_settings"."selection_outcomes_max" > 0 and "school_settings"."selection_performances_max" > 0
        and "school_settings"."outcomes_per_semester" > 0 and "school_settings"."outcomes_per_course" > 0),
	CONSTRAINT "school_settings_mode" CHECK ("school_settings"."selection_window_mode" in ('shared', 'perOffice'))
);
--> statement-breakpoint
ALTER TABLE "performance_events" ADD CONSTRAINT "performance_events_performance_id_performances_id_fk" FOREIGN KEY ("performance_id") REFERENCES "public"."performances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_events" ADD CONSTRAINT "performance_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_settings" ADD CONSTRAINT "school_settings_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_settings" ADD CONSTRAINT "school_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "performance_events_performance_idx" ON "performance_events" USING btree ("performance_id","at");