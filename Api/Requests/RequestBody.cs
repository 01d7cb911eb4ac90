using System.Buffers;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;
using OrleansBackend.Api.Problems;

namespace OrleansBackend.Api.Requests;

/// <summary>
/// Reads a request's JSON object body: JSON media type (UTF-8) or 415, at most 64 KiB or 413, valid UTF-8 and
/// JSON or 400. Fields are parsed from the raw tokens so a number is never silently a string or a float.
/// </summary>
public static class RequestBody
{
    /// <summary>The largest body accepted.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Reads and parses the body; exactly one of the results is non-null.</summary>
    public static async ValueTask<(JsonFields? Fields, IResult? Problem)> ReadObjectAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.Problems.Result(ProblemTypes.UnsupportedMediaType, "Send the body as application/json in UTF-8."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } length ? (int)length + 1 : 4096);
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes + 1));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, MaxBytes + 1) - total), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > MaxBytes)
                {
                    return (null, TooLarge());
                }
            }

            var body = buffer.AsSpan(0, total);
            if (!Utf8.IsValid(body))
            {
                return (null, BodyError("The body is not valid UTF-8."));
            }

            var fields = JsonFields.Parse(body, out var error);
            return fields is null ? (null, BodyError(error!)) : (fields, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var type = mediaType.MediaType;
        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = mediaType.Charset;
        return json && (!charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    private static IResult TooLarge() =>
        Problems.Problems.Result(ProblemTypes.PayloadTooLarge, $"Request bodies may be at most {MaxBytes} bytes.");

    private static IResult BodyError(string message) =>
        Problems.Problems.Validation(new Dictionary<string, string[]> { ["body"] = [message] });
}
