using Orleans;
using Orleans.Runtime;

namespace OrleansBackend.Grains.Interfaces.Storage;

/// <summary>
/// Grain storage refused an operation without attempting it, or gave up on a database that did not answer in time: the
/// database is down or slow and the silo's circuit breaker protects it (and its callers) from more waiting. When the
/// circuit was open the operation certainly did not reach the database. Callers should try again after
/// <see cref="RetryAfter"/>; the Api answers 503 with that <c>Retry-After</c>. It crosses the Orleans wire as itself.
/// </summary>
[GenerateSerializer, Alias("OrleansBackend.StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    /// <summary>Creates the exception with no details (for the serializer).</summary>
    public StorageUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, naming the storage.</param>
    /// <param name="retryAfter">How long until the storage is worth trying again.</param>
    public StorageUnavailableException(string message, TimeSpan retryAfter)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long until the storage is worth trying again (the rest of the circuit's break).</summary>
    [Id(0)]
    public TimeSpan RetryAfter { get; private set; }
}
