namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>What a database failure means for the operation that hit it.</summary>
internal enum StorageFailureKind
{
    /// <summary>Nothing was applied and trying again may work (no connection, deadlock, busy database).</summary>
    Retryable,

    /// <summary>Nothing was applied and trying again the same way will fail again (the database refused it).</summary>
    Rejected,

    /// <summary>The connection broke while the database was working: the operation may or may not have been applied.</summary>
    Unknown,
}
