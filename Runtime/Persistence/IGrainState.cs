namespace OrleansBackend.Runtime.Persistence;

/// <summary>The state object a storage provider reads into and writes from.</summary>
public interface IGrainState<TState>
{
    /// <summary>The state value.</summary>
    TState State { get; set; }

    /// <summary>The version the provider last saw; null when no record exists.</summary>
    string? ETag { get; set; }

    /// <summary>True when a record exists.</summary>
    bool RecordExists { get; set; }
}
