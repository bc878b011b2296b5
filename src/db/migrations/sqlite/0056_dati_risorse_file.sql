-- 0056_dati_risorse_file: what the data office's uploaded resources and
-- the dataset editor's DCAT-AP_IT fields need (issue 15 items 3, 5, 7;
-- docs/dati-catalogo.md "Files as resources", "Coverage and contact").
--
-- dati_risorsa.job_id: the last ingest job queued for the resource's file
-- (its progress and its Italian error are shown on the resource); NULL
-- for a resource given by URL.
-- dati_dataset: temporal coverage (copertura_inizio / copertura_fine,
-- 'AAAA-MM-GG', either may be NULL), spatial coverage (copertura_spaziale,
-- a JSON array of checked codes: 'provincia:NNN', 'comune:NNNNNN',
-- 'nuts:ITxxx'), the contact point (contatto_nome, contatto_email: an
-- office's, never a person's).
ALTER TABLE dati_risorsa ADD COLUMN job_id INTEGER;
ALTER TABLE dati_dataset ADD COLUMN copertura_inizio TEXT;
ALTER TABLE dati_dataset ADD COLUMN copertura_fine TEXT;
ALTER TABLE dati_dataset ADD COLUMN copertura_spaziale TEXT NOT NULL DEFAULT '[]';
ALTER TABLE dati_dataset ADD COLUMN contatto_nome TEXT;
ALTER TABLE dati_dataset ADD COLUMN contatto_email TEXT;
