namespace OrleansBackend.Api.RateLimiting;

/// <summary>Rate limits (configuration section <c>RateLimiting</c>); token buckets per client address and per token.</summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RateLimiting";

    /// <summary>False turns rate limiting off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests from one client address.</summary>
    public TokenBucketSettings PerClientAddress { get; set; } = new() { Burst = 200, TokensPerPeriod = 100 };

    /// <summary>Requests with one bearer token.</summary>
    public TokenBucketSettings PerToken { get; set; } = new() { Burst = 100, TokensPerPeriod = 50 };
}

/// <summary>A token bucket: up to <see cref="Burst"/> requests at once, refilled by <see cref="TokensPerPeriod"/> every <see cref="Period"/>.</summary>
public sealed class TokenBucketSettings
{
    /// <summary>The bucket's size.</summary>
    public int Burst { get; set; }

    /// <summary>Tokens added every <see cref="Period"/>.</summary>
    public int TokensPerPeriod { get; set; }

    /// <summary>How often tokens are added (default one second).</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);
}
