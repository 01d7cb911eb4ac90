-- The ADO.NET providers of Orleans read their statements from this table when they start: one row per statement,
-- keyed by the name the provider asks for. Later migrations add the rows for each provider.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);
