using System.Text;
using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>The cluster secret as HMAC key bytes.</summary>
internal static class ClusterSecret
{
    public const int MinimumLength = 16;

    public static byte[] Bytes(ClusterOptions options) =>
        options.Secret is { Length: >= MinimumLength } secret
            ? Encoding.UTF8.GetBytes(secret)
            : throw new InvalidOperationException($"{ClusterOptions.SectionName}:Secret must be set to at least {MinimumLength} characters for a cluster.");
}
