using System.Buffers.Binary;
using System.Buffers.Text;

namespace OrleansBackend.Api.Requests;

/// <summary>The opaque <c>next</c>/<c>before</c> cursor of transaction pages: a versioned ledger position in base64url.</summary>
public static class TransactionCursor
{
    private const byte Version = 1;

    /// <summary>The cursor for the page that starts below ledger position <paramref name="before"/>.</summary>
    public static string Encode(long before)
    {
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], before);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a cursor; false for anything this service did not hand out.</summary>
    public static bool TryDecode(string cursor, out long before)
    {
        before = 0;
        Span<byte> bytes = stackalloc byte[12];
        if (cursor.Length != 12 || Base64Url.DecodeFromChars(cursor, bytes, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != 9 || bytes[0] != Version)
        {
            return false;
        }

        before = BinaryPrimitives.ReadInt64BigEndian(bytes[1..9]);
        return before >= 1;
    }
}
