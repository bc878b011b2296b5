-- 0057_pcp_centro_costo: the stazione appaltante's centro di costo in the
-- PCP configuration of each environment (docs/pcp.md): every scheda the
-- lifecycle sends names it (stazioniAppaltanti[].codiceCentroCosto,
-- required by ANAC's model).  NULL until the Province's administrator
-- sets it.
ALTER TABLE pcp_config ADD COLUMN sa_centro_costo TEXT;
