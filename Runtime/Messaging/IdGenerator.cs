namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// Cheap unique ids: each thread takes blocks of ids from a shared counter, so the common case is a
/// thread-local increment. Chain ids add a random per-process offset so that silos do not share chains.
/// </summary>
internal static class IdGenerator
{
    private const long BlockSize = 4096;
    private static readonly long ChainOffset = Random.Shared.NextInt64(1, long.MaxValue / 2);
    private static long _nextBlock;

    [ThreadStatic]
    private static long _next;

    [ThreadStatic]
    private static long _limit;

    /// <summary>A call id, unique within this process, never 0.</summary>
    public static long NextCallId()
    {
        if (_next == _limit)
        {
            var start = Interlocked.Add(ref _nextBlock, BlockSize) - BlockSize + 1;
            _next = start;
            _limit = start + BlockSize;
        }

        return _next++;
    }

    /// <summary>A call-chain id, unique within this process and unlikely to collide across processes; never 0.</summary>
    public static long NextChainId() => NextCallId() + ChainOffset;
}
