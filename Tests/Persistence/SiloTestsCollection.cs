namespace OrleansBackend.Tests.Persistence;

/// <summary>
/// The persistence and stream tests that start silos of their own (single in-process silos on SQLite or PostgreSQL, and
/// TCP clusters on Redis and PostgreSQL): one at a time, on a machine with two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SiloTestsCollection
{
    public const string Name = "Persistence and streams on silos";
}
