namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>The Prometheus type an instrument is exposed as.</summary>
internal enum MetricKind
{
    /// <summary>A monotonic sum (Counter, ObservableCounter): <c>_total</c>.</summary>
    Counter,

    /// <summary>A value that goes up and down (UpDownCounter, Gauge and their observable forms).</summary>
    Gauge,

    /// <summary>A distribution with explicit buckets.</summary>
    Histogram,
}
