namespace OrleansBackend.Api.RateLimiting;

/// <summary>Rate limits (configuration section <c>RateLimiting</c>); token buckets per client address and per token.</summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RateLimiting";

    /// <summary>False turns rate limiting off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests from one client address.</summary>
    public TokenBucketSettings PerClientAddress { get; set; } = new() { Burst = 200, PerSecond = 100 };

    /// <summary>Requests with one bearer token.</summary>
    public TokenBucketSettings PerToken { get; set; } = new() { Burst = 100, PerSecond = 50 };
}

/// <summary>A token bucket: up to <see cref="Burst"/> at once, refilled by <see cref="PerSecond"/> each second.</summary>
public sealed class TokenBucketSettings
{
    /// <summary>The bucket's size.</summary>
    public int Burst { get; set; }

    /// <summary>Tokens added per second.</summary>
    public int PerSecond { get; set; }
}
