using System.Buffers;
using OrleansBackend.Runtime.Serialization;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Runtime;

public sealed class SerializationTests
{
    [Fact]
    public void RichObjectRoundTrips()
    {
        var value = new Everything
        {
            Text = "héllo ✓",
            Number = -42,
            Big = long.MaxValue,
            Money = 12.50m,
            Key = Guid.NewGuid(),
            At = new DateTimeOffset(2026, 11, 22, 8, 30, 0, TimeSpan.FromHours(2)),
            Tier = Tier.Gold,
            Maybe = 7,
            Addresses = [new Address("1 Main St", "Springfield"), new Address("2 Side St", "Shelbyville")],
            Counts = new Dictionary<string, int> { ["a"] = 1, ["b"] = -2 },
            Blob = [1, 2, 3, 255],
            Span = TimeSpan.FromMilliseconds(1234.5),
            Ratio = 0.25,
            Flag = true,
            Home = null,
            Numbers = [3, 1, 4, 1, 5],
            Tags = ["x", "y"],
            Series = [10, 20, 30],
        };

        var copy = PayloadSerializer.Deserialize<Everything>(PayloadSerializer.Serialize(value));

        Assert.Equal(value.Text, copy.Text);
        Assert.Equal(value.Number, copy.Number);
        Assert.Equal(value.Big, copy.Big);
        Assert.Equal(value.Money, copy.Money);
        Assert.Equal(value.Key, copy.Key);
        Assert.Equal(value.At, copy.At);
        Assert.Equal(value.At.Offset, copy.At.Offset);
        Assert.Equal(value.Tier, copy.Tier);
        Assert.Equal(value.Maybe, copy.Maybe);
        Assert.Equal(value.Addresses, copy.Addresses);
        Assert.Equal(value.Counts, copy.Counts);
        Assert.Equal(value.Blob, copy.Blob);
        Assert.Equal(value.Span, copy.Span);
        Assert.Equal(value.Ratio, copy.Ratio);
        Assert.True(copy.Flag);
        Assert.Null(copy.Home);
        Assert.Equal(value.Numbers, copy.Numbers);
        Assert.Equal(value.Tags, copy.Tags);
        Assert.Equal(value.Series, copy.Series);
    }

    [Fact]
    public void NewerWriterOlderReaderSkipsAddedFields()
    {
        var bytes = PayloadSerializer.Serialize(new PersonV2("Ada", "ada@example.com", 36));

        var old = Read<PersonV1>(bytes);

        Assert.Equal("Ada", old.Name);
    }

    [Fact]
    public void OlderWriterNewerReaderLeavesAddedFieldsAtTheirDefaults()
    {
        var bytes = PayloadSerializer.Serialize(new PersonV1("Grace"));

        var newer = Read<PersonV2>(bytes);

        Assert.Equal(new PersonV2("Grace", null, 0), newer);
    }

    [Fact]
    public void MissingSettableMemberKeepsItsInitializer()
    {
        var bytes = PayloadSerializer.Serialize(new PersonV1("only a name"));

        var value = Read<WithDefaults>(bytes);

        Assert.Equal("only a name", value.Name);
        Assert.Equal([1, 2], value.Items);
    }

    [Fact]
    public void StructRoundTrips()
    {
        var copy = PayloadSerializer.Deserialize<Point>(PayloadSerializer.Serialize(new Point { X = -3, Y = 9 }));

        Assert.Equal(-3, copy.X);
        Assert.Equal(9, copy.Y);
    }

    [Fact]
    public void CorruptInputThrowsOnlySerializationException()
    {
        var valid = PayloadSerializer.Serialize(new Everything
        {
            Text = "abc",
            Addresses = [new Address("s", "c")],
            Counts = new Dictionary<string, int> { ["k"] = 5 },
            Numbers = [1, 2, 3],
            Maybe = 4,
        });
        var random = new Random(1234);
        var inputs = new List<byte[]>();
        for (var length = 0; length < valid.Length; length++)
        {
            inputs.Add(valid[..length]);
        }

        for (var i = 0; i < 5000; i++)
        {
            var mutated = (byte[])valid.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            inputs.Add(mutated);
            var noise = new byte[random.Next(1, 64)];
            random.NextBytes(noise);
            inputs.Add(noise);
        }

        foreach (var input in inputs)
        {
            try
            {
                PayloadSerializer.Deserialize<Everything>(input);
            }
            catch (SerializationException)
            {
                // Expected for most inputs; anything else fails the test.
            }
        }
    }

    [Fact]
    public void DeeplyNestedInputIsRejected()
    {
        var bytes = new byte[1000];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((1 << 3) | (int)WireType.StartObject);
        }

        Assert.Throws<SerializationException>(() => PayloadSerializer.Deserialize<PersonV1>(bytes));
    }

    [Fact]
    public void KnownExceptionTypeComesBackAsItself()
    {
        var original = Capture(() => throw new AccountFrozenException("frozen"));

        var copy = RoundTrip(original);

        var frozen = Assert.IsType<AccountFrozenException>(copy);
        Assert.Equal("frozen", frozen.Message);
        Assert.Contains(nameof(Capture), frozen.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void InnerExceptionTravelsToo()
    {
        var original = new InvalidOperationException("outer", new ArgumentException("inner"));

        var copy = RoundTrip(original);

        Assert.IsType<InvalidOperationException>(copy);
        Assert.IsType<ArgumentException>(copy.InnerException);
        Assert.Equal("inner", copy.InnerException!.Message);
    }

    [Fact]
    public void UnknownExceptionTypeBecomesARemoteExceptionThatNamesIt()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new ValueWriter(buffer);
        writer.WriteStartObject(0);
        writer.WriteStringField(0, "Somewhere.Else.LedgerClosedException, Somewhere.Else");
        writer.WriteStringField(1, "ledger closed");
        writer.WriteEndObject();
        writer.Commit();

        var reader = new ValueReader(buffer.WrittenSpan);
        Assert.True(reader.TryReadField(out _, out var wireType));
        var copy = ExceptionCodec.Read(ref reader, wireType);

        var remote = Assert.IsType<RemoteException>(copy);
        Assert.Equal("Somewhere.Else.LedgerClosedException", remote.OriginalTypeName);
        Assert.Equal("ledger closed", remote.Message);
    }

    private static T Read<T>(byte[] bytes) => PayloadSerializer.Deserialize<T>(bytes);

    private static Exception Capture(Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            return exception;
        }

        throw new InvalidOperationException("nothing thrown");
    }

    private static Exception RoundTrip(Exception exception)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new ValueWriter(buffer);
        ExceptionCodec.Write(ref writer, 3, exception);
        writer.Commit();
        var reader = new ValueReader(buffer.WrittenSpan);
        Assert.True(reader.TryReadField(out var id, out var wireType));
        Assert.Equal(3u, id);
        return ExceptionCodec.Read(ref reader, wireType)!;
    }
}
