namespace OrleansBackend.Runtime.Serialization;

/// <summary>Thrown when bytes cannot be read as the expected value (truncated or corrupt input).</summary>
public sealed class SerializationException : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public SerializationException(string message)
        : base(message)
    {
    }
}
