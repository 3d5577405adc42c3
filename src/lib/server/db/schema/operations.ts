import { bigint, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { oneOf, tstz } from './common';
import { ratings } from './ratings';

/**
 * Sign-in attempts per key (`address:<ip>`, `account:<name>`), shared by every app process
 * (auth/throttle-store.ts). A success deletes the key's row; the hourly maintenance job drops
 * rows nobody has touched for a day.
 */
export const signInAttempts = pgTable('sign_in_attempts', {
	key: text().primaryKey(),
	failures: integer().notNull().default(0),
	nextAllowedAt: tstz().notNull(),
	updatedAt: tstz().notNull().defaultNow()
});
export type SignInAttempt = typeof signInAttempts.$inferSelect;

export const JOB_RUN_OUTCOMES = ['running', 'done', 'failed'] as const;
export type JobRunOutcome = (typeof JOB_RUN_OUTCOMES)[number];

/**
 * One row per run of a scheduled job (ops/jobs.ts). `slot` is the start of the period the run
 * serves (the hour, for an hourly job): unique per job, so however many processes are up, one
 * of them claims each period and the others skip it.
 */
export const jobRuns = pgTable(
	'job_runs',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
		job: text().notNull(),
		slot: tstz().notNull(),
		/** host:pid of the process that ran it. */
		runBy: text().notNull(),
		startedAt: tstz().notNull().defaultNow(),
		finishedAt: tstz(),
		outcome: text().$type<JobRunOutcome>().notNull().default('running'),
		/** What the run did (rows touched), or the error's name and code when it failed. */
		detail: text()
	},
	(t) => [
		uniqueIndex('job_runs_job_slot_key').on(t.job, t.slot),
		oneOf('job_runs_outcome_check', 'outcome', JOB_RUN_OUTCOMES)
	]
);
export type JobRun = typeof jobRuns.$inferSelect;

/**
 * Dissatisfied ratings waiting for the complaint sweep (complaints/sweep.ts): filled by the
 * trigger in db/sql/complaint-queue.sql in the rating's own transaction, drained with
 * SELECT … FOR UPDATE SKIP LOCKED, so the sweep needs no cursor and no process memory.
 */
export const complaintRatingQueue = pgTable(
	'complaint_rating_queue',
	{
		ratingId: bigint({ mode: 'number' })
			.primaryKey()
			.references(() => ratings.id, { onDelete: 'cascade' }),
		queuedAt: tstz().notNull().defaultNow()
	},
	(t) => [index('complaint_rating_queue_queued_at_idx').on(t.queuedAt)]
);
