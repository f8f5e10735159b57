-- Loadline schema, version 2: threshold verdicts on runs, and a plan's baseline run.

-- Each threshold's rule, scope, observed value and verdict, as a JSON list; NULL for runs
-- that ended before thresholds existed, '[]' for a plan without thresholds.
ALTER TABLE runs ADD COLUMN thresholds_json TEXT;

-- The run that baseline-relative thresholds and comparisons use; no foreign key, like
-- runs.plan_id, so deleting runs never fails on it (a missing run means no baseline).
ALTER TABLE plans ADD COLUMN baseline_run_id INTEGER;
