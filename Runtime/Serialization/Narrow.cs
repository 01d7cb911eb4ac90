namespace OrleansBackend.Runtime.Serialization;

/// <summary>Range checks for values read from the wire: out-of-range input is corrupt input, not an overflow.</summary>
internal static class Narrow
{
    public static int ToInt32(long value) => (int)Signed(value, int.MinValue, int.MaxValue);

    public static long Signed(long value, long min, long max) =>
        value < min || value > max ? throw new SerializationException($"The value {value} does not fit the field's type.") : value;

    public static ulong Unsigned(ulong value, ulong max) =>
        value > max ? throw new SerializationException($"The value {value} does not fit the field's type.") : value;

    public static DateTime ToDateTime(long binary)
    {
        try
        {
            return DateTime.FromBinary(binary);
        }
        catch (ArgumentException)
        {
            throw new SerializationException("A DateTime is out of range.");
        }
    }
}
