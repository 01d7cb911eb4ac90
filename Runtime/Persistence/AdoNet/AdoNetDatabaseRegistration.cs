namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>A database the silo uses, so that <see cref="AdoNetSchemaInitializer"/> migrates it at start-up.</summary>
internal sealed record AdoNetDatabaseRegistration(string Name, Func<IServiceProvider, AdoNetDatabase> Resolve);
