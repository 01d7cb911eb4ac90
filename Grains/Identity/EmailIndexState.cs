using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Identity;

/// <summary>The durable state of an e-mail address: who owns it and its recent failed logins.</summary>
[GenerateSerializer]
public sealed class EmailIndexState
{
    [Id(0)]
    public string? UserId { get; set; }

    [Id(1)]
    public List<DateTimeOffset> Failures { get; set; } = [];
}
