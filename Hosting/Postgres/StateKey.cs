namespace OrleansBackend.Hosting.Postgres;

/// <summary>Which row a state write touches (within the storage's service id).</summary>
/// <param name="GrainType">The grain id's type, e.g. <c>account</c>.</param>
/// <param name="GrainId">The grain id's key.</param>
/// <param name="StateName">The state name the grain's <c>[PersistentState]</c> gives.</param>
internal readonly record struct StateKey(string GrainType, string GrainId, string StateName);
