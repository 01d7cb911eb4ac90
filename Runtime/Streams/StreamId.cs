namespace OrleansBackend.Runtime.Streams;

/// <summary>
/// Names a stream: a namespace (what kind of events, for example <c>user</c>) and a key within it (for example a
/// user id). A grain whose class carries <see cref="ImplicitStreamSubscriptionAttribute"/> for the namespace and
/// whose key equals the stream key receives the stream's events without subscribing.
/// </summary>
public readonly record struct StreamId
{
    private StreamId(string @namespace, string key)
    {
        Namespace = @namespace;
        Key = key;
    }

    /// <summary>The stream's namespace.</summary>
    public string Namespace { get; }

    /// <summary>The stream's key within its namespace.</summary>
    public string Key { get; }

    /// <summary>Creates a stream id.</summary>
    /// <exception cref="ArgumentException">The namespace is empty or contains '/'.</exception>
    public static StreamId Create(string @namespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentNullException.ThrowIfNull(key);
        if (@namespace.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A stream namespace cannot contain '/'.", nameof(@namespace));
        }

        return new StreamId(@namespace, key);
    }

    /// <summary>A stream id as the store recorded it (no validation: the outbox accepts any namespace).</summary>
    internal static StreamId FromStore(string @namespace, string key) => new(@namespace, key);

    /// <summary>The <c>namespace/key</c> form.</summary>
    public override string ToString() => $"{Namespace}/{Key}";
}
