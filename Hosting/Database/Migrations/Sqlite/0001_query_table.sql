-- The ADO.NET providers of Orleans read their statements from this table when they start: one row per statement,
-- keyed by the name the provider asks for. Later migrations add the rows for each provider. (Statement texts are SQL
-- string literals here, so a quote inside one is written twice.)
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
