namespace OrleansBackend.Runtime.Hosting;

/// <summary>Call behaviour (configuration section <c>Messaging</c>).</summary>
public sealed class MessagingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Messaging";

    /// <summary>How long a caller waits for a response before it gets a <see cref="TimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
