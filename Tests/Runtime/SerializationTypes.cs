using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Tests.Runtime;

public enum Tier
{
    Basic,
    Gold,
}

[GenerateSerializer]
public sealed record Address([property: Id(0)] string Street, [property: Id(1)] string City);

[GenerateSerializer]
public sealed class Everything
{
    [Id(0)]
    public string? Text { get; set; }

    [Id(1)]
    public int Number { get; set; }

    [Id(2)]
    public long Big { get; set; }

    [Id(3)]
    public decimal Money { get; set; }

    [Id(4)]
    public Guid Key { get; set; }

    [Id(5)]
    public DateTimeOffset At { get; set; }

    [Id(6)]
    public Tier Tier { get; set; }

    [Id(7)]
    public int? Maybe { get; set; }

    [Id(8)]
    public List<Address> Addresses { get; set; } = [];

    [Id(9)]
    public Dictionary<string, int> Counts { get; set; } = [];

    [Id(10)]
    public byte[]? Blob { get; set; }

    [Id(11)]
    public TimeSpan Span { get; set; }

    [Id(12)]
    public double Ratio { get; set; }

    [Id(13)]
    public bool Flag { get; set; }

    [Id(14)]
    public Address? Home { get; set; }

    [Id(15)]
    public int[] Numbers { get; set; } = [];

    [Id(16)]
    public HashSet<string> Tags { get; set; } = [];

    [Id(17)]
    public IReadOnlyList<long> Series { get; init; } = [];
}

[GenerateSerializer]
public sealed record PersonV1([property: Id(0)] string Name);

[GenerateSerializer]
public sealed record PersonV2([property: Id(0)] string Name, [property: Id(1)] string? Email, [property: Id(2)] int Age);

[GenerateSerializer]
public struct Point
{
    [Id(0)]
    public int X;

    [Id(1)]
    public int Y;
}

[GenerateSerializer]
public sealed class WithDefaults
{
    [Id(0)]
    public string Name { get; init; } = string.Empty;

    [Id(1)]
    public List<int> Items { get; set; } = [1, 2];
}
