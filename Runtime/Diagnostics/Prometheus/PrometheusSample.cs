namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>One sample line of a Prometheus text exposition.</summary>
/// <param name="Name">The sample's name (a histogram's samples end in <c>_bucket</c>, <c>_sum</c>, <c>_count</c>).</param>
/// <param name="Labels">Its labels, unescaped.</param>
/// <param name="Value">Its value.</param>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>A label's value, or the empty string when the sample has no such label.</summary>
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : string.Empty;
}
