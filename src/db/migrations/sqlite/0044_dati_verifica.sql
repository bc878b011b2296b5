-- 0044_dati_verifica: an answer to a data campaign validated as a job
-- (issue 15 item 2; docs/dati-campagne.md, "Validation as a job").
--
-- dati_campagna_comune.job_id: the validation job (the jobs table, 0011)
-- of the Comune's last upload still being checked, NULL when none is: the
-- board and the Comune's page show it as 'in verifica' with the job's
-- progress.  The job clears it when it records the answer; a job that
-- failed (the server stopped) leaves it, and the board says so.  No
-- foreign key: the jobs table belongs to src/jobs.
ALTER TABLE dati_campagna_comune ADD COLUMN job_id INTEGER;
